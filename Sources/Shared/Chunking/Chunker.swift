import Foundation

/// Cuts a ticket into the chunks that get embedded: one summary+metadata chunk, the details split
/// under the model's token limit with overlap, and the notes of the ticket's actions.
///
/// Version 3 (the default) leaves out an action that repeats the details, and folds short notes
/// ("Approved.", "Any update on this please?") into the chunk of the substantive note before them with
/// the same visibility (those with none before them go into a history chunk, one for public and one
/// for private notes). Every heading quotes the ticket's summary, which retrieves better than naming
/// the category, but the content hash leaves the quoted summary out, so a summary edit re-embeds the
/// summary chunk alone. Version 1 gives every non-empty note a chunk of its own and hashes whole
/// texts; it is kept so a benchmark can compare the two.
///
/// The output depends only on the document, the limits and the version; the index records the
/// version, and a new version makes the indexer re-chunk everything.
public struct Chunker: Sendable {
    /// Version of the chunking rules new indexes are cut with; bump it whenever the output for the same input changes.
    public static let version = 3
    /// Every version this chunker can still cut (version 2 named the category in headings, and is gone).
    public static let versions = [1, 3]
    /// Notes under this many tokens are folded into a neighbour (version 3).
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
    /// id), then (version 3) the public and the private history chunk.
    public func chunks(for ticket: TicketDocument) -> [Chunk] {
        let wording = ChunkText(ticket: ticket)
        var drafts: [Draft] = []
        drafts += pieces(heading: "", body: ChunkText.summary(of: ticket)).map { Draft(kind: .summary, text: $0) }
        let details = HTMLText.plainText(from: ticket.details)
        drafts += pieces(heading: wording.detailsHeading, body: details).map { Draft(kind: .details, text: $0) }
        for note in notes(of: ticket, details: details) {
            let heading = note.action.map(wording.actionHeading) ?? wording.historyHeading(isPrivate: note.isPrivate)
            drafts += pieces(heading: heading, body: note.lines.joined(separator: "\n")).map {
                Draft(kind: .action, actionID: note.action?.id, isPrivate: note.isPrivate, text: $0)
            }
        }
        let quotedSummary = Self.quotedSummary(of: ticket.summary, version: version)
        return drafts.enumerated().map { ordinal, draft in
            Chunk(
                ticketID: ticket.id, kind: draft.kind, actionID: draft.actionID, ordinal: ordinal, text: draft.text,
                isPrivate: draft.isPrivate, quotedSummary: quotedSummary)
        }
    }

    /// What the content hashes of a ticket with `summary` leave out, as chunker `version` quotes it in
    /// headings: the shortened summary from version 3 on, nothing (`nil`) for version 1.
    public static func quotedSummary(of summary: String, version: Int) -> String? {
        version >= 3 ? ChunkText.headingSummary(of: summary) : nil
    }

    /// The note chunks' bodies before splitting: one per substantive note (version 1: per non-empty
    /// note) with the short notes folded into it, then the public and the private history.
    private func notes(of ticket: TicketDocument, details: String) -> [NoteBody] {
        let repeatsDetails = DetailsEcho(details: details)
        var notes: [NoteBody] = []
        var history = [NoteBody(action: nil, isPrivate: false), NoteBody(action: nil, isPrivate: true)]
        var lastSubstantive: [Bool: Int] = [:]  // is private -> index in notes
        for action in ticket.actions.sorted(by: ChunkText.chronological) {
            let note = HTMLText.plainText(from: action.note)
            if version >= 3 {
                if repeatsDetails.contains(note) { continue }
                if countTokens(note) < Self.shortNoteTokens {
                    guard !note.isEmpty else { continue }
                    let line = ChunkText.foldedLine(note)
                    if let index = lastSubstantive[action.isPrivate] {
                        notes[index].lines.append(line)
                    } else {
                        history[action.isPrivate ? 1 : 0].lines.append(line)
                    }
                    continue
                }
                lastSubstantive[action.isPrivate] = notes.count
            }
            notes.append(NoteBody(action: action, isPrivate: action.isPrivate, lines: [note]))
        }
        return notes + history.filter { !$0.lines.isEmpty }
    }

    /// The lines of one note chunk: its note (`action`) or a history (`nil`), with the short notes folded in.
    private struct NoteBody {
        var action: ActionDocument?
        var isPrivate: Bool
        var lines: [String] = []
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
