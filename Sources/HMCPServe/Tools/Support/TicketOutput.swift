import MCP
import Shared

/// Tickets trimmed for a model: a compact row for lists (HaloPSA's rows have ~300 fields) and a detail
/// with the body as readable text, the workflow position and the custom fields that hold a value.
enum TicketOutput {
    /// Longest ticket body returned, in characters.
    static let detailsLimit = 6000

    /// One list row.
    static func row(_ ticket: Ticket) -> Value {
        rowObject(ticket).value
    }

    /// The full detail.
    static func detail(_ ticket: Ticket) -> Value {
        var object = rowObject(ticket)
        object.set("details", TextBudget.readable(html: ticket.detailsHTML, fallback: ticket.details, limit: detailsLimit))
        object.set("site", ticket.siteName)
        object.set("site_id", ticket.siteID)
        object.set("end_user", ticket.userName)
        object.set("end_user_id", ticket.userID)
        object.set("category", ticket.category1)
        object.set("closed_at", ticket.dateClosed)
        object.set("on_hold", ticket.onHold)
        if let workflowID = ticket.workflowID, workflowID > 0 {
            var workflow = OutputObject(["id": .int(workflowID)])
            workflow.set("name", ticket.workflowName)
            workflow.set("step", ticket.workflowStep)
            workflow.set("step_name", ticket.workflowStage)
            object.set("workflow", workflow.value)
        }
        object.set("custom_fields", .array(customFields(ticket.customFields ?? [])))
        return object.value
    }

    /// Custom fields that hold a value, as label and readable value.
    static func customFields(_ fields: [CustomField]) -> [Value] {
        fields.compactMap { field in
            guard let value = field.display.flatMap({ $0.isEmpty ? nil : $0 }) ?? field.value?.displayText, !value.isEmpty else {
                return nil
            }
            var entry = OutputObject(["value": .string(TextBudget.clip(value, to: 500))])
            entry.set("name", field.name)
            entry.set("label", field.label)
            return entry.value
        }
    }

    private static func rowObject(_ ticket: Ticket) -> OutputObject {
        var object = OutputObject(["id": .int(ticket.id), "summary": .string(ticket.summary ?? "")])
        object.set("status", ticket.statusName)
        object.set("status_id", ticket.statusID)
        object.set("ticket_type", ticket.ticketTypeName)
        object.set("ticket_type_id", ticket.ticketTypeID)
        object.set("priority", ticket.priorityName)
        object.set("client", ticket.clientName)
        object.set("client_id", ticket.clientID)
        object.set("team", ticket.team)
        object.set("team_id", ticket.teamID)
        if ticket.agentID == Ticket.unassignedAgentID {
            object.set("agent", "Unassigned")
        } else {
            object.set("agent", ticket.agentName)
            object.set("agent_id", ticket.agentID)
        }
        object.set("opened", ticket.dateOccurred)
        object.set("last_action", ticket.lastActionDate)
        object.set("closed", ticket.hasBeenClosed)
        return object
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
