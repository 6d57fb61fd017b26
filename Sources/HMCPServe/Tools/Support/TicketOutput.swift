import MCP
import Shared

/// A ticket trimmed for a model: a compact row for lists (HaloPSA's rows have ~300 fields), or the
/// detail with the body as readable text, the workflow position and the custom fields that hold a value.
struct TicketOutput: Encodable {
    /// A ticket's place in its workflow.
    struct WorkflowPosition: Encodable {
        let id: Int
        let name: String?
        let step: Int?
        let stepName: String?
    }

    /// A custom field that holds a value, as label and readable value.
    struct CustomFieldValue: Encodable {
        let name: String?
        let label: String?
        let value: String
    }

    /// Longest ticket body returned, in characters.
    static let detailsLimit = 6000

    let id: Int
    let summary: String
    let status: String?
    let statusID: Int?
    let ticketType: String?
    let ticketTypeID: Int?
    let priority: String?
    let client: String?
    let clientID: Int?
    let team: String?
    let teamID: Int?
    let agent: String?
    let agentID: Int?
    let opened: String?
    let lastAction: String?
    let closed: Bool?
    private(set) var details: String?
    private(set) var site: String?
    private(set) var siteID: Int?
    private(set) var endUser: String?
    private(set) var endUserID: Int?
    private(set) var category: String?
    private(set) var closedAt: String?
    private(set) var onHold: Bool?
    private(set) var workflow: WorkflowPosition?
    private(set) var customFields: [CustomFieldValue]?

    /// One list row.
    static func row(_ ticket: Ticket) -> TicketOutput { TicketOutput(row: ticket) }

    /// The full detail.
    static func detail(_ ticket: Ticket) -> TicketOutput {
        var output = TicketOutput(row: ticket)
        output.details = TextBudget.readable(html: ticket.detailsHTML, fallback: ticket.details, limit: detailsLimit)
        output.site = ticket.siteName.nonBlank
        output.siteID = ticket.siteID
        output.endUser = ticket.userName.nonBlank
        output.endUserID = ticket.userID
        output.category = ticket.category1.nonBlank
        output.closedAt = ticket.dateClosed.haloFormatted
        output.onHold = ticket.onHold
        if let workflowID = ticket.workflowID, workflowID > 0 {
            output.workflow = WorkflowPosition(
                id: workflowID, name: ticket.workflowName.nonBlank, step: ticket.workflowStep,
                stepName: ticket.workflowStage.nonBlank)
        }
        output.customFields = customFields(ticket.customFields ?? [])
        return output
    }

    /// Custom fields that hold a value, as label and readable value.
    static func customFields(_ fields: [CustomField]) -> [CustomFieldValue] {
        fields.compactMap { field in
            guard let value = field.display.flatMap({ $0.isEmpty ? nil : $0 }) ?? field.value?.displayText, !value.isEmpty else {
                return nil
            }
            return CustomFieldValue(name: field.name.nonBlank, label: field.label.nonBlank, value: TextBudget.clip(value, to: 500))
        }
    }

    private init(row ticket: Ticket) {
        id = ticket.id
        summary = ticket.summary ?? ""
        status = ticket.statusName.nonBlank
        statusID = ticket.statusID
        ticketType = ticket.ticketTypeName.nonBlank
        ticketTypeID = ticket.ticketTypeID
        priority = ticket.priorityName.nonBlank
        client = ticket.clientName.nonBlank
        clientID = ticket.clientID
        team = ticket.team.nonBlank
        teamID = ticket.teamID
        let unassigned = ticket.agentID == Ticket.unassignedAgentID
        agent = unassigned ? "Unassigned" : ticket.agentName.nonBlank
        agentID = unassigned ? nil : ticket.agentID
        opened = ticket.dateOccurred.haloFormatted
        lastAction = ticket.lastActionDate.haloFormatted
        closed = ticket.hasBeenClosed
    }

    /// Schema of ``row(_:)``.
    static let rowSchema = Schema.object(rowProperties, required: ["id", "summary"])

    /// Schema of ``detail(_:)``.
    static let detailSchema = Schema.object(
        rowProperties.merging([
            "details": Schema.string("The ticket's body as plain text (HTML removed; long bodies are cut)."),
            "site": Schema.string(), "site_id": Schema.integer(),
            "end_user": Schema.string("The customer contact who raised it."), "end_user_id": Schema.integer(),
            "category": Schema.string(), "closed_at": Schema.string(), "on_hold": Schema.boolean(),
            "workflow": Schema.object(
                [
                    "id": Schema.integer(), "name": Schema.string(),
                    "step": Schema.integer("The current step's id."), "step_name": Schema.string(),
                ], required: ["id"]),
            "custom_fields": customFieldsSchema,
        ]) { first, _ in first },
        required: ["id", "summary", "custom_fields"])

    /// Schema of ``customFields(_:)``.
    static let customFieldsSchema = Schema.array(
        Schema.object(["name": Schema.string(), "label": Schema.string(), "value": Schema.string()], required: ["value"]))

    private static let rowProperties: [String: Value] = [
        "id": Schema.integer("The ticket id."), "summary": Schema.string(),
        "status": Schema.string(), "status_id": Schema.integer(),
        "ticket_type": Schema.string(), "ticket_type_id": Schema.integer(),
        "priority": Schema.string(), "client": Schema.string(), "client_id": Schema.integer(),
        "team": Schema.string(), "team_id": Schema.integer(),
        "agent": Schema.string("The assigned agent, or Unassigned."), "agent_id": Schema.integer(),
        "opened": Schema.string("When it was opened (UTC)."), "last_action": Schema.string("Last activity (UTC)."),
        "closed": Schema.boolean("Whether it has been closed."),
    ]
}
