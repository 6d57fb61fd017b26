import Foundation
import HMCPServe
@testable import Shared
import Synchronization

/// A HaloPSA scripted in memory for in-process tests: agents known by their HaloPSA access token, and
/// tickets each visible to some agents. A ticket an agent may not see answers 403, as HaloPSA does;
/// whatever is not scripted answers 404. Counts the calls it answers.
final class ScriptedHalo: HaloUserAPI, HaloAgentAPI {
    private struct State {
        var agents: [String: Agent] = [:]
        var tickets: [Int: (ticket: Ticket, visibleTo: Set<Int>)] = [:]
        var calls = 0
    }

    private let state = Mutex(State())

    /// The HaloPSA access token the scripted sign-in hands agent `id`.
    static func accessToken(ofAgent id: Int) -> String { "scripted-halo-access-\(id)" }

    /// Adds an agent who can sign in.
    func addAgent(_ agent: Agent) {
        state.withLock { $0.agents[Self.accessToken(ofAgent: agent.id)] = agent }
    }

    /// Adds a ticket that only the agents `visibleTo` may see.
    func addTicket(_ ticket: Ticket, visibleTo agents: Set<Int>) {
        state.withLock { $0.tickets[ticket.id] = (ticket, agents) }
    }

    /// How many HaloPSA calls were answered.
    var calls: Int { state.withLock { $0.calls } }

    // MARK: HaloUserAPI

    func authorizationURL(redirectURI: String, state: String, codeChallenge: String, scope: String?) async -> String {
        "https://halo.invalid/auth/authorize?state=\(state)"
    }

    func exchangeCode(_ code: String, redirectURI: String, codeVerifier: String) async throws -> HaloToken {
        throw HaloAPIError(kind: .badRequest, status: 400, message: "scripted HaloPSA signs nobody in", oauthError: "invalid_grant")
    }

    func refresh(_ refreshToken: String) async throws -> HaloToken {
        throw HaloAPIError(kind: .badRequest, status: 400, message: "scripted HaloPSA refreshes nothing", oauthError: "invalid_grant")
    }

    func me(as credential: HaloCredential) async throws -> Agent { try agent(credential) }

    // MARK: HaloAgentAPI

    func ticket(_ id: Int, as credential: HaloCredential) async throws -> Ticket {
        let agent = try agent(credential)
        guard let entry = state.withLock({ $0.tickets[id] }) else { throw Self.missing("ticket \(id)") }
        guard entry.visibleTo.contains(agent.id) else {
            throw HaloAPIError(kind: .forbidden, status: 403, message: "You do not have permission to view this ticket")
        }
        return entry.ticket
    }

    func tickets(_ query: TicketQuery, page: Int, pageSize: Int, as credential: HaloCredential) async throws -> TicketPage {
        let agent = try agent(credential)
        let visible = state.withLock { $0.tickets.values.filter { $0.visibleTo.contains(agent.id) }.map(\.ticket) }
            .sorted { $0.id < $1.id }
        let pageTickets = Array(visible.dropFirst((page - 1) * pageSize).prefix(pageSize))
        return TicketPage(tickets: pageTickets, recordCount: visible.count, pageNumber: page, pageSize: pageSize)
    }

    func listedTicketIDs(among ids: [Int], as credential: HaloCredential) async throws -> Set<Int> {
        let agent = try agent(credential)
        return state.withLock { state in Set(ids.filter { state.tickets[$0]?.visibleTo.contains(agent.id) == true }) }
    }

    func createTicket(_ ticket: NewTicket, as credential: HaloCredential) async throws -> Ticket { throw Self.missing("Tickets") }
    func updateTicket(_ changes: TicketChanges, as credential: HaloCredential) async throws -> Ticket { throw Self.missing("Tickets") }
    func actions(ticketID: Int, excludePrivate: Bool, as credential: HaloCredential) async throws -> ActionHistory {
        _ = try await ticket(ticketID, as: credential)
        return ActionHistory(actions: [], recordCount: 0)
    }
    func createAction(_ action: NewAction, as credential: HaloCredential) async throws -> Action { throw Self.missing("Actions") }
    func statuses(as credential: HaloCredential) async throws -> [Status] { _ = try agent(credential); return [] }
    func teams(showAll: Bool, as credential: HaloCredential) async throws -> [Team] { _ = try agent(credential); return [] }
    func ticketTypes(as credential: HaloCredential) async throws -> [TicketType] { _ = try agent(credential); return [] }
    func ticketType(_ id: Int, as credential: HaloCredential) async throws -> TicketType { throw Self.missing("ticket type \(id)") }
    func client(_ id: Int, as credential: HaloCredential) async throws -> Client { throw Self.missing("client \(id)") }
    func assets(ticketID: Int, as credential: HaloCredential) async throws -> [Asset] { _ = try agent(credential); return [] }
    func workflow(_ id: Int, as credential: HaloCredential) async throws -> Workflow { throw Self.missing("workflow \(id)") }
    func outcomes(ticketTypeID: Int?, workflowID: Int?, workflowStep: Int?, as credential: HaloCredential) async throws
        -> [Outcome]
    {
        _ = try agent(credential)
        return []
    }

    func budgetUsage() -> HaloBudgetUsage { HaloBudgetUsage(inUse: 0, background: nil, limit: 700, window: .seconds(300), shared: false) }

    // MARK: Helpers

    /// The agent `credential` acts as; an unknown token answers 401, as HaloPSA does.
    private func agent(_ credential: HaloCredential) throws -> Agent {
        try state.withLock { state in
            state.calls += 1
            guard case .user(let token) = credential, let agent = state.agents[token] else {
                throw HaloAPIError(kind: .unauthorized, status: 401, message: "Unauthorized")
            }
            return agent
        }
    }

    private static func missing(_ record: String) -> HaloAPIError {
        HaloAPIError(kind: .notFound, status: 404, message: "\(record) not found")
    }
}
