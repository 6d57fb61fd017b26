import MCP
import Shared

/// Ticket actions trimmed for a model: who, when, which outcome, the note as readable text, and
/// whether it is private.
enum ActionOutput {
    /// Longest note returned per action, in characters.
    static let noteLimit = 2000

    /// One action.
    static func row(_ action: Action) -> Value {
        var object = OutputObject(["id": .int(action.id), "private": .bool(action.hiddenFromUser ?? false)])
        object.set("outcome", action.outcome)
        object.set("outcome_id", action.outcomeID)
        object.set("who", action.who)
        object.set("date", action.dateTime)
        object.set("email_subject", action.emailSubject)
        object.set("note", TextBudget.readable(html: action.noteHTML, fallback: action.note, limit: noteLimit))
        if let hours = action.timeTaken, hours > 0 { object.set("time_taken_hours", hours) }
        if let new = action.newStatus, new != action.oldStatus {
            object.set("new_status_id", new)
            object.set("new_status", action.newStatusName)
        }
        return object.value
    }

    /// Schema of ``row(_:)``.
    static let rowSchema = Schema.object(
        [
            "id": Schema.integer("The action id."),
            "private": Schema.boolean("A private note: agents see it, the customer does not."),
            "outcome": Schema.string("What kind of action it is, e.g. Private Note, Email User, Resolve."),
            "outcome_id": Schema.integer(), "who": Schema.string(), "date": Schema.string("When (UTC)."),
            "email_subject": Schema.string(),
            "note": Schema.string("The text as plain text (HTML removed; long notes are cut)."),
            "time_taken_hours": Schema.number(),
            "new_status_id": Schema.integer("The status the ticket moved to with this action."),
            "new_status": Schema.string(),
        ], required: ["id", "private"])
}
