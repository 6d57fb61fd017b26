import Foundation
import Shared

/// The labelled queries of `scripts/bench quality`: paraphrased questions and exact-identifier look-ups
/// over the simulator's seeded data, each with a rule saying which tickets are relevant and the ticket
/// ids that rule selects in the dataset it was labelled on.
///
/// The rule is applied to the texts of the built index, so the ids are reproducible from the simulator's
/// seed and ticket count alone: a ticket is relevant when its summary chunk says `Category: <category>`
/// (if the query names one), every string of `mentions` occurs in one of its chunks (case-insensitive,
/// if any), and it is ticket `ticket` (if given).
struct EvaluationSet: Codable {
    /// Which simulated data the ids were labelled on.
    struct Dataset: Codable, Equatable {
        var seed: Int
        var tickets: Int
    }

    /// One labelled query.
    struct Query: Codable {
        /// `paraphrase` or `identifier`.
        var kind: String
        var query: String
        var category: String?
        var mentions: [String]?
        var ticket: Int?
        /// The ticket ids the rule selects in `dataset`, ascending.
        var relevant: [Int]

        /// Whether `ticket` passes this query's rule.
        func admits(_ ticket: LabelledTicket) -> Bool {
            if let category, ticket.category != category { return false }
            if let number = self.ticket, ticket.id != number { return false }
            return (mentions ?? []).allSatisfy { ticket.text.contains($0.lowercased()) }
        }
    }

    var about: String
    var dataset: Dataset
    var queries: [Query]

    /// Reads the set from `url`.
    static func load(_ url: URL) throws -> EvaluationSet {
        try JSONDecoder().decode(EvaluationSet.self, from: Data(contentsOf: url))
    }

    /// Writes the set to `url`, one query per line so that reviews and diffs stay readable.
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let body = try queries.map { "    " + (try line($0)) }.joined(separator: ",\n")
        let text = "{\n  \"about\": \(try line(about)),\n  \"dataset\": \(try line(dataset)),\n  \"queries\": [\n\(body)\n  ]\n}\n"
        try Data(text.utf8).write(to: url)
    }

    /// The set with every query's `relevant` ids derived from `tickets` by its rule.
    func labelled(by tickets: [LabelledTicket]) -> EvaluationSet {
        var copy = self
        for index in copy.queries.indices {
            copy.queries[index].relevant = tickets.filter(copy.queries[index].admits).map(\.id).sorted()
        }
        return copy
    }
}

/// What the relevance rules look at: a ticket's id, its category, and all its chunk texts in lower case.
struct LabelledTicket {
    var id: Int
    var category: String?
    var text: String

    /// Every ticket of `version`, read from its tables.
    static func all(in version: IndexVersion) throws -> [LabelledTicket] {
        try version.allTickets().map { ticket in
            let chunks = try version.chunks(ofTicket: ticket.id).map(\.chunk)
            let summary = chunks.first { $0.kind == .summary }?.text ?? ""
            let category = summary.split(separator: "\n").first { $0.hasPrefix("Category: ") }.map { String($0.dropFirst(10)) }
            return LabelledTicket(id: ticket.id, category: category, text: chunks.map(\.text).joined(separator: "\n").lowercased())
        }
    }
}
