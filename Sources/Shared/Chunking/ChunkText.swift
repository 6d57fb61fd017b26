import Foundation

/// The wording of chunk texts: the summary+metadata block and the headings that give every details,
/// note and history piece its ticket context, the ticket's summary (shortened).
struct ChunkText {
    /// Longest summary quoted in a heading, in characters.
    static let headingSummaryLength = 80

    /// The ticket the headings are for.
    let ticket: TicketDocument
    /// The ticket's summary as every heading quotes it, worked out once.
    let headingSummary: String

    /// The wording of `ticket`'s chunks.
    init(ticket: TicketDocument) {
        self.ticket = ticket
        headingSummary = Self.headingSummary(of: ticket.summary)
    }

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

    /// `summary` as headings quote it: on one line, cut at a word after `headingSummaryLength` characters.
    static func headingSummary(of summary: String) -> String {
        let summary = oneLine(summary)
        guard summary.count > headingSummaryLength else { return summary }
        let cut = summary.prefix(headingSummaryLength)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }

    /// `Ticket #id details (summary):` and a newline.
    var detailsHeading: String {
        "Ticket #\(ticket.id) details (\(headingSummary)):\n"
    }

    /// `Ticket #id note by who (outcome, day) on summary:` and a newline.
    func actionHeading(of action: ActionDocument) -> String {
        "Ticket #\(ticket.id) note\(Self.attribution(of: action)) on \(headingSummary):\n"
    }

    /// `Ticket #id history (summary):` (or `private history`) and a newline: the heading of the short
    /// notes that no substantive note comes before.
    func historyHeading(isPrivate: Bool) -> String {
        "Ticket #\(ticket.id) \(isPrivate ? "private " : "")history (\(headingSummary)):\n"
    }

    /// A short note as a line folded into a note or history chunk: the note alone, on one line. Who
    /// wrote it and its outcome are left out: outcome names ("Escalate to Supplier", "Triage") made
    /// these lines match unrelated questions (`scripts/bench quality`).
    static func foldedLine(_ note: String) -> String {
        oneLine(note)
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

    /// ` by who (outcome, day)`, leaving out what the action does not say.
    private static func attribution(of action: ActionDocument) -> String {
        var text = ""
        if let who = action.who, !who.isEmpty { text += " by \(oneLine(who))" }
        let facts = [action.outcomeName.map(oneLine), action.date.map(day)].compactMap { $0 }.filter { !$0.isEmpty }
        if !facts.isEmpty { text += " (\(facts.joined(separator: ", ")))" }
        return text
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
