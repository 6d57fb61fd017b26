import Foundation

/// Cuts a ticket into the chunks that get embedded: one summary+metadata chunk, the details split
/// under the model's token limit with overlap, and the notes of the ticket's actions.
///
/// Version 2 (the default) leaves out an action that repeats the details, gathers short notes
/// ("Approved.", "Any update on this please?") into one history chunk per ticket (one for public and one
/// for private notes), and names the ticket's category rather than its summary in headings, so that a
/// summary edit re-embeds the summary chunk alone. Version 1 gives every non-empty note a chunk of its
/// own and quotes the summary in every heading; it is kept so a benchmark can compare the two.
///
/// The output depends only on the document, the limits and the version; the index records the
/// version, and a new version makes the indexer re-chunk everything.
public struct Chunker: Sendable {
    /// Version of the chunking rules new indexes are cut with; bump it whenever the output for the same input changes.
    public static let version = 2
    /// Every version this chunker can still cut.
    public static let versions = 1...2
    /// Notes under this many tokens go into the history chunk (version 2).
    public static let shortNoteTokens = 16

    /// The version of the rules this chunker applies.
    public let version: Int
    /// Most tokens per chunk, including the `[CLS]` and `[SEP]` the model adds.
    public let tokenLimit: Int
    /// Tokens repeated from the end of one details/note piece at the start of the next.
    public let overlapTokens: Int
    /// Counts tokens (without `[CLS]`/`[SEP]`).
    public let countTokens: TokenCounter

    /// Creates a chunker; `tokenLimit` must leave room for the `[CLS]`/`[SEP]` pair and a heading, and
    /// `version` must be one of `Chunker.versions`.
    public init(
        version: Int = Chunker.version, tokenLimit: Int = 256, overlapTokens: Int = 32,
        countTokens: @escaping TokenCounter = TokenCounting.wordEstimate
    ) {
        precondition(Self.versions.contains(version), "unknown chunker version \(version)")
        precondition(tokenLimit >= 32, "a token limit under 32 leaves no room for text")
        self.version = version
        self.tokenLimit = tokenLimit
        self.overlapTokens = max(0, min(overlapTokens, tokenLimit / 4))
        self.countTokens = countTokens
    }

    /// The chunks of `ticket`, ordinals 0, 1, 2, ... in the order summary, details, actions (by date, then
    /// id), then (version 2) the public and the private history chunk.
    public func chunks(for ticket: TicketDocument) -> [Chunk] {
        let wording = ChunkText(ticket: ticket, version: version)
        var drafts: [Draft] = []
        drafts += pieces(heading: "", body: ChunkText.summary(of: ticket)).map { Draft(kind: .summary, text: $0) }
        let details = HTMLText.plainText(from: ticket.details)
        drafts += pieces(heading: wording.detailsHeading, body: details).map { Draft(kind: .details, text: $0) }
        let repeatsDetails = DetailsEcho(details: details)
        var history: [Bool: [String]] = [:]  // is private -> lines
        for action in ticket.actions.sorted(by: ChunkText.chronological) {
            let note = HTMLText.plainText(from: action.note)
            if version >= 2 {
                if repeatsDetails.contains(note) { continue }
                if countTokens(note) < Self.shortNoteTokens {
                    if !note.isEmpty { history[action.isPrivate, default: []].append(wording.historyLine(of: action, note: note)) }
                    continue
                }
            }
            drafts += pieces(heading: wording.actionHeading(of: action), body: note).map {
                Draft(kind: .action, actionID: action.id, isPrivate: action.isPrivate, text: $0)
            }
        }
        for isPrivate in [false, true] {
            guard let lines = history[isPrivate] else { continue }
            drafts += pieces(heading: wording.historyHeading(isPrivate: isPrivate), body: lines.joined(separator: "\n")).map {
                Draft(kind: .action, isPrivate: isPrivate, text: $0)
            }
        }
        return drafts.enumerated().map { ordinal, draft in
            Chunk(
                ticketID: ticket.id, kind: draft.kind, actionID: draft.actionID, ordinal: ordinal, text: draft.text,
                isPrivate: draft.isPrivate)
        }
    }

    private struct Draft {
        var kind: ChunkKind
        var actionID: Int?
        var isPrivate = false
        var text: String
    }

    /// `body` split to fit the limit after `heading`, each piece prefixed with the heading.
    private func pieces(heading: String, body: String) -> [String] {
        let budget = max(8, tokenLimit - 2 - countTokens(heading))
        let splitter = TextSplitter(budget: budget, overlap: min(overlapTokens, budget / 4), countTokens: countTokens)
        return splitter.split(body).map { heading + $0 }
    }
}
