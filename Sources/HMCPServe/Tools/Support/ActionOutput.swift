import MCP
import Shared

/// A ticket action trimmed for a model: who, when, which outcome, the note as readable text, and
/// whether it is private.
struct ActionOutput: Encodable {
    /// Longest note returned per action, in characters.
    static let noteLimit = 2000

    let id: Int
    let `private`: Bool
    let outcome: String?
    let outcomeID: Int?
    let who: String?
    let date: String?
    let emailSubject: String?
    let note: String?
    let timeTakenHours: Double?
    let newStatusID: Int?
    let newStatus: String?

    /// One action.
    static func row(_ action: Action) -> ActionOutput { ActionOutput(action) }

    private init(_ action: Action) {
        id = action.id
        `private` = action.hiddenFromUser ?? false
        outcome = action.outcome.nonBlank
        outcomeID = action.outcomeID
        who = action.who.nonBlank
        date = action.dateTime.haloFormatted
        emailSubject = action.emailSubject.nonBlank
        note = TextBudget.readable(html: action.noteHTML, fallback: action.note, limit: Self.noteLimit)
        timeTakenHours = action.timeTaken.flatMap { $0 > 0 ? $0 : nil }
        let movedStatus = action.newStatus.flatMap { $0 != action.oldStatus ? $0 : nil }
        newStatusID = movedStatus
        newStatus = movedStatus == nil ? nil : action.newStatusName.nonBlank
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
