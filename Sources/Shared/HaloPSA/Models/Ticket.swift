import Foundation

/// A HaloPSA ticket (`Faults`): the list row's fields plus the detail-only ones. Every field is optional
/// because HaloPSA omits what a view does not include.
public struct Ticket: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var summary: String?
    public var details: String?
    public var detailsHTML: String?
    public var statusID: Int?
    public var statusName: String?
    public var ticketTypeID: Int?
    public var ticketTypeName: String?
    public var priorityID: Int?
    public var priorityName: String?
    public var slaID: Int?
    public var clientID: Int?
    public var clientName: String?
    public var siteID: Int?
    public var siteName: String?
    public var userID: Int?
    public var userName: String?
    /// The team's name (HaloPSA's `team`).
    public var team: String?
    /// The team's id: present in real payloads, webhook ones too, though not in HaloPSA's schema.
    public var teamID: Int?
    /// Agent 1 is HaloPSA's "Unassigned" placeholder.
    public var agentID: Int?
    public var agentName: String?
    public var category1: String?
    public var category2: String?
    public var dateOccurred: Date?
    public var dateCreated: Date?
    public var dateClosed: Date?
    public var lastActionDate: Date?
    public var lastUpdate: Date?
    public var hasBeenClosed: Bool?
    public var onHold: Bool?
    public var deleted: Bool?
    public var workflowID: Int?
    public var workflowStep: Int?
    public var workflowSeq: Int?
    public var workflowName: String?
    public var workflowStage: String?
    public var workflowStepStarted: Date?
    public var workflowHistory: [WorkflowHistoryEntry]?
    public var customFields: [CustomField]?

    /// The unassigned placeholder agent's id.
    public static let unassignedAgentID = 1

    /// A ticket with only an id (other fields can be set afterwards).
    public init(id: Int) { self.id = id }

    enum CodingKeys: String, CodingKey {
        case id, summary, details, team, deleted
        case detailsHTML = "details_html"
        case statusID = "status_id", statusName = "status_name"
        case ticketTypeID = "tickettype_id", ticketTypeName = "tickettype_name"
        case priorityID = "priority_id", priorityName = "priority_name", slaID = "sla_id"
        case clientID = "client_id", clientName = "client_name", siteID = "site_id", siteName = "site_name"
        case userID = "user_id", userName = "user_name", teamID = "team_id"
        case agentID = "agent_id", agentName = "agent_name"
        case category1 = "category_1", category2 = "category_2"
        case dateOccurred = "dateoccurred", dateCreated = "datecreated", dateClosed = "dateclosed"
        case lastActionDate = "lastactiondate", lastUpdate = "last_update"
        case hasBeenClosed = "hasbeenclosed", onHold = "onhold"
        case workflowID = "workflow_id", workflowStep = "workflow_step", workflowSeq = "workflow_seq"
        case workflowName = "workflow_name", workflowStage = "workflow_stage"
        case workflowStepStarted = "workflow_stepstarted", workflowHistory = "workflow_history"
        case customFields = "customfields"
    }
}

/// One move of a ticket between workflow steps (`WorkflowHistory`).
public struct WorkflowHistoryEntry: Codable, Sendable, Equatable {
    public var id: Int?
    public var ticketID: Int?
    public var movedFrom: Int?
    public var movedTo: Int?
    public var flowID: Int?
    public var movedDate: Date?
    public var actionID: Int?
    public var summary: String?

    enum CodingKeys: String, CodingKey {
        case id, summary
        case ticketID = "ticket_id", movedFrom = "moved_from", movedTo = "moved_to", flowID = "flow_id"
        case movedDate = "moved_date", actionID = "action_id"
    }
}

/// A custom field on a ticket or client; its value can be any JSON.
public struct CustomField: Codable, Sendable, Equatable {
    public var id: Int?
    public var name: String?
    public var label: String?
    public var type: Int?
    public var value: JSONValue?
    public var display: String?
}

/// The fields of a new ticket (`POST /api/Tickets` without an id). `nil` fields are not sent.
public struct NewTicket: Encodable, Sendable, Equatable {
    public var summary: String
    public var details: String?
    public var detailsHTML: String?
    public var ticketTypeID: Int?
    public var clientID: Int?
    public var siteID: Int?
    public var userID: Int?
    public var agentID: Int?
    public var teamID: Int?
    public var team: String?
    public var priorityID: Int?
    public var statusID: Int?
    public var category1: String?

    /// A ticket with a summary; set the other fields as needed.
    public init(summary: String) { self.summary = summary }

    enum CodingKeys: String, CodingKey {
        case summary, details, team
        case detailsHTML = "details_html", ticketTypeID = "tickettype_id", clientID = "client_id"
        case siteID = "site_id", userID = "user_id", agentID = "agent_id", teamID = "team_id"
        case priorityID = "priority_id", statusID = "status_id", category1 = "category_1"
    }
}

/// A change to an existing ticket: its id and only the fields to change.
public struct TicketChanges: Encodable, Sendable, Equatable {
    public var id: Int
    public var summary: String?
    public var details: String?
    public var statusID: Int?
    public var ticketTypeID: Int?
    public var clientID: Int?
    public var agentID: Int?
    public var teamID: Int?
    public var team: String?
    public var priorityID: Int?
    public var category1: String?
    /// The workflow step to move the ticket to (a step of its current workflow).
    public var workflowStep: Int?

    /// No changes yet to ticket `id`.
    public init(id: Int) { self.id = id }

    /// Whether any field besides the id is set.
    public var isEmpty: Bool {
        summary == nil && details == nil && statusID == nil && ticketTypeID == nil && clientID == nil
            && agentID == nil && teamID == nil && team == nil && priorityID == nil && category1 == nil && workflowStep == nil
    }

    enum CodingKeys: String, CodingKey {
        case id, summary, details, team
        case statusID = "status_id", ticketTypeID = "tickettype_id", clientID = "client_id"
        case agentID = "agent_id", teamID = "team_id", priorityID = "priority_id", category1 = "category_1"
        case workflowStep = "workflow_step"
    }
}
