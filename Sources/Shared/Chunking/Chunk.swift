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
    /// Lower-case hex SHA-256 of the kind and the text; a vector is reused when this and the model match.
    public let contentHash: String

    /// Creates a chunk and computes its content hash.
    public init(ticketID: Int, kind: ChunkKind, actionID: Int?, ordinal: Int, text: String, isPrivate: Bool = false) {
        self.init(
            ticketID: ticketID, kind: kind, actionID: actionID, ordinal: ordinal, text: text, isPrivate: isPrivate,
            contentHash: Chunk.contentHash(kind: kind, text: text)
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

    /// SHA-256 (hex) of `kind`, a newline, and `text`, as UTF-8.
    public static func contentHash(kind: ChunkKind, text: String) -> String {
        SHA256.hash(data: Array("\(kind.rawValue)\n\(text)".utf8)).hexString
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
