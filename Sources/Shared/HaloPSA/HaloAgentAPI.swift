/// The HaloPSA calls made as one agent, with that agent's own credential, so HaloPSA's permissions for
/// the agent apply: what the tools and the semantic-search permission checks use. ``HaloClient`` is
/// the one production implementation; the seam lets in-process tests script HaloPSA's answers.
public protocol HaloAgentAPI: Sendable {
    /// One page of tickets matching `query`.
    func tickets(_ query: TicketQuery, page: Int, pageSize: Int, as credential: HaloCredential) async throws -> TicketPage
    /// One ticket with its details.
    func ticket(_ id: Int, as credential: HaloCredential) async throws -> Ticket
    /// Creates a ticket.
    func createTicket(_ ticket: NewTicket, as credential: HaloCredential) async throws -> Ticket
    /// Changes a ticket's fields.
    func updateTicket(_ changes: TicketChanges, as credential: HaloCredential) async throws -> Ticket
    /// Which of `ids` the agent may see (a ticket HaloPSA leaves out is hidden).
    func listedTicketIDs(among ids: [Int], as credential: HaloCredential) async throws -> Set<Int>
    /// A ticket's actions, oldest first.
    func actions(ticketID: Int, excludePrivate: Bool, as credential: HaloCredential) async throws -> ActionHistory
    /// Adds an action (a note, an email, a workflow step) to a ticket.
    func createAction(_ action: NewAction, as credential: HaloCredential) async throws -> Action
    /// The ticket statuses.
    func statuses(as credential: HaloCredential) async throws -> [Status]
    /// The teams (all of them with `showAll`, else those the agent belongs to or may see).
    func teams(showAll: Bool, as credential: HaloCredential) async throws -> [Team]
    /// The ticket types.
    func ticketTypes(as credential: HaloCredential) async throws -> [TicketType]
    /// One ticket type with its details.
    func ticketType(_ id: Int, as credential: HaloCredential) async throws -> TicketType
    /// One client (customer).
    func client(_ id: Int, as credential: HaloCredential) async throws -> Client
    /// The assets linked to a ticket.
    func assets(ticketID: Int, as credential: HaloCredential) async throws -> [Asset]
    /// One workflow with its steps.
    func workflow(_ id: Int, as credential: HaloCredential) async throws -> Workflow
    /// The outcomes (actions an agent can take), optionally narrowed to a ticket type or workflow step.
    func outcomes(ticketTypeID: Int?, workflowID: Int?, workflowStep: Int?, as credential: HaloCredential) async throws
        -> [Outcome]
    /// The agent the credential acts as.
    func me(as credential: HaloCredential) async throws -> Agent
    /// How much of the tenant's request budget is in use.
    func budgetUsage() -> HaloBudgetUsage
}

extension HaloAgentAPI {
    /// The teams the agent belongs to or may see.
    public func teams(as credential: HaloCredential) async throws -> [Team] {
        try await teams(showAll: false, as: credential)
    }

    /// Every outcome.
    public func outcomes(as credential: HaloCredential) async throws -> [Outcome] {
        try await outcomes(ticketTypeID: nil, workflowID: nil, workflowStep: nil, as: credential)
    }
}

extension HaloClient: HaloAgentAPI {}
