import Foundation

/// One entry of a ticket's history (`Actions`): a note, an e-mail, a status change or a workflow transition.
public struct Action: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var ticketID: Int?
    /// The outcome's name, e.g. "Private Note".
    public var outcome: String?
    public var outcomeID: Int?
    /// Display name of whoever did it.
    public var who: String?
    public var whoType: Int?
    public var whoAgentID: Int?
    public var dateTime: Date?
    public var note: String?
    public var noteHTML: String?
    /// `true` for private notes that end users do not see.
    public var hiddenFromUser: Bool?
    public var important: Bool?
    /// Time taken, in hours.
    public var timeTaken: Double?
    public var oldStatus: Int?
    public var newStatus: Int?
    public var newStatusName: String?
    public var emailSubject: String?

    /// An action with only an id.
    public init(id: Int) { self.id = id }

    enum CodingKeys: String, CodingKey {
        case id, outcome, who, note, important
        case ticketID = "ticket_id", outcomeID = "outcome_id", whoType = "who_type", whoAgentID = "who_agentid"
        case dateTime = "datetime", noteHTML = "note_html", hiddenFromUser = "hiddenfromuser"
        case timeTaken = "timetaken", oldStatus = "old_status", newStatus = "new_status"
        case newStatusName = "new_status_name", emailSubject = "emailsubject"
    }
}

/// A new action (`POST /api/Actions`): a ticket, an outcome (by id or name) and optional note, time and status.
public struct NewAction: Encodable, Sendable, Equatable {
    public var ticketID: Int
    public var outcomeID: Int?
    public var outcome: String?
    public var note: String?
    public var noteHTML: String?
    public var hiddenFromUser: Bool?
    public var timeTaken: Double?
    public var newStatus: Int?

    /// An action on `ticketID`; set an outcome before posting it.
    public init(ticketID: Int) { self.ticketID = ticketID }

    enum CodingKeys: String, CodingKey {
        case outcome, note
        case ticketID = "ticket_id", outcomeID = "outcome_id", noteHTML = "note_html"
        case hiddenFromUser = "hiddenfromuser", timeTaken = "timetaken", newStatus = "new_status"
    }
}
