import Foundation

/// One HaloPSA ticket as the chunker sees it: the indexer maps the HaloPSA client's types into this,
/// so chunking depends on nothing but plain values.
public struct TicketDocument: Sendable, Codable, Equatable {
    /// HaloPSA ticket id.
    public var id: Int
    /// The ticket's summary line.
    public var summary: String
    /// The ticket body, HTML or plain text.
    public var details: String
    /// Client (customer) id, if any.
    public var clientID: Int?
    /// Client name, if any.
    public var clientName: String?
    /// Ticket type name, e.g. `Incident`.
    public var ticketTypeName: String?
    /// Status id, if any.
    public var statusID: Int?
    /// Status name, e.g. `In Progress`.
    public var statusName: String?
    /// Team id, if any.
    public var teamID: Int?
    /// Team name, if any.
    public var teamName: String?
    /// Assigned agent id, if any.
    public var agentID: Int?
    /// Assigned agent name, if any.
    public var agentName: String?
    /// Priority label, if any.
    public var priority: String?
    /// Category label, if any.
    public var category: String?
    /// When the issue occurred (the ticket's `dateoccurred`).
    public var dateOccurred: Date?
    /// The latest action date (`lastactiondate`); the indexer's high-water mark is built from it.
    public var lastActionDate: Date?
    /// Whether the ticket is still open.
    public var isOpen: Bool
    /// The ticket's actions, in any order (the chunker sorts them by date, then id).
    public var actions: [ActionDocument]

    /// Creates a document; every field but `id` and `summary` has an empty default.
    public init(
        id: Int, summary: String, details: String = "",
        clientID: Int? = nil, clientName: String? = nil, ticketTypeName: String? = nil,
        statusID: Int? = nil, statusName: String? = nil, teamID: Int? = nil, teamName: String? = nil,
        agentID: Int? = nil, agentName: String? = nil, priority: String? = nil, category: String? = nil,
        dateOccurred: Date? = nil, lastActionDate: Date? = nil, isOpen: Bool = true,
        actions: [ActionDocument] = []
    ) {
        self.id = id
        self.summary = summary
        self.details = details
        self.clientID = clientID
        self.clientName = clientName
        self.ticketTypeName = ticketTypeName
        self.statusID = statusID
        self.statusName = statusName
        self.teamID = teamID
        self.teamName = teamName
        self.agentID = agentID
        self.agentName = agentName
        self.priority = priority
        self.category = category
        self.dateOccurred = dateOccurred
        self.lastActionDate = lastActionDate
        self.isOpen = isOpen
        self.actions = actions
    }
}

/// One action (note, email, status change) on a ticket.
public struct ActionDocument: Sendable, Codable, Equatable {
    /// HaloPSA action id.
    public var id: Int
    /// The action's outcome name, e.g. `Email Sent`.
    public var outcomeName: String?
    /// Who performed the action.
    public var who: String?
    /// When the action happened.
    public var date: Date?
    /// The note, HTML or plain text; an empty note produces no chunk.
    public var note: String
    /// Private (internal) notes are indexed but only ever shown after the per-user check.
    public var isPrivate: Bool

    /// Creates an action document.
    public init(id: Int, outcomeName: String? = nil, who: String? = nil, date: Date? = nil, note: String, isPrivate: Bool = false) {
        self.id = id
        self.outcomeName = outcomeName
        self.who = who
        self.date = date
        self.note = note
        self.isPrivate = isPrivate
    }
}
