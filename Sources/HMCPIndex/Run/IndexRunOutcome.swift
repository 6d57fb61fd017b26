import Foundation

/// What one indexer run did, for the log, `status` and the exit code.
public struct IndexRunOutcome: Sendable, Codable, Equatable {
    /// The version published, or `nil` when nothing changed and no version was written.
    public var publishedVersion: Int?
    /// `full`, `incremental` or `tickets`.
    public var mode: String
    /// Tickets in the published index.
    public var tickets = 0
    /// Rows (chunks) in the published index.
    public var rows = 0
    /// Tickets fetched from HaloPSA and re-chunked.
    public var ticketsFetched = 0
    /// Tickets copied unchanged from the previous version.
    public var ticketsCopied = 0
    /// Tickets dropped because HaloPSA no longer has them.
    public var ticketsDeleted = 0
    /// Chunks sent to the embedder.
    public var chunksEmbedded = 0
    /// Chunks whose vector was reused: from the previous version (same text, same model), or from
    /// another chunk of this run with the same text.
    public var chunksReused = 0
    /// Tickets in the published index whose history HaloPSA returned short (see `IncompleteHistory`).
    public var incompleteHistories = 0
    /// Seconds spent waiting for HaloPSA.
    public var haloSeconds = 0.0
    /// Seconds spent embedding.
    public var embedSeconds = 0.0
    /// Seconds spent writing and publishing.
    public var writeSeconds = 0.0
    /// Wall-clock seconds of the run.
    public var totalSeconds = 0.0
    /// When the run finished.
    public var finishedAt = Date()

    /// One line for logs and the terminal.
    public var summary: String {
        let published = publishedVersion.map { "published v\($0)" } ?? "no change, nothing published"
        return "\(mode) run: \(published); \(tickets) tickets, \(rows) rows; fetched \(ticketsFetched), copied \(ticketsCopied), "
            + "deleted \(ticketsDeleted); \(incompleteHistories) with an incomplete history; embedded \(chunksEmbedded) chunks, reused \(chunksReused); "
            + String(format: "HaloPSA %.1fs, embedding %.1fs, writing %.1fs, total %.1fs", haloSeconds, embedSeconds, writeSeconds, totalSeconds)
    }
}
