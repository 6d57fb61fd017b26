import Foundation

/// How far the indexer run in progress is, kept in `index/run-progress.json` while the run holds the
/// lock (written atomically, removed when the run ends), so `hmcp-index status` and the server's
/// `embedding_status` can show a run that has not finished yet.
public struct RunProgress: Sendable, Codable, Equatable {
    /// What the run is doing: `reading HaloPSA`, `copying unchanged tickets`, `indexing`, `publishing`.
    public var stage: String
    /// Items of this stage done so far, and how many there are (0 when the stage is not counted).
    public var done: Int
    public var total: Int
    /// When the run started.
    public var startedAt: Date
    /// When this record was written.
    public var updatedAt: Date
    /// Seconds the stage still needs at its rate so far, when that can be told.
    public var etaSeconds: Double?
    /// The indexer's process id: a record whose process is gone is stale.
    public var processID: Int32

    /// A record of the calling process.
    public init(stage: String, done: Int = 0, total: Int = 0, startedAt: Date, updatedAt: Date = Date(), etaSeconds: Double? = nil) {
        self.stage = stage
        self.done = done
        self.total = total
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.etaSeconds = etaSeconds
        processID = getpid()
    }

    static let fileName = "run-progress.json"

    /// The record of the run in progress in `directory`, or `nil` when no run is in progress (no record,
    /// or its process has ended: a killed indexer leaves a stale record behind).
    public static func read(in directory: IndexDirectory) -> RunProgress? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = try? Data(contentsOf: directory.root.appendingPathComponent(fileName)),
            let progress = try? decoder.decode(RunProgress.self, from: data), progress.processID > 0
        else { return nil }
        // Signal 0 only asks whether the process exists (EPERM: it does, under another user).
        guard kill(progress.processID, 0) == 0 || errno == EPERM else { return nil }
        return progress
    }

    /// Replaces the record in `directory` atomically; only the lock holder calls it.
    public func write(in directory: IndexDirectory) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: directory.root.appendingPathComponent(Self.fileName), options: .atomic)
    }

    /// Removes the record of `directory` (the run ended).
    public static func clear(in directory: IndexDirectory) {
        try? FileManager.default.removeItem(at: directory.root.appendingPathComponent(fileName))
    }

    /// One line for a terminal, e.g. `indexing 120/1000, ETA 3:20 (started 2026-12-07T12:00:00Z)`.
    public var text: String {
        let count = total > 0 ? " \(done)/\(total)" : ""
        let eta = etaSeconds.map { ", ETA \(Int($0) / 60):\(String(format: "%02d", Int($0) % 60))" } ?? ""
        return "\(stage)\(count)\(eta) (started \(HaloDate.format(startedAt)))"
    }
}
