import MCP
import Shared

/// The result of `semantic_search` and `find_similar_tickets`: the visible hits, best first, what
/// ranked them, and a notice when a bound stopped the search early.
struct SearchResultsOutput: Encodable {
    let indexVersion: Int
    let rankedBy: String
    let results: [SemanticSearch.Hit]
    let notice: String?

    /// The output of `results`.
    init(_ results: SemanticSearch.Results) {
        indexVersion = results.indexVersion
        rankedBy = results.rankedBy.rawValue
        self.results = results.hits
        notice = Self.notice(results)
    }

    /// What to tell the model when a bound stopped the search, or nil when it ran to the end.
    static func notice(_ results: SemanticSearch.Results) -> String? {
        switch results.stop {
        case nil:
            nil
        case .candidateCap:
            "Only the best \(results.examined) candidates were checked against your HaloPSA permissions, and fewer of them than asked for are visible to you. Narrow the question (client_id, team_id, status_id, open_only, or more specific words) to find more."
        case .deadline:
            "The search ran out of time checking your HaloPSA permissions after \(results.examined) candidates. Narrow the question (client_id, team_id, status_id, open_only, or more specific words), or try again."
        }
    }

    /// The output schema.
    static let schema = Schema.object(
        [
            "index_version": Schema.integer("The index version that answered."),
            "ranked_by": Schema.oneOf(
                ["cosine", "fused", "bm25"],
                description: """
                    What ordered the results and what their score is: cosine similarity, the fused rank of meaning \
                    and exact identifiers (0…1, with the cosine beside it), or BM25 word relevance.
                    """),
            "results": Schema.array(
                Schema.object(
                    [
                        "ticket_id": Schema.integer(),
                        "summary": Schema.string(),
                        "status": Schema.string(),
                        "client": Schema.string(),
                        "team": Schema.string(),
                        "open": Schema.boolean("Open when the ticket was last indexed."),
                        "score": Schema.number("The score ranked_by names; it never increases down the list."),
                        "cosine": Schema.number(
                            "Cosine similarity of the best matching part (−1…1), given when ranked_by is fused."),
                        "matched_in": Schema.oneOf(["summary", "details", "action"]),
                        "snippet": Schema.string("The best matching part of the ticket."),
                        "private": Schema.boolean(
                            "The snippet comes from a private note the customer does not see (never quote it to a customer)."),
                        "url": Schema.string("The ticket in HaloPSA."),
                    ], required: ["ticket_id", "summary", "open", "score", "matched_in", "snippet", "private", "url"])),
            "notice": Schema.string("Set when the search stopped before finding every visible match; narrow the question."),
        ], required: ["index_version", "ranked_by", "results"])
}
