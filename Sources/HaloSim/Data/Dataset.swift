/// The data a simulator serves: the organisation, the tickets and any actions already written out.
struct Dataset: Sendable {
    var organisation: Organisation
    var tickets: [Ticket]
    var actions: [Int: [Action]]

    /// The deterministic generated dataset for `seed` with `ticketCount` tickets.
    static func generated(seed: UInt64, ticketCount: Int) -> Dataset {
        var generator = OrganisationGenerator(seed: seed)
        let (clients, sites, users, assets) = generator.clients()
        let agents = generator.agents(clientIDs: clients.map(\.id))
        let organisation = Organisation(
            clients: clients, sites: sites, users: users, assets: assets, teams: ReferenceData.teams, agents: agents)
        let tickets = TicketGenerator(seed: seed, organisation: organisation).tickets(count: max(ticketCount, 0))
        return Dataset(organisation: organisation, tickets: tickets, actions: [:])
    }
}
