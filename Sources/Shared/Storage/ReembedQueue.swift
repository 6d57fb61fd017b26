import Foundation
import GRDB

/// `queue.sqlite`: re-embed requests from the server (`reembed` tool), the webhook listener and the
/// CLI, drained by the indexer. Requests are deduplicated while pending, survive crashes (a claim left
/// running by a dead indexer goes back to pending), and never block the writers for long (WAL).
public final class ReembedQueue: Sendable {
    /// What to re-embed.
    public enum Target: Hashable, Sendable, CustomStringConvertible {
        /// One ticket.
        case ticket(Int)
        /// Every ticket (a full run).
        case all

        /// `ticket:42` or `all`: the stored form.
        public var description: String {
            switch self {
            case .ticket(let id): "ticket:\(id)"
            case .all: "all"
            }
        }

        init?(stored: String) {
            if stored == "all" {
                self = .all
            } else if stored.hasPrefix("ticket:"), let id = Int(stored.dropFirst("ticket:".count)) {
                self = .ticket(id)
            } else {
                return nil
            }
        }
    }

    /// Requests taken by one drain, to be completed or failed together.
    public struct Claim: Sendable, Equatable {
        /// Row ids of the claimed requests.
        public let requestIDs: [Int64]
        /// Their targets, deduplicated.
        public let targets: Set<Target>

        /// Whether the claim holds nothing.
        public var isEmpty: Bool { requestIDs.isEmpty }
        /// Whether a full run was asked for.
        public var includesAll: Bool { targets.contains(.all) }
        /// The ticket ids asked for.
        public var ticketIDs: [Int] {
            targets.compactMap { if case .ticket(let id) = $0 { id } else { nil } }.sorted()
        }
    }

    private let database: DatabaseQueue

    /// A claim older than this is considered abandoned by a crashed indexer.
    public static let abandonedAfter: TimeInterval = 3600

    /// Opens (creating if needed) the queue at `path`.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS requests (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        target TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
                        source TEXT NOT NULL,
                        requested_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        error TEXT
                    );
                    CREATE UNIQUE INDEX IF NOT EXISTS pending_target ON requests(target) WHERE status = 'pending';
                    CREATE INDEX IF NOT EXISTS requests_status ON requests(status);
                    """)
        }
    }

    /// Adds a request unless the same target is already pending; returns whether it was added.
    @discardableResult
    public func enqueue(_ target: Target, source: String) throws -> Bool {
        let now = Date().timeIntervalSince1970
        return try database.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO requests (target, status, source, requested_at, updated_at)
                    VALUES (?, 'pending', ?, ?, ?)
                    """, arguments: [target.description, source, now, now])
            return db.changesCount > 0
        }
    }

    /// Takes every pending request (and any abandoned claim) for one drain.
    public func claim() throws -> Claim {
        let now = Date().timeIntervalSince1970
        return try database.write { db in
            try db.execute(
                sql: "UPDATE requests SET status = 'pending' WHERE status = 'running' AND updated_at < ?",
                arguments: [now - Self.abandonedAfter])
            let rows = try Row.fetchAll(db, sql: "SELECT id, target FROM requests WHERE status = 'pending' ORDER BY id")
            let ids: [Int64] = rows.map { $0["id"] }
            guard !ids.isEmpty else { return Claim(requestIDs: [], targets: []) }
            try db.execute(
                sql: "UPDATE requests SET status = 'running', updated_at = ?, attempts = attempts + 1 WHERE id IN (\(placeholders(ids.count)))",
                arguments: StatementArguments([now] + ids.map { $0 as (any DatabaseValueConvertible) }))
            return Claim(requestIDs: ids, targets: Set(rows.compactMap { Target(stored: $0["target"]) }))
        }
    }

    /// Marks a claim done.
    public func complete(_ claim: Claim) throws {
        try finish(claim, status: "done", error: nil)
    }

    /// Puts a claim back to pending (merging with any newer pending duplicate) and records why it failed.
    public func fail(_ claim: Claim, error: String) throws {
        guard !claim.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try database.write { db in
            for id in claim.requestIDs {
                let target: String? = try String.fetchOne(db, sql: "SELECT target FROM requests WHERE id = ?", arguments: [id])
                let duplicate = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM requests WHERE target = ? AND status = 'pending')",
                    arguments: [target]) ?? false
                try db.execute(
                    sql: "UPDATE requests SET status = ?, updated_at = ?, error = ? WHERE id = ?",
                    arguments: [duplicate ? "failed" : "pending", now, error, id])
            }
        }
    }

    /// Pending requests.
    public func depth() throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM requests WHERE status = 'pending'") ?? 0
        }
    }

    /// Deletes finished requests older than `age` seconds.
    public func prune(olderThan age: TimeInterval = 7 * 86_400) throws {
        let cutoff = Date().timeIntervalSince1970 - age
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM requests WHERE status IN ('done', 'failed') AND updated_at < ?", arguments: [cutoff])
        }
    }

    private func finish(_ claim: Claim, status: String, error: String?) throws {
        guard !claim.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try database.write { db in
            try db.execute(
                sql: "UPDATE requests SET status = ?, updated_at = ?, error = ? WHERE id IN (\(placeholders(claim.requestIDs.count)))",
                arguments: StatementArguments([status, now, error] + claim.requestIDs.map { $0 as (any DatabaseValueConvertible) }))
        }
    }

    private func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
