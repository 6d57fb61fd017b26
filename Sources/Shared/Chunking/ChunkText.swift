import Foundation

/// The wording of chunk texts: the summary+metadata block and the headings that give every details,
/// note and history piece its ticket context.
struct ChunkText {
    /// Longest summary quoted in a heading (version 1), in characters.
    static let headingSummaryLength = 80

    /// The ticket the headings are for.
    let ticket: TicketDocument
    /// The chunker version: 1 quotes the summary in headings, 2 the category (so a summary edit leaves them alone).
    let version: Int

    /// `Ticket #id: summary` followed by one `Label: value` line per known field.
    static func summary(of ticket: TicketDocument) -> String {
        let fields: [(String, String?)] = [
            ("Client", ticket.clientName), ("Type", ticket.ticketTypeName), ("Status", ticket.statusName),
            ("Team", ticket.teamName), ("Agent", ticket.agentName), ("Priority", ticket.priority),
            ("Category", ticket.category), ("Occurred", ticket.dateOccurred.map(day)),
            ("Last action", ticket.lastActionDate.map(day)),
        ]
        var lines = ["Ticket #\(ticket.id): \(oneLine(ticket.summary))"]
        for (label, value) in fields {
            if let value, !value.isEmpty { lines.append("\(label): \(oneLine(value))") }
        }
        return lines.joined(separator: "\n")
    }

    /// `Ticket #id details (context):` and a newline.
    var detailsHeading: String {
        "Ticket #\(ticket.id) details\(context.map { " (\($0))" } ?? ""):\n"
    }

    /// `Ticket #id note by who (outcome, day) on context:` and a newline.
    func actionHeading(of action: ActionDocument) -> String {
        "Ticket #\(ticket.id) note\(Self.attribution(of: action))\(context.map { " on \($0)" } ?? ""):\n"
    }

    /// `Ticket #id history (context):` (or `private history`) and a newline: the heading of the short notes.
    func historyHeading(isPrivate: Bool) -> String {
        "Ticket #\(ticket.id) \(isPrivate ? "private " : "")history\(context.map { " (\($0))" } ?? ""):\n"
    }

    /// One short note as a line of the history chunk: `by who (outcome, day): note`.
    func historyLine(of action: ActionDocument, note: String) -> String {
        let attribution = Self.attribution(of: action)
        return (attribution.isEmpty ? "" : String(attribution.dropFirst()) + ": ") + Self.oneLine(note)
    }

    /// Orders actions by date (undated last), then id.
    static func chronological(_ first: ActionDocument, _ second: ActionDocument) -> Bool {
        switch (first.date, second.date) {
        case let (a?, b?) where a != b: a < b
        case (_?, nil): true
        case (nil, _?): false
        default: first.id < second.id
        }
    }

    /// What headings say about the ticket: its summary, shortened (version 1), or its category (version 2).
    private var context: String? {
        if version == 1 { return Self.shortSummary(ticket) }
        guard let category = ticket.category.map(Self.oneLine), !category.isEmpty else { return nil }
        return category
    }

    /// ` by who (outcome, day)`, leaving out what the action does not say.
    private static func attribution(of action: ActionDocument) -> String {
        var text = ""
        if let who = action.who, !who.isEmpty { text += " by \(oneLine(who))" }
        let facts = [action.outcomeName.map(oneLine), action.date.map(day)].compactMap { $0 }.filter { !$0.isEmpty }
        if !facts.isEmpty { text += " (\(facts.joined(separator: ", ")))" }
        return text
    }

    private static func shortSummary(_ ticket: TicketDocument) -> String {
        let summary = oneLine(ticket.summary)
        guard summary.count > headingSummaryLength else { return summary }
        let cut = summary.prefix(headingSummaryLength)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
