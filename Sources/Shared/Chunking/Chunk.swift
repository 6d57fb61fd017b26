import Crypto

/// What part of a ticket a chunk comes from.
public enum ChunkKind: String, Sendable, Codable, CaseIterable {
    /// The summary line plus the ticket's metadata (client, type, status, team, agent, dates).
    case summary
    /// A piece of the ticket body.
    case details
    /// A piece of one action's note, or of the history chunk that gathers a ticket's short notes.
    case action
}

/// A unit of text that gets one embedding vector and one row in the index.
public struct Chunk: Sendable, Codable, Equatable {
    /// The ticket the chunk belongs to.
    public let ticketID: Int
    /// Which part of the ticket the text comes from.
    public let kind: ChunkKind
    /// The action id for `.action` chunks of one note, `nil` for a history chunk of short notes and for other kinds.
    public let actionID: Int?
    /// Position of the chunk within its ticket (0, 1, 2, ...).
    public let ordinal: Int
    /// The text that is embedded and keyword-indexed.
    public let text: String
    /// True for a piece of a private (internal) note: indexed, but only shown after the per-user check.
    public let isPrivate: Bool
    /// Lower-case hex SHA-256 of the kind and the text, without the summary its heading quotes (see
    /// ``contentHash(kind:text:quotedSummary:)``); a vector is reused when this and the model match.
    public let contentHash: String

    /// Creates a chunk and computes its content hash, leaving `quotedSummary` out of the heading's.
    public init(
        ticketID: Int, kind: ChunkKind, actionID: Int?, ordinal: Int, text: String, isPrivate: Bool = false,
        quotedSummary: String? = nil
    ) {
        self.init(
            ticketID: ticketID, kind: kind, actionID: actionID, ordinal: ordinal, text: text, isPrivate: isPrivate,
            contentHash: Chunk.contentHash(kind: kind, text: text, quotedSummary: quotedSummary)
        )
    }

    /// Recreates a stored chunk with its recorded hash.
    init(ticketID: Int, kind: ChunkKind, actionID: Int?, ordinal: Int, text: String, isPrivate: Bool, contentHash: String) {
        self.ticketID = ticketID
        self.kind = kind
        self.actionID = actionID
        self.ordinal = ordinal
        self.text = text
        self.isPrivate = isPrivate
        self.contentHash = contentHash
    }

    /// SHA-256 (hex) of `kind`, a newline, and `text`, as UTF-8. With a `quotedSummary`, the last
    /// place the text's first line (its heading) quotes it is left out, unless the chunk is the summary
    /// chunk itself: so a summary edit keeps the hashes, and the vectors, of the ticket's other chunks.
    /// Their vectors then carry the summary they were embedded with until their own text changes or
    /// `hmcp-index reembed` runs; chunker version 1 hashes whole texts.
    public static func contentHash(kind: ChunkKind, text: String, quotedSummary: String? = nil) -> String {
        var hashed = Substring(text)
        if kind != .summary, let quotedSummary, !quotedSummary.isEmpty {
            let heading = hashed[..<(hashed.firstIndex(of: "\n") ?? hashed.endIndex)]
            if let quote = heading.range(of: quotedSummary, options: .backwards) { hashed.removeSubrange(quote) }
        }
        return SHA256.hash(data: Array("\(kind.rawValue)\n\(hashed)".utf8)).hexString
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal spelling of the bytes.
    var hexString: String {
        var out = ""
        for byte in self {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return out
    }
}

private let hexDigits: [Character] = Array("0123456789abcdef")
