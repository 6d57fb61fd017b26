import Foundation

/// The wording of chunk texts: the summary+metadata block and the headings that give every details
/// and note piece its ticket context.
enum ChunkText {
    /// Longest summary quoted in a heading, in characters.
    static let headingSummaryLength = 80

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

    /// `Ticket #id details (summary):` and a newline.
    static func detailsHeading(of ticket: TicketDocument) -> String {
        "Ticket #\(ticket.id) details (\(shortSummary(ticket))):\n"
    }

    /// `Ticket #id note by who (outcome, day) (summary):` and a newline.
    static func actionHeading(of action: ActionDocument, in ticket: TicketDocument) -> String {
        var heading = "Ticket #\(ticket.id) note"
        if let who = action.who, !who.isEmpty { heading += " by \(oneLine(who))" }
        let facts = [action.outcomeName.map(oneLine), action.date.map(day)].compactMap { $0 }.filter { !$0.isEmpty }
        if !facts.isEmpty { heading += " (\(facts.joined(separator: ", ")))" }
        return heading + " on \(shortSummary(ticket)):\n"
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
