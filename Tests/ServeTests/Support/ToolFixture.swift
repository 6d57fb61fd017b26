import Foundation
import HaloSim
@testable import HMCPServe
import Shared

/// The simulator records the tool tests work on, chosen through HaloPSA's API as the service account
/// (which sees everything) and the simulator's visibility oracle: a narrow agent, a ticket that agent can
/// see and move through its workflow, a ticket with assets, and a ticket only other agents may see.
struct ToolFixture: Sendable {
    /// The agent that signs in (one team, no unassigned or other-agent access).
    let agent: SeededAccounts.AgentAccount
    /// A ticket the agent sees, not closed, with a workflow transition available now.
    let ticket: Ticket
    /// What `ticket` can do now.
    let available: AvailableActions
    /// A transition valid at `ticket`'s step.
    let transition: AvailableActions.Choice
    /// An outcome that exists but is not valid at `ticket`'s step.
    let invalidOutcomeID: Int
    /// A ticket the agent sees with at least one asset (or `ticket` when none has one), and its asset count.
    let assetTicketID: Int
    let assetCount: Int
    /// A ticket assigned to another agent that the agent may not see.
    let hidden: Ticket
    /// The service account's client, for checking what happened in the simulator.
    let service: HaloClient

    static func make(_ stack: LiveStack) async throws -> ToolFixture {
        let seeded = stack.simulator.seeded
        guard let agent = seeded.agent(id: seeded.narrowAgentID) else { throw StackError("no narrow agent") }
        let service = HaloClient(
            settings: HaloSettings(
                baseURL: stack.simulator.baseURL, serviceClientID: SeededAccounts.Credentials.serviceClientID,
                serviceClientSecret: SeededAccounts.Credentials.serviceClientSecret, requestTimeout: 10, maxRetries: 0))
        let oracle = try await stack.http.send(.GET, stack.simulator.baseURL + "/_sim/visibility?agent_id=\(agent.id)")
        let visible = oracle.json["ticket_ids"] as? [Int] ?? []

        var chosen: (Ticket, AvailableActions, AvailableActions.Choice)?
        var assetTicket: (id: Int, count: Int)?
        for id in visible {
            if chosen == nil {
                let (ticket, available) = try await AvailableActions.load(ticketID: id, halo: service, as: .serviceAccount)
                if ticket.hasBeenClosed != true, let move = available.choices.first(where: { $0.kind == .transition }) {
                    chosen = (ticket, available, move)
                }
            }
            if assetTicket == nil {
                let assets = try await service.assets(ticketID: id, as: .serviceAccount)
                if !assets.isEmpty { assetTicket = (id, assets.count) }
            }
            if chosen != nil, assetTicket != nil { break }
        }
        guard let chosen else {
            throw StackError("agent \(agent.id) sees no open ticket with a workflow transition among \(visible)")
        }
        let (ticket, available, transition) = chosen
        let valid = Set(available.choices.map(\.outcomeID))
        guard let invalid = (10...26).first(where: { !valid.contains($0) }) else { throw StackError("every outcome is valid") }
        let everything = try await service.tickets(page: 1, pageSize: 100, as: .serviceAccount).tickets
        guard let hidden = everything.first(where: { candidate in
            !visible.contains(candidate.id) && candidate.agentID != agent.id && candidate.agentID != Ticket.unassignedAgentID
        }) else { throw StackError("every ticket is visible to agent \(agent.id)") }
        return ToolFixture(
            agent: agent, ticket: ticket, available: available, transition: transition, invalidOutcomeID: invalid,
            assetTicketID: assetTicket?.id ?? ticket.id, assetCount: assetTicket?.count ?? 0, hidden: hidden,
            service: service)
    }
}
