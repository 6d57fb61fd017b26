import ArgumentParser
import Foundation
import Logging
import Shared
import Synchronization

/// `hmcp-bench contention`: what a full `hmcp-index run` does to users' searches, against a running
/// `halo-sim` that enforces a rate limit. Five signed-in agents work as at the helpdesk, one call after
/// another with a pause between: a semantic search (permission-checked, with the server's caches), then
/// opening its best ticket (`GET /api/Tickets/{id}` with their own token), while the indexer
/// re-reads every ticket: once with every process keeping its own count of the budget, once with the
/// shared budget file (users first, the indexer held to its share while they are active). Prints, per
/// mode, the users' median and 95th-percentile latency per call, their failed calls, the 429s HaloPSA
/// answered, and how long the indexer took.
struct IndexingContentionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contention",
        abstract: "Users' search latency during a full index run, with and without the shared HaloPSA budget, against halo-sim."
    )

    @OptionGroup var target: BenchSimulatorOptions

    @Option(help: "The hmcp-index executable.")
    var indexer: String

    @Option(help: "Directory for the users' index and the indexer's data (replaced).")
    var data = ".bench/contention"

    @Option(help: "Users searching at once.")
    var users = 5

    @Option(help: "Milliseconds each user pauses between searches.")
    var thinkMs = 1000

    @Option(help: "hmcp's HaloPSA limit: requests per window (HMCP_HALO_RATE_LIMIT).")
    var rateLimit = 250

    @Option(help: "hmcp's window in seconds (HMCP_HALO_RATE_WINDOW).")
    var rateWindow = 300

    func run() async throws {
        let simulator = try await BenchSimulator(url: target.haloURL)
        let setup = HaloClient(settings: try simulator.settings(), logger: Logger(label: "bench.halo"))
        try await simulator.setLatency(0)
        let tickets = try await setup.allTickets(as: .serviceAccount)
        let search = try simulator.searchIndex(of: tickets, in: data + "/users")
        let agentIDs = Array(([try simulator.agentID("admin_agent_id"), try simulator.agentID("manager_agent_id"),
                               try simulator.agentID("client_restricted_agent_id")] + simulator.agentIDs).uniqued().prefix(users))
        var tokens: [Int: String] = [:]
        for agentID in agentIDs { tokens[agentID] = try await simulator.signIn(agentID: agentID, halo: setup) }
        let queries = tickets.compactMap(\.summary)
        try await simulator.setLatency(target.latencyMs)
        print("\(tickets.count) tickets; \(agentIDs.count) users, each a search then opening its best ticket, \(thinkMs) ms between calls; hmcp's limit \(rateLimit) requests per \(rateWindow) s; halo-sim answers after \(target.latencyMs) ms")
        print("mode                 user calls  HaloPSA requests/call mean  latency median    p95  failed   HaloPSA 429s   indexer run")

        for shared in [false, true] {
            try await Task.sleep(for: .seconds(rateWindow))
            let before = try await rateLimited(simulator)
            let indexerData = data + (shared ? "/indexer-shared" : "/indexer-own")
            try? FileManager.default.removeItem(atPath: indexerData)
            let budget = shared ? SharedBudgetSettings(path: indexerData + "/budget.sqlite", role: .interactive) : nil
            let halo = HaloClient(
                settings: try simulator.settings(maxRetries: 4, rateLimit: rateLimit, rateWindow: Double(rateWindow), sharedBudget: budget),
                logger: Logger(label: "bench.users"))
            let process = try startIndexer(simulator: simulator, data: indexerData, shared: shared)
            let started = ContinuousClock.now
            let pause = Duration.milliseconds(thinkMs)
            let outcomes = try await withThrowingTaskGroup(of: [Call].self) { group in
                for (offset, agentID) in agentIDs.enumerated() {
                    let credential = HaloCredential.user(accessToken: tokens[agentID] ?? "")
                    let engine = search(PermissionFilter())
                    let mine = queries.rotated(by: offset * 97)
                    group.addTask {
                        try await Self.work(
                            by: agentID, credential: credential, halo: halo, engine: engine, queries: mine, pause: pause,
                            while: { process.isRunning })
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            process.waitUntilExit()
            let runSeconds = started.duration(to: .now).inSeconds
            guard process.terminationStatus == 0 else {
                throw ValidationError("hmcp-index run failed (exit \(process.terminationStatus)); see \(indexerData)/run.log")
            }
            let answered = outcomes.compactMap(\.milliseconds)
            let requestsPerCall = Double(outcomes.map(\.requests).reduce(0, +)) / Double(max(outcomes.count, 1))
            let refused = try await rateLimited(simulator) - before
            let mode = shared ? "shared budget" : "own count each"
            print(
                mode.padding(toLength: 20, withPad: " ", startingAt: 0),
                String(format: "%10d %26.2f %12.0f ms %6.0f %7d %14d %11.0f s", outcomes.count, requestsPerCall, median(answered), percentile95(answered),
                       outcomes.count - answered.count, refused, runSeconds))
            print("contention_\(shared ? "shared" : "own")_calls=\(outcomes.count) requests_per_call=\(String(format: "%.2f", requestsPerCall)) latency_ms_median=\(Int(median(answered)))"
                + " latency_ms_p95=\(Int(percentile95(answered))) failed=\(outcomes.count - answered.count) halo_429=\(refused)"
                + " indexer_seconds=\(Int(runSeconds))")
        }
        try await simulator.setLatency(0)
    }

    /// One tool call: its latency (nil when it failed) and the HaloPSA requests it made.
    struct Call: Sendable {
        let milliseconds: Double?
        let requests: Int
    }

    /// One user's calls (a search, then opening its best ticket), one after another with a pause, for as
    /// long as `running` says.
    private static func work(
        by agentID: Int, credential: HaloCredential, halo: HaloClient, engine: SemanticSearch, queries: [String],
        pause: Duration, while running: @Sendable () -> Bool
    ) async throws -> [Call] {
        let scopes = VisibilityScopes()
        let checks = HaloPermissionChecks(logger: Logger(label: "bench.permissions"))
        var done: [Call] = []
        var next = queries.makeIterator()
        while running(), let query = next.next() {
            let best = await measured(into: &done) {
                let scope = try await scopes.scope(of: "\(agentID)") { try await halo.me(as: credential) }
                return try await engine.search(
                    query, limit: 10, mode: .semantic, filter: scope.narrowing(.none), user: "\(agentID)",
                    check: checks.check(halo: halo, credential: credential)
                ).hits.first?.ticketID
            }
            try await Task.sleep(for: pause)
            guard running(), let best = best ?? nil else { continue }
            _ = await measured(into: &done) { try await halo.ticket(best, as: credential) }
            try await Task.sleep(for: pause)
        }
        return done
    }

    /// Runs one tool call's work, recording its latency and HaloPSA requests in `done`; nil when it failed.
    private static func measured<T>(into done: inout [Call], _ work: () async throws -> T) async -> T? {
        let started = ContinuousClock.now
        let tally = HaloRequestTally()
        do {
            let value = try await tally.counting { try await work() }
            done.append(Call(milliseconds: Double(started.duration(to: .now).milliseconds), requests: tally.count))
            return value
        } catch {
            done.append(Call(milliseconds: nil, requests: tally.count))
            return nil
        }
    }

    /// Starts `hmcp-index run --full` on the simulator with hmcp's limits, the embedding settings of
    /// this process's environment, and the budget shared or not; its output goes to `run.log`.
    private func startIndexer(simulator: BenchSimulator, data: String, shared: Bool) throws -> Process {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: indexer)
        process.arguments = ["run", "--full"]
        let service = try BenchSimulator.object(simulator.accounts["service_application"])
        var environment = ProcessInfo.processInfo.environment
        environment.merge([
            "HMCP_HALO_URL": target.haloURL, "HMCP_EMBED_CLIENT_ID": service["client_id"] as? String ?? "",
            "HMCP_EMBED_CLIENT_SECRET": service["client_secret"] as? String ?? "", "HMCP_DATA_DIR": data, "HMCP_ENV_FILE": data + "/none.env", "HMCP_LOG_LEVEL": "warning",
            "HMCP_HALO_RATE_LIMIT": "\(rateLimit)", "HMCP_HALO_RATE_WINDOW": "\(rateWindow)",
            "HMCP_HALO_SHARED_BUDGET": shared ? "true" : "false",
        ]) { _, new in new }
        process.environment = environment
        FileManager.default.createFile(atPath: data + "/run.log", contents: nil)
        guard let log = FileHandle(forWritingAtPath: data + "/run.log") else { throw ValidationError("cannot write \(data)/run.log") }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    /// The 429s the simulator has answered so far.
    private func rateLimited(_ simulator: BenchSimulator) async throws -> Int {
        try await BenchSimulator.json(simulator.url + "/_sim/stats")["status 429"] as? Int ?? 0
    }

    private func percentile95(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[min(values.count - 1, values.count * 95 / 100)]
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept once.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

extension Array {
    /// The elements from `offset` on, then those before it.
    fileprivate func rotated(by offset: Int) -> [Element] {
        guard !isEmpty else { return self }
        let start = offset % count
        return Array(self[start...] + self[..<start])
    }
}
