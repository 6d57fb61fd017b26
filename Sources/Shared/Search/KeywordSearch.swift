import Foundation
import GRDB

/// Keyword search over chunk texts with SQLite FTS5 and BM25, grouped by ticket (best chunk per
/// ticket), with the same pre-filters as vector search.
extension IndexVersion {
    /// The best `count` tickets for the words of `text`, from rank `offset`, best first (the row is
    /// the best-matching chunk: SQLite takes bare columns from the row that holds the `min`). The text is
    /// never parsed as FTS5 syntax: each word becomes a quoted term (identifiers such as
    /// `srv-db01.contoso.local` or `0x80070005` stay phrases), and any term may match. Scores are
    /// BM25 negated, so higher is better; equal scores go to the lower ticket id.
    public func keywordSearch(_ text: String, count: Int, offset: Int = 0, filter: SearchFilter = .none) throws -> [TicketHit] {
        let terms = KeywordQuery.terms(of: text)
        guard !terms.isEmpty, count > 0 else { return [] }
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = [terms.joined(separator: " OR ")]
        for (column, ids) in [("t.client_id", filter.clientIDs), ("t.team_id", filter.teamIDs), ("t.status_id", filter.statusIDs)] {
            guard let ids else { continue }
            conditions.append("\(column) IN (\(IndexSchema.placeholders(ids.count)))")
            arguments.append(contentsOf: ids.sorted() as [any DatabaseValueConvertible])
        }
        if filter.openOnly { conditions.append("t.is_open = 1") }
        if !filter.excludedTicketIDs.isEmpty {
            conditions.append("t.id NOT IN (\(IndexSchema.placeholders(filter.excludedTicketIDs.count)))")
            arguments.append(contentsOf: filter.excludedTicketIDs.sorted() as [any DatabaseValueConvertible])
        }
        arguments.append(count)
        arguments.append(max(0, offset))
        let sql = """
            WITH matches AS MATERIALIZED (
                SELECT rowid AS row, bm25(chunks_fts) AS rank FROM chunks_fts WHERE chunks_fts MATCH ?
            )
            SELECT c.ticket_id AS ticket_id, min(m.rank) AS rank, m.row AS row
            FROM matches m JOIN chunks c ON c.row = m.row JOIN tickets t ON t.id = c.ticket_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            GROUP BY c.ticket_id ORDER BY rank, c.ticket_id LIMIT ? OFFSET ?
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                TicketHit(
                    ticketID: try row.decode(forColumn: "ticket_id"), score: -Float(try row.decode(Double.self, forColumn: "rank")),
                    row: try row.decode(forColumn: "row"))
            }
        }
    }
}

/// Turns free text into FTS5 terms that cannot be misread as query syntax.
enum KeywordQuery {
    /// Quoted, de-duplicated terms; words that are only punctuation or common English words are dropped.
    /// Control characters (NUL included, which FTS5 cannot take) separate words like spaces do.
    static func terms(of text: String) -> [String] {
        var seen: Set<String> = []
        var terms: [String] = []
        let separator = { (character: Character) in
            character.isWhitespace || character.unicodeScalars.contains { $0.properties.generalCategory == .control }
        }
        for word in text.split(whereSeparator: separator) {
            let trimmed = word.trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.symbols))
            let key = trimmed.lowercased()
            guard trimmed.contains(where: { $0.isLetter || $0.isNumber }), !stopWords.contains(key), seen.insert(key).inserted
            else { continue }
            terms.append("\"" + trimmed.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return terms
    }

    private static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "how",
        "i", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their",
        "there", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
    ]
}
