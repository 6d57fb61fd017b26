import Foundation
import GRDB

/// One HaloPSA request budget per tenant for every hmcp process on the host (`hmcp-serve`,
/// `hmcp-index run`, `hmcp-index webhook`), kept in a small SQLite file in the data directory: each
/// request's start is a row, and a request may start only while fewer than `limit` rows lie in the
/// last window. The check and the booking are one `BEGIN IMMEDIATE` transaction, so two processes
/// never both take the last slot, and a process killed at any point leaves the file consistent (its
/// bookings count until they age out, as the requests may have reached HaloPSA).
///
/// Interactive calls come first: while an interactive request started within the window, background
/// work (the indexer) may hold at most `backgroundShare` of it; when none did, all of it. A 429 from
/// HaloPSA pauses every process of the tenant for its `Retry-After` (or `pauseAfterRateLimit`).
///
/// Only requests that start book a row: a waiter holds nothing, so a cancelled one gives nothing back.
public final class SharedRequestBudget: Sendable {
    /// Who is asking.
    public enum Role: String, Sendable, CaseIterable {
        /// A user's tool call (`hmcp-serve`).
        case interactive
        /// The indexer and the webhook listener.
        case background
    }

    /// What the window holds now.
    public struct Usage: Sendable, Equatable {
        /// Requests users' tool calls started within the last window.
        public let interactive: Int
        /// Requests background work started within the last window.
        public let background: Int
        /// The tenant's limit per window.
        public let limit: Int
        /// The window length.
        public let window: Duration
        /// Set while a 429 pauses every request of the tenant.
        public let pausedFor: Duration?

        /// Requests started within the last window.
        public var inUse: Int { interactive + background }
    }

    /// The pause after a 429 that carried no usable `Retry-After`.
    public static let pauseAfterRateLimit: Duration = .seconds(30)

    private let database: DatabaseQueue
    private let tenant: String
    let limit: Int
    let window: Duration
    private let role: Role
    private let backgroundShare: Double
    private let clock: any WaitingClock
    /// Microseconds since 1970 at the clock's instant `epoch.instant`.
    private let epoch: (microseconds: Int64, instant: ContinuousClock.Instant)

    /// The budget of `tenant` in the file at `path` (created if needed), for requests of `role`; `clock`
    /// tells time from `wallTime`, the wall-clock time of its current instant (processes agree on it).
    public init(
        path: String, tenant: String, limit: Int, window: Duration, role: Role, backgroundShare: Double = 0.5,
        clock: any WaitingClock = ContinuousClock(), wallTime: Date = Date()
    ) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        // A booking lost to a power cut only frees a slot early; every request need not wait for a disk flush.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS starts (
                        tenant TEXT NOT NULL, started_at INTEGER NOT NULL, role TEXT NOT NULL, pid INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS starts_by_tenant ON starts(tenant, started_at);
                    CREATE TABLE IF NOT EXISTS pauses (tenant TEXT PRIMARY KEY, until INTEGER NOT NULL);
                    """)
        }
        self.tenant = tenant
        self.limit = max(1, limit)
        self.window = window
        self.role = role
        self.backgroundShare = min(max(backgroundShare, 0), 1)
        self.clock = clock
        epoch = (Int64((wallTime.timeIntervalSince1970 * 1_000_000).rounded()), clock.now)
    }

    /// Waits until this request may start within the tenant's budget, and books it.
    /// - Throws: `CancellationError` when the task is cancelled while waiting (nothing is booked).
    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
            guard let wait = try bookOrWait() else { return }
            try await clock.sleep(until: clock.now + wait)
        }
    }

    /// Pauses every process of the tenant: HaloPSA answered 429.
    public func noteRateLimited(retryAfter: Duration?) {
        let until = now() + (retryAfter ?? Self.pauseAfterRateLimit).microseconds
        try? database.write { db in
            try db.execute(
                sql: "INSERT INTO pauses(tenant, until) VALUES (?, ?) ON CONFLICT(tenant) DO UPDATE SET until = max(until, excluded.until)",
                arguments: [tenant, until])
        }
    }

    /// What the window holds now.
    public func currentUsage() throws -> Usage {
        let now = now()
        return try database.read { db in
            let counts = try Dictionary(
                Row.fetchAll(
                    db, sql: "SELECT role, count(*) AS n FROM starts WHERE tenant = ? AND started_at > ? GROUP BY role",
                    arguments: [tenant, now - window.microseconds]
                ).map { (($0["role"] as String?) ?? "", ($0["n"] as Int?) ?? 0) },
                uniquingKeysWith: +)
            let until = try Int64.fetchOne(db, sql: "SELECT until FROM pauses WHERE tenant = ?", arguments: [tenant]) ?? 0
            return Usage(
                interactive: counts[Role.interactive.rawValue] ?? 0, background: counts[Role.background.rawValue] ?? 0,
                limit: limit, window: window, pausedFor: until > now ? .microseconds(until - now) : nil)
        }
    }

    /// Books a start now and returns nil, or returns how long to wait before asking again.
    private func bookOrWait() throws -> Duration? {
        let now = now()
        let span = window.microseconds
        let wait: Int64? = try database.writeWithoutTransaction { db in
            var wait: Int64?
            try db.inTransaction(.immediate) {
                try db.execute(sql: "DELETE FROM starts WHERE started_at <= ?", arguments: [now - span])
                let until = try Int64.fetchOne(db, sql: "SELECT until FROM pauses WHERE tenant = ?", arguments: [tenant]) ?? 0
                let rows = try Row.fetchAll(
                    db, sql: "SELECT started_at, role FROM starts WHERE tenant = ? ORDER BY started_at", arguments: [tenant])
                let starts = rows.map { ($0["started_at"] as Int64? ?? 0, $0["role"] as String? ?? "") }
                var ready = max(until, now)
                if starts.count >= limit { ready = max(ready, starts[starts.count - limit].0 + span) }
                if role == .background {
                    let usersActive = starts.contains { $0.1 == Role.interactive.rawValue }
                    let share = usersActive ? max(1, Int(Double(limit) * backgroundShare)) : limit
                    let background = starts.filter { $0.1 == Role.background.rawValue }
                    if background.count >= share { ready = max(ready, background[background.count - share].0 + span) }
                }
                if ready > now {
                    wait = ready - now
                    return .commit
                }
                try db.execute(
                    sql: "INSERT INTO starts(tenant, started_at, role, pid) VALUES (?, ?, ?, ?)",
                    arguments: [tenant, now, role.rawValue, Int(ProcessInfo.processInfo.processIdentifier)])
                return .commit
            }
            return wait
        }
        return wait.map { .microseconds($0) }
    }

    /// Wall-clock microseconds since 1970 as the injected clock tells it (processes on one host agree on it).
    private func now() -> Int64 {
        epoch.microseconds + epoch.instant.duration(to: clock.now).microseconds
    }
}
