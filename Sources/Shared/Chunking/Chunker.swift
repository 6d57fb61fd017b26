import Foundation

/// Cuts a ticket into the chunks that get embedded: one summary+metadata chunk, the details split
/// under the model's token limit with overlap, and the note of every action that has one.
///
/// The output depends only on the document, the limits and `Chunker.version`; the index records the
/// version, and a new version makes the indexer re-chunk everything.
public struct Chunker: Sendable {
    /// Version of the chunking rules; bump it whenever the output for the same input changes.
    public static let version = 1

    /// Most tokens per chunk, including the `[CLS]` and `[SEP]` the model adds.
    public let tokenLimit: Int
    /// Tokens repeated from the end of one details/note piece at the start of the next.
    public let overlapTokens: Int
    /// Counts tokens (without `[CLS]`/`[SEP]`).
    public let countTokens: TokenCounter

    /// Creates a chunker; `tokenLimit` must leave room for the `[CLS]`/`[SEP]` pair and a heading.
    public init(tokenLimit: Int = 256, overlapTokens: Int = 32, countTokens: @escaping TokenCounter = TokenCounting.wordEstimate) {
        precondition(tokenLimit >= 32, "a token limit under 32 leaves no room for text")
        self.tokenLimit = tokenLimit
        self.overlapTokens = max(0, min(overlapTokens, tokenLimit / 4))
        self.countTokens = countTokens
    }

    /// The chunks of `ticket`, ordinals 0, 1, 2, ... in the order summary, details, actions (by date, then id).
    public func chunks(for ticket: TicketDocument) -> [Chunk] {
        var drafts: [(kind: ChunkKind, action: ActionDocument?, text: String)] = []
        let summary = ChunkText.summary(of: ticket)
        drafts.append(contentsOf: pieces(heading: "", body: summary).map { (.summary, nil, $0) })
        let details = HTMLText.plainText(from: ticket.details)
        drafts.append(contentsOf: pieces(heading: ChunkText.detailsHeading(of: ticket), body: details).map { (.details, nil, $0) })
        for action in ticket.actions.sorted(by: ChunkText.chronological) {
            let note = HTMLText.plainText(from: action.note)
            let heading = ChunkText.actionHeading(of: action, in: ticket)
            drafts.append(contentsOf: pieces(heading: heading, body: note).map { (.action, action, $0) })
        }
        return drafts.enumerated().map { ordinal, draft in
            Chunk(
                ticketID: ticket.id, kind: draft.kind, actionID: draft.action?.id, ordinal: ordinal, text: draft.text,
                isPrivate: draft.action?.isPrivate ?? false
            )
        }
    }

    /// `body` split to fit the limit after `heading`, each piece prefixed with the heading.
    private func pieces(heading: String, body: String) -> [String] {
        let budget = max(8, tokenLimit - 2 - countTokens(heading))
        let splitter = TextSplitter(budget: budget, overlap: min(overlapTokens, budget / 4), countTokens: countTokens)
        return splitter.split(body).map { heading + $0 }
    }
}
