import ArgumentParser
import Foundation
import Logging
import Shared

/// `hmcp-bench permissions`: what a permission-checked search costs in HaloPSA requests, against a
/// running `halo-sim`. Indexes every simulated ticket (one summary chunk each, embedded with a
/// hashed-trigram embedder: the permission path does not depend on the model), signs in an
/// administrator, a team-restricted agent and a client-restricted agent, and runs the same searches
/// for each: first as hmcp does now (visibility scope, batched checks, candidate cap) with the
/// simulator answering every request after `--latency-ms`, then ticket by ticket without a cap, as
/// hmcp did before, with no added latency. Each search starts with empty caches, so every figure is
/// a first search's cost.
struct PermissionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permissions",
        abstract: "HaloPSA requests and latency per permission-checked search, batched vs ticket by ticket, against halo-sim."
    )

    @OptionGroup var target: BenchSimulatorOptions

    @Option(help: "Directory for the index (replaced).")
    var data = ".bench/permissions"

    @Option(help: "Searches per agent.")
    var searches = 50

    @Option(help: "Results per search.")
    var limit = 10

    func run() async throws {
        let simulator = try await BenchSimulator(url: target.haloURL)
        let halo = HaloClient(settings: try simulator.settings(), logger: Logger(label: "bench.halo"))
        try await simulator.setLatency(0)

        let tickets = try await halo.allTickets(as: .serviceAccount)
        let search = try simulator.searchIndex(of: tickets, in: data)
        print("index: \(tickets.count) tickets; \(searches) searches per agent, limit \(limit); candidate cap \(PermissionFilter.defaultCandidateCap)")
        let queries = (0..<searches).map { index in tickets[(index * 7919 + 13) % tickets.count].summary ?? "printer" }

        let agents: [(String, String)] = [
            ("administrator", "admin_agent_id"), ("team-restricted", "manager_agent_id"), ("client-restricted", "client_restricted_agent_id"),
        ]
        print("agent              sees    batched: requests/search median max  latency median (\(target.latencyMs) ms/request)   per ticket, uncapped: requests/search median max   identical  (others: cap hit, a prefix)")
        for (kind, key) in agents {
            let agentID = try simulator.agentID(key)
            let credential = HaloCredential.user(accessToken: try await simulator.signIn(agentID: agentID, halo: halo))
            let visible = try await simulator.visibleTickets(of: agentID)

            try await simulator.setLatency(target.latencyMs)
            var batched: [Measured] = []
            for query in queries {
                batched.append(try await measure {
                    let scope = try await VisibilityScopes().scope(of: "\(agentID)") { try await halo.me(as: credential) }
                    let checks = HaloPermissionChecks(logger: Logger(label: "bench.permissions"))
                    return try await search(PermissionFilter()).search(
                        query, limit: limit, mode: .semantic, filter: scope.narrowing(.none), user: "\(agentID)",
                        check: checks.check(halo: halo, credential: credential))
                })
            }
            try await simulator.setLatency(0)
            var single: [Measured] = []
            for query in queries {
                single.append(try await measure {
                    try await search(PermissionFilter(candidateCap: tickets.count)).search(
                        query, limit: limit, mode: .semantic, user: "\(agentID)",
                        check: .perTicket(concurrency: 8) { try await HaloPermissionChecks.visibility(of: $0, halo: halo, credential: credential) })
                })
            }
            let identical = zip(batched, single).filter { $0.ids == $1.ids }.count
            // A search the cap stopped (it says so) may find fewer tickets than the uncapped one, never others.
            let cappedPrefixes = zip(batched, single).filter {
                $0.ids != $1.ids && $0.stop == .candidateCap && Array($1.ids.prefix($0.ids.count)) == $0.ids
            }.count
            let leaked = batched.flatMap(\.ids).filter { !visible.contains($0) }.count
            let share = String(format: "%.1f%%", 100 * Double(visible.count) / Double(max(tickets.count, 1)))
            print(
                kind.padding(toLength: 18, withPad: " ", startingAt: 0), share.padding(toLength: 8, withPad: " ", startingAt: 0),
                String(format: "%37d %4d %15.0f ms %60d %6d %9d/%d  (%d)", median(batched.map(\.requests)), batched.map(\.requests).max() ?? 0,
                       median(batched.map(\.milliseconds)), median(single.map(\.requests)), single.map(\.requests).max() ?? 0,
                       identical, queries.count, cappedPrefixes))
            print("permissions_\(kind)_requests_median=\(median(batched.map(\.requests))) max=\(batched.map(\.requests).max() ?? 0)"
                + " latency_ms_median=\(Int(median(batched.map(\.milliseconds)))) baseline_requests_median=\(median(single.map(\.requests)))"
                + " baseline_max=\(single.map(\.requests).max() ?? 0) identical=\(identical)/\(queries.count) capped_prefix=\(cappedPrefixes) hidden_returned=\(leaked)")
        }
    }

    /// One search's results, HaloPSA requests and latency.
    struct Measured {
        let ids: [Int]
        let stop: PermissionFilter.Stop?
        let requests: Int
        let milliseconds: Double
    }

    private func measure(_ body: () async throws -> SemanticSearch.Results) async throws -> Measured {
        let tally = HaloRequestTally()
        let started = ContinuousClock.now
        let results = try await tally.counting { try await body() }
        let elapsed = started.duration(to: .now)
        return Measured(ids: results.hits.map(\.ticketID), stop: results.stop, requests: tally.count, milliseconds: Double(elapsed.milliseconds))
    }
}
