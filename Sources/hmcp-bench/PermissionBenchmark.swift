import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
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

    @Option(help: "The running halo-sim's base URL.")
    var haloURL: String

    @Option(help: "Directory for the index (replaced).")
    var data = ".bench/permissions"

    @Option(help: "Searches per agent.")
    var searches = 50

    @Option(help: "Results per search.")
    var limit = 10

    @Option(help: "Milliseconds the simulator waits before answering each request in the batched run.")
    var latencyMs = 150

    func run() async throws {
        let accounts = try await Self.json(haloURL + "/_sim/accounts")
        let user = try Self.object(accounts["user_application"])
        let service = try Self.object(accounts["service_application"])
        let settings = HaloSettings(
            baseURL: haloURL, userClientID: user["client_id"] as? String, userClientSecret: user["client_secret"] as? String,
            serviceClientID: service["client_id"] as? String, serviceClientSecret: service["client_secret"] as? String,
            requestTimeout: 60, maxRetries: 0, rateLimit: 10_000_000)
        let halo = HaloClient(settings: settings, logger: Logger(label: "bench.halo"))
        try await Self.setLatency(0, at: haloURL)

        let tickets = try await halo.allTickets(as: .serviceAccount)
        let search = try buildIndex(of: tickets)
        print("index: \(tickets.count) tickets; \(searches) searches per agent, limit \(limit); candidate cap \(PermissionFilter.defaultCandidateCap)")
        let queries = (0..<searches).map { index in tickets[(index * 7919 + 13) % tickets.count].summary ?? "printer" }

        let agents: [(String, String)] = [
            ("administrator", "admin_agent_id"), ("team-restricted", "manager_agent_id"), ("client-restricted", "client_restricted_agent_id"),
        ]
        print("agent              sees    batched: requests/search median max  latency median (\(latencyMs) ms/request)   per ticket, uncapped: requests/search median max   identical")
        for (kind, key) in agents {
            let agentID = try Self.int(accounts[key])
            let credential = HaloCredential.user(accessToken: try await signIn(agentID: agentID, accounts: accounts, halo: halo))
            let visible = Set(try Self.object(try await Self.json(haloURL + "/_sim/visibility?agent_id=\(agentID)"))["ticket_ids"] as? [Int] ?? [])

            try await Self.setLatency(latencyMs, at: haloURL)
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
            try await Self.setLatency(0, at: haloURL)
            var single: [Measured] = []
            for query in queries {
                single.append(try await measure {
                    try await search(PermissionFilter(candidateCap: tickets.count)).search(
                        query, limit: limit, mode: .semantic, user: "\(agentID)",
                        check: .perTicket(concurrency: 8) { try await HaloPermissionChecks.visibility(of: $0, halo: halo, credential: credential) })
                })
            }
            let identical = zip(batched, single).filter { $0.ids == $1.ids }.count
            let leaked = batched.flatMap(\.ids).filter { !visible.contains($0) }.count
            let share = String(format: "%.1f%%", 100 * Double(visible.count) / Double(max(tickets.count, 1)))
            print(
                kind.padding(toLength: 18, withPad: " ", startingAt: 0), share.padding(toLength: 8, withPad: " ", startingAt: 0),
                String(format: "%37d %4d %15.0f ms %60d %6d %9d/%d", Self.median(batched.map(\.requests)), batched.map(\.requests).max() ?? 0,
                       Self.median(batched.map(\.milliseconds)), Self.median(single.map(\.requests)), single.map(\.requests).max() ?? 0,
                       identical, queries.count))
            print("permissions_\(kind)_requests_median=\(Self.median(batched.map(\.requests))) max=\(batched.map(\.requests).max() ?? 0)"
                + " latency_ms_median=\(Int(Self.median(batched.map(\.milliseconds)))) baseline_requests_median=\(Self.median(single.map(\.requests)))"
                + " baseline_max=\(single.map(\.requests).max() ?? 0) identical=\(identical)/\(queries.count) hidden_returned=\(leaked)")
        }
    }

    /// One search's results, HaloPSA requests and latency.
    struct Measured {
        let ids: [Int]
        let requests: Int
        let milliseconds: Double
    }

    private func measure(_ body: () async throws -> SemanticSearch.Results) async throws -> Measured {
        let tally = HaloRequestTally()
        let started = ContinuousClock.now
        let results = try await tally.counting { try await body() }
        let elapsed = started.duration(to: .now)
        return Measured(ids: results.hits.map(\.ticketID), requests: tally.count, milliseconds: Double(elapsed.milliseconds))
    }

    /// Writes one index version of `tickets` and returns a search over it for a given filter.
    private func buildIndex(of tickets: [Ticket]) throws -> (PermissionFilter) -> SemanticSearch {
        let root = URL(fileURLWithPath: data)
        try? FileManager.default.removeItem(at: root)
        let directory = IndexDirectory(dataDirectory: root)
        let embedder = TrigramEmbedder(dimension: 64, modelID: "bench:trigram")
        let publisher = try directory.acquire()
        let pending = try publisher.beginVersion()
        let writer = try IndexVersionWriter(
            directory: pending.url, indexVersion: pending.number,
            build: IndexBuild(embeddingProvider: "local", modelID: embedder.modelID, dimension: embedder.dimension, sourceURL: haloURL))
        for ticket in tickets {
            let summary = ticket.summary ?? ""
            try writer.append(
                ticket: IndexedTicket(
                    id: ticket.id, summary: summary, clientID: ticket.clientID, teamID: ticket.teamID, statusID: ticket.statusID,
                    fingerprint: "\(ticket.id)"),
                chunks: [Chunk(ticketID: ticket.id, kind: .summary, actionID: nil, ordinal: 0, text: summary)],
                vectors: Matrix(rows: 1, columns: embedder.dimension, values: embedder.vector(summary)))
        }
        _ = try writer.finish(highWaterMark: nil)
        try publisher.publish(pending)
        publisher.release()
        let live = LiveIndex(directory: directory, expecting: .init(modelID: embedder.modelID, dimension: embedder.dimension), logger: Logger(label: "bench"))
        guard live.refresh() else { throw ValidationError("the benchmark index could not be opened") }
        return { [haloURL] permissions in
            SemanticSearch(live: live, embedder: embedder, permissions: permissions, haloBaseURL: haloURL, logger: Logger(label: "bench"))
        }
    }

    /// Signs agent `agentID` in through the simulator's login form (PKCE) and returns their access token.
    private func signIn(agentID: Int, accounts: [String: Any], halo: HaloClient) async throws -> String {
        let agents = accounts["agents"] as? [[String: Any]] ?? []
        guard let username = agents.first(where: { $0["id"] as? Int == agentID })?["username"] as? String else {
            throw ValidationError("halo-sim lists no agent \(agentID)")
        }
        let (verifier, challenge) = PKCE.makePair()
        let redirect = "http://127.0.0.1:1/callback"
        let authorize = await halo.authorizationURL(redirectURI: redirect, state: "bench", codeChallenge: challenge)
        var form = (URLComponents(string: authorize)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        form.append(("username", username))
        var request = HTTPClientRequest(url: authorize)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form.map { "\($0.0)=\(Self.encoded($0.1))" }.joined(separator: "&")))
        let response = try await Self.browser.execute(request, timeout: .seconds(30))
        guard let location = response.headers.first(name: "Location"),
            let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value
        else { throw ValidationError("halo-sim's login answered \(response.status) without a code") }
        return try await halo.exchangeCode(code, redirectURI: redirect, codeVerifier: verifier).accessToken
    }

    private static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// An HTTP client that does not follow redirects (the login answers with one).
    private static let browser = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    private static func setLatency(_ milliseconds: Int, at base: String) async throws {
        var request = HTTPClientRequest(url: base + "/_sim/faults")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{\"latency_ms\": \(milliseconds)}"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw ValidationError("halo-sim refused the latency setting: \(response.status)") }
    }

    private static func json(_ url: String) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return try object(try JSONSerialization.jsonObject(with: Data(buffer: body)))
    }

    private static func object(_ value: Any?) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw ValidationError("halo-sim answered an unexpected shape") }
        return object
    }

    private static func int(_ value: Any?) throws -> Int {
        guard let number = value as? Int else { throw ValidationError("halo-sim answered an unexpected shape") }
        return number
    }

    private static func median<T: BinaryInteger>(_ values: [T]) -> T {
        values.sorted()[values.count / 2]
    }

    private static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }
}

