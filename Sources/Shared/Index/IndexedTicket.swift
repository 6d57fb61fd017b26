import Foundation

/// A row of the `tickets` table: what search filters and results need without asking HaloPSA, the
/// fingerprint an incremental run compares, and where the ticket's chunks sit in the matrix.
public struct IndexedTicket: Sendable, Equatable {
    /// HaloPSA ticket id.
    public var id: Int
    /// Summary line.
    public var summary: String
    /// Client id and name.
    public var clientID: Int?
    /// Client name.
    public var clientName: String?
    /// Team id.
    public var teamID: Int?
    /// Team name.
    public var teamName: String?
    /// Status id.
    public var statusID: Int?
    /// Status name.
    public var statusName: String?
    /// Assigned agent id.
    public var agentID: Int?
    /// Whether the ticket was open when indexed.
    public var isOpen: Bool
    /// The ticket's `lastactiondate`.
    public var lastActionDate: Date?
    /// Fingerprint of the source document (see `TicketDocument.fingerprint`).
    public var fingerprint: String
    /// The matrix rows of the ticket's chunks; assigned by the writer.
    public internal(set) var rows: Range<Int>

    /// Creates a ticket row; `rows` is assigned when the writer appends it.
    public init(
        id: Int, summary: String, clientID: Int? = nil, clientName: String? = nil, teamID: Int? = nil,
        teamName: String? = nil, statusID: Int? = nil, statusName: String? = nil, agentID: Int? = nil,
        isOpen: Bool = true, lastActionDate: Date? = nil, fingerprint: String
    ) {
        self.id = id
        self.summary = summary
        self.clientID = clientID
        self.clientName = clientName
        self.teamID = teamID
        self.teamName = teamName
        self.statusID = statusID
        self.statusName = statusName
        self.agentID = agentID
        self.isOpen = isOpen
        self.lastActionDate = lastActionDate
        self.fingerprint = fingerprint
        rows = 0..<0
    }

    /// The ticket row for a chunked document, fingerprinted with `document.fingerprint`.
    public init(document: TicketDocument) {
        self.init(
            id: document.id, summary: document.summary, clientID: document.clientID, clientName: document.clientName,
            teamID: document.teamID, teamName: document.teamName, statusID: document.statusID,
            statusName: document.statusName, agentID: document.agentID, isOpen: document.isOpen,
            lastActionDate: document.lastActionDate, fingerprint: document.fingerprint
        )
    }
}

/// A row of the `chunks` table: a chunk and its matrix row.
public struct IndexedChunk: Sendable, Equatable {
    /// Row number in `vectors.f32`.
    public let row: Int
    /// The chunk stored there.
    public let chunk: Chunk
}
