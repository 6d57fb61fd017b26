import Foundation
import Synchronization

/// A change to a ticket, which `WebhookEmitter` reports as one delivery.
struct ChangeEvent: Sendable {
    /// Halo's event name, e.g. "New Ticket Logged", "Ticket Status Changed".
    var name: String
    /// The ticket after the change.
    var ticket: Ticket
    /// The action that caused it, when there is one.
    var action: Action?
    /// The agent who made the change.
    var agentID: Int
}

/// The tenant's tickets and actions, and every rule that reads or changes them. Reference data and the
/// organisation are immutable; tickets and actions live behind a mutex. Generated actions are written
/// lazily, the first time a ticket's actions are needed.
final class HelpdeskStore: Sendable {
    /// People and organisations.
    let organisation: Organisation
    /// Seed of generated text.
    let seed: UInt64

    struct State {
        var tickets: [Ticket]
        var positions: [Int: Int]
        /// Actions of tickets whose actions were materialised (read, written, or loaded from a fixture).
        var actions: [Int: [Action]]
        /// Last time stamped on a change (changes get strictly increasing times).
        var lastStamp: Int
        /// Lower-cased summary and details text per ticket, filled the first time a search needs it.
        var searchTexts: [Int: String] = [:]
    }

    let state: Mutex<State>
    /// The simulator's time, which stamps changes.
    let time: SimulatedTime

    /// A store over `tickets` (kept in ascending id order) with the given already-materialised actions,
    /// stamping changes by `time`.
    init(organisation: Organisation, seed: UInt64, tickets: [Ticket], actions: [Int: [Action]], time: SimulatedTime) {
        self.organisation = organisation
        self.seed = seed
        self.time = time
        let tickets = tickets.sorted { $0.id < $1.id }
        let positions = Dictionary(tickets.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { $1 })
        let latest = tickets.map(\.lastUpdate).max() ?? 0
        state = Mutex(State(tickets: tickets, positions: positions, actions: actions, lastStamp: latest))
    }

    /// Number of tickets (deleted included).
    var ticketCount: Int { state.withLock { $0.tickets.count } }

    // MARK: Reads

    /// One page of the tickets `viewer` may see that match `query`, with the total number matching.
    func tickets(matching query: TicketQuery, viewer: Agent) -> (page: [Ticket], total: Int) {
        let (all, materialised) = state.withLock { ($0.tickets, $0.actions) }
        let wanted = TicketFilter(query: query, viewer: viewer)
        var matching = all.filter { wanted.accepts($0) }
        if let search = query.search {
            let texts = searchableTexts(of: matching)
            matching = matching.filter { ticket in
                if String(ticket.id) == search || texts[ticket.id]?.contains(search) == true { return true }
                guard query.searchActions else { return false }
                let notes = materialised[ticket.id] ?? GeneratedActions.actions(of: ticket, seed: seed, organisation: organisation)
                return notes.contains { $0.note.lowercased().contains(search) }
            }
        }
        if query.order == .id {
            if query.descending { matching.reverse() }
        } else {
            matching.sort(by: TicketOrdering(field: query.order, descending: query.descending, organisation: organisation).precedes)
        }
        let total = matching.count
        if query.idsOnly { return (matching, total) }
        if query.paginate {
            let (start, overflow) = (query.pageNumber - 1).multipliedReportingOverflow(by: query.pageSize)
            guard !overflow, start < total else { return ([], total) }
            return (Array(matching[start..<min(start + query.pageSize, total)]), total)
        }
        return (Array(matching.prefix(max(query.count ?? TicketQuery.defaultCount, 0))), total)
    }

    /// The ticket with this id, if `viewer` may see it.
    func ticket(_ id: Int, viewer: Agent) throws(StoreError) -> Ticket {
        guard let ticket = state.withLock({ state in state.positions[id].map { state.tickets[$0] } }) else {
            throw .notFound("Ticket \(id) not found")
        }
        guard Visibility.agent(viewer, canSee: ticket) else {
            throw .hidden("You do not have permission to view this ticket")
        }
        return ticket
    }

    /// The actions of a ticket `viewer` may see.
    func actions(ofTicket id: Int, viewer: Agent) throws(StoreError) -> [Action] {
        let ticket = try ticket(id, viewer: viewer)
        return state.withLock { materialisedActions(of: ticket, in: &$0) }
    }

    /// Ids of every non-deleted ticket `agent` may see, ascending (the ground truth for leak tests).
    func visibleTicketIDs(of agent: Agent) -> [Int] {
        state.withLock { $0.tickets }.filter { !$0.deleted && Visibility.agent(agent, canSee: $0) }.map(\.id)
    }

    /// The ticket's details as HTML (generated text unless replaced).
    func detailsHTML(of ticket: Ticket) -> String {
        if let html = ticket.detailsHTML { return html }
        guard let scenario = ticket.scenario else { return "" }
        return TicketStory(seed: seed, ticket: ticket, scenario: ScenarioCatalogue.all[scenario], organisation: organisation)
            .detailsHTML()
    }

    /// The ticket's details as plain text.
    func plainDetails(of ticket: Ticket) -> String {
        GeneratedActions.plainText(ofHTML: detailsHTML(of: ticket))
    }

    /// Lower-cased summary + details of each ticket, from the cache or written now (and cached).
    private func searchableTexts(of tickets: [Ticket]) -> [Int: String] {
        var texts = state.withLock { $0.searchTexts }
        var fresh: [Int: String] = [:]
        for ticket in tickets where texts[ticket.id] == nil {
            let text = (ticket.summary + "\n" + plainDetails(of: ticket)).lowercased()
            fresh[ticket.id] = text
            texts[ticket.id] = text
        }
        if !fresh.isEmpty { state.withLock { $0.searchTexts.merge(fresh) { _, new in new } } }
        return texts
    }

    // MARK: Shared by the write paths

    /// The ticket's actions, materialising generated ones into `state` first.
    func materialisedActions(of ticket: Ticket, in state: inout State) -> [Action] {
        if let actions = state.actions[ticket.id] { return actions }
        let generated = GeneratedActions.actions(of: ticket, seed: seed, organisation: organisation)
        state.actions[ticket.id] = generated
        return generated
    }

    /// A strictly increasing "now" for stamping changes (never before the newest generated date).
    func stamp(_ state: inout State) -> Int {
        state.lastStamp = max(time.wholeSeconds, state.lastStamp + 1)
        return state.lastStamp
    }
}

/// The non-text filters of a ticket list query, plus visibility.
private struct TicketFilter {
    let query: TicketQuery
    let viewer: Agent

    func accepts(_ ticket: Ticket) -> Bool {
        if ticket.deleted != query.deleted { return false }
        if !Visibility.agent(viewer, canSee: ticket) { return false }
        if !query.agentIDs.isEmpty, !query.agentIDs.contains(ticket.agentID) { return false }
        if !query.teamIDs.isEmpty, !query.teamIDs.contains(ticket.teamID) { return false }
        if !query.clientIDs.isEmpty, !query.clientIDs.contains(ticket.clientID) { return false }
        if let site = query.siteID, site != ticket.siteID { return false }
        if let user = query.userID, user != ticket.userID { return false }
        if !query.statusIDs.isEmpty, !query.statusIDs.contains(ticket.statusID) { return false }
        if !query.ticketTypeIDs.isEmpty, !query.ticketTypeIDs.contains(ticket.ticketTypeID) { return false }
        if !query.ticketIDs.isEmpty, !query.ticketIDs.contains(ticket.id) { return false }
        if query.mineOnly, ticket.agentID != viewer.id { return false }
        let closed = ReferenceData.status(ticket.statusID)?.isClosed ?? false
        if query.openOnly, closed { return false }
        if query.closedOnly, !closed { return false }
        if let window = query.dateWindow {
            guard let value = window.field.value(of: ticket) else { return false }
            if let start = window.start, value < start { return false }
            if let end = window.end, value > end { return false }
        }
        return true
    }
}

/// The sort order of a ticket list; ties are broken by ticket id so paging is stable.
private struct TicketOrdering {
    let field: TicketQuery.OrderField
    let descending: Bool
    let organisation: Organisation

    func precedes(_ lhs: Ticket, _ rhs: Ticket) -> Bool {
        let order = compare(lhs, rhs)
        if order == 0 { return descending ? lhs.id > rhs.id : lhs.id < rhs.id }
        return descending ? order > 0 : order < 0
    }

    private func compare(_ lhs: Ticket, _ rhs: Ticket) -> Int {
        switch field {
        case .id: sign(lhs.id, rhs.id)
        case .dateOccurred: sign(lhs.dateOccurred, rhs.dateOccurred)
        case .lastActionDate: sign(lhs.lastActionDate, rhs.lastActionDate)
        case .lastUpdate: sign(lhs.lastUpdate, rhs.lastUpdate)
        case .summary: sign(lhs.summary.lowercased(), rhs.summary.lowercased())
        case .status: sign(lhs.statusID, rhs.statusID)
        case .priority: sign(lhs.priorityID, rhs.priorityID)
        case .agent: sign(lhs.agentID, rhs.agentID)
        case .client: sign(organisation.client(lhs.clientID)?.name ?? "", organisation.client(rhs.clientID)?.name ?? "")
        case .dateClosed: sign(lhs.dateClosed ?? 0, rhs.dateClosed ?? 0)
        }
    }

    private func sign<Value: Comparable>(_ lhs: Value, _ rhs: Value) -> Int { lhs < rhs ? -1 : lhs > rhs ? 1 : 0 }
}

extension HelpdeskStore {
    /// Open (not closed, not deleted) tickets of a client.
    func openTicketCount(clientID: Int) -> Int {
        state.withLock { $0.tickets }.reduce(0) { count, ticket in
            ticket.clientID == clientID && !ticket.deleted && ReferenceData.status(ticket.statusID)?.isClosed != true ? count + 1 : count
        }
    }
}
