/// One entry of a ticket's `workflow_history`: a move between steps caused by an action.
struct WorkflowHistoryEntry: Sendable {
    var id: Int
    var flowID: Int
    var movedFrom: Int
    var movedTo: Int
    var movedDate: Int
    var actionID: Int
}

/// A Halo custom field value on a ticket or client.
struct CustomFieldValue: Sendable {
    var id: Int
    var name: String
    var label: String
    var value: String
}

/// A ticket (`Faults`). Times are seconds since 1970 (UTC).
struct Ticket: Sendable {
    var id: Int
    var summary: String
    /// Details as HTML; nil while the generated text has not been replaced (see `TicketStory`).
    var detailsHTML: String?
    var statusID: Int
    var ticketTypeID: Int
    var priorityID: Int
    var clientID: Int
    var siteID: Int
    var userID: Int
    var teamID: Int
    var agentID: Int
    var category1: String
    var dateOccurred: Int
    var dateCreated: Int
    var dateClosed: Int?
    var lastActionDate: Int
    var lastUpdate: Int
    var workflowID: Int
    var workflowStep: Int
    var workflowStepStarted: Int
    var workflowHistory: [WorkflowHistoryEntry]
    var hasBeenClosed: Bool
    var onHold: Bool = false
    var flagged: Bool = false
    var deleted: Bool = false
    var assetIDs: [Int] = []
    var customFields: [CustomFieldValue] = []
    /// Index of the generator's scenario behind this ticket's text (nil for fixture or API-created tickets).
    var scenario: Int?
    /// How many actions the generator planned (they are materialised lazily).
    var plannedActions: [PlannedAction] = []
}

/// What the generator decided an action is (outcome, time, status change, author); its text is written
/// lazily by `TicketStory` so a 100 000-ticket dataset stays small in memory.
struct PlannedAction: Sendable {
    var outcomeID: Int
    var time: Int
    var oldStatus: Int
    var newStatus: Int
    /// Agent id of the author, or nil when the end user wrote it.
    var agentID: Int?
    var timeTaken: Double
}

/// An action on a ticket (`Actions`): a note, e-mail, time entry or workflow transition.
/// Ids are numbered per ticket, which is why Halo needs `ticket_id` to fetch one.
struct Action: Sendable {
    var id: Int
    var ticketID: Int
    var outcomeID: Int
    var outcomeName: String
    /// Display name of the author.
    var who: String
    /// 1 = agent, 2 = end user.
    var whoType: Int
    var whoAgentID: Int?
    var time: Int
    var note: String
    var noteHTML: String
    var hiddenFromUser: Bool
    var important: Bool = false
    var timeTaken: Double
    var oldStatus: Int
    var newStatus: Int
    var emailSubject: String? = nil
    var emailTo: String? = nil
    var emailFrom: String? = nil
    var actionByApplicationID: String? = nil
}
