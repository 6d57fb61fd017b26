import Foundation

/// What is live in an index directory and how the indexer last did: one reader for
/// `hmcp-index status` and the server's `embedding_status` tool.
public struct IndexStatus: Sendable, Codable, Equatable {
    /// The live version's number, `nil` when nothing was published yet.
    public var liveVersion: Int?
    /// When the live version was built.
    public var createdAt: Date?
    /// Seconds since then.
    public var ageSeconds: Double?
    /// Rows (chunks) and tickets in the live version.
    public var rows: Int?
    public var tickets: Int?
    /// Embedding provider, model and dimension of the live version.
    public var embeddingProvider: String?
    public var modelID: String?
    public var dimension: Int?
    /// Latest HaloPSA change the live version includes.
    public var highWaterMark: Date?
    /// Tickets of the live version indexed with fewer actions than HaloPSA counts.
    public var incompleteHistories: [IncompleteHistory] = []
    /// Re-embed requests waiting in `queue.sqlite`.
    public var queueDepth: Int
    /// The run in progress, if an indexer is running.
    public var runInProgress: RunProgress?
    /// The last run, successful or not.
    public var lastRun: LastRunRecord?
    /// Why the live version could not be read, if it could not.
    public var problem: String?
    /// The tenant's HaloPSA request budget in use, when the reader knows it.
    public var haloBudget: HaloBudgetStatus?

    /// Reads the status of `directory` (and the queue depth from `queue`).
    public static func read(directory: IndexDirectory, queue: ReembedQueue?) -> IndexStatus {
        var status = IndexStatus(queueDepth: (try? queue?.depth()) ?? 0)
        status.lastRun = LastRunRecord.read(in: directory)
        status.runInProgress = RunProgress.read(in: directory)
        do {
            guard let live = try directory.current(validation: .structure) else { return status }
            let meta = live.meta
            status.liveVersion = meta.indexVersion
            status.createdAt = meta.createdAt
            status.ageSeconds = Date().timeIntervalSince(meta.createdAt)
            status.rows = meta.rowCount
            status.tickets = meta.ticketCount
            status.embeddingProvider = meta.embeddingProvider
            status.modelID = meta.modelID
            status.dimension = meta.dimension
            status.highWaterMark = meta.highWaterMark
            status.incompleteHistories = try live.incompleteHistories()
        } catch {
            status.problem = "\(error)"
        }
        return status
    }

    /// Lines for a terminal.
    public var text: String {
        var lines: [String] = []
        if let liveVersion, let createdAt {
            lines.append("live version: v\(liveVersion), built \(HaloDate.format(createdAt)) (\(Self.age(ageSeconds ?? 0)) ago)")
            lines.append("contents: \(tickets ?? 0) tickets, \(rows ?? 0) rows")
            lines.append("model: \(modelID ?? "?") (provider \(embeddingProvider ?? "?"), \(dimension ?? 0) dimensions)")
            lines.append("HaloPSA changes up to: \(highWaterMark.map(HaloDate.format) ?? "-")")
            if !incompleteHistories.isEmpty {
                let shown = incompleteHistories.prefix(Self.incompleteHistoriesShown).map(\.text).joined(separator: ", ")
                let more = incompleteHistories.count > Self.incompleteHistoriesShown ? ", ..." : ""
                lines.append(
                    "incomplete histories: \(incompleteHistories.count) ticket(s) indexed with fewer actions than HaloPSA counts: \(shown)\(more)")
            }
        } else {
            lines.append("live version: none yet (run hmcp-index run)")
        }
        if let problem { lines.append("problem: \(problem)") }
        lines.append("queue: \(queueDepth) pending re-embed request(s)")
        if let runInProgress { lines.append("run in progress: \(runInProgress.text)") }
        if let lastRun {
            lines.append("last run: \(lastRun.succeeded ? "succeeded" : "FAILED") at \(HaloDate.format(lastRun.finishedAt)): \(lastRun.message)")
        }
        if let haloBudget { lines.append("HaloPSA budget: \(haloBudget.text)") }
        return lines.joined(separator: "\n")
    }

    /// Incomplete histories listed by ``text``.
    static let incompleteHistoriesShown = 10

    private static func age(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: "\(Int(seconds)) s"
        case ..<7200: "\(Int(seconds / 60)) min"
        case ..<172_800: "\(Int(seconds / 3600)) h"
        default: "\(Int(seconds / 86_400)) days"
        }
    }
}

/// The outcome of the indexer's last run, kept in `index/last-run.json` (written atomically).
public struct LastRunRecord: Sendable, Codable, Equatable {
    /// Whether it published (or found nothing to do).
    public var succeeded: Bool
    /// When it ended.
    public var finishedAt: Date
    /// Its summary line or its error.
    public var message: String
    /// The version it published, if any.
    public var publishedVersion: Int?

    /// A record.
    public init(succeeded: Bool, finishedAt: Date = Date(), message: String, publishedVersion: Int?) {
        self.succeeded = succeeded
        self.finishedAt = finishedAt
        self.message = message
        self.publishedVersion = publishedVersion
    }

    static let fileName = "last-run.json"

    /// Reads the record of `directory`, if there is one.
    public static func read(in directory: IndexDirectory) -> LastRunRecord? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = try? Data(contentsOf: directory.root.appendingPathComponent(fileName)) else { return nil }
        return try? decoder.decode(LastRunRecord.self, from: data)
    }

    /// Replaces the record of `directory` atomically.
    public func write(in directory: IndexDirectory) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: directory.root, withIntermediateDirectories: true)
        try encoder.encode(self).write(to: directory.root.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

/// The tenant's HaloPSA request budget as `hmcp-index status` shows it.
public struct HaloBudgetStatus: Sendable, Codable, Equatable {
    /// Requests started within the last window.
    public var inUse: Int
    /// Of those, the indexer's (when the budget is shared between processes).
    public var indexer: Int?
    /// Requests allowed per window.
    public var limit: Int
    /// The window, in seconds.
    public var windowSeconds: Int
    /// Whether every hmcp process using the data directory counts against it.
    public var shared: Bool

    /// The status of `usage`.
    public init(_ usage: HaloBudgetUsage) {
        inUse = usage.inUse
        indexer = usage.background
        limit = usage.limit
        windowSeconds = Int(usage.window.components.seconds)
        shared = usage.shared
    }

    /// `37 of 250 requests in the last 300 s (indexer 7), shared by every hmcp process using this data directory`.
    public var text: String {
        let split = indexer.map { " (indexer \($0))" } ?? ""
        let scope = shared ? "shared by every hmcp process using this data directory" : "counted by this process only"
        return "\(inUse) of \(limit) requests in the last \(windowSeconds) s\(split), \(scope)"
    }
}
