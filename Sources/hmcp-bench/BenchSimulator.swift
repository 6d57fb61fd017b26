import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import Shared

/// A running `halo-sim` as the benchmarks use it: its seeded accounts, sign-in of any agent through
/// its login form, its fault settings, and a search index of its tickets.
struct BenchSimulator {
    /// Base URL.
    let url: String
    /// `GET /_sim/accounts`.
    let accounts: [String: Any]

    /// Reads the accounts of the simulator at `url`.
    init(url: String) async throws {
        self.url = url
        accounts = try await Self.json(url + "/_sim/accounts")
    }

    /// HaloPSA settings with the simulator's two registered applications and the given limits.
    func settings(
        maxRetries: Int = 0, rateLimit: Int = 10_000_000, rateWindow: Double = 300, sharedBudget: SharedBudgetSettings? = nil
    ) throws -> HaloSettings {
        let user = try Self.object(accounts["user_application"])
        let service = try Self.object(accounts["service_application"])
        var settings = HaloSettings(
            baseURL: url, userClientID: user["client_id"] as? String, userClientSecret: user["client_secret"] as? String,
            serviceClientID: service["client_id"] as? String, serviceClientSecret: service["client_secret"] as? String,
            requestTimeout: 60, maxRetries: maxRetries, rateLimit: rateLimit, rateWindow: rateWindow)
        settings.sharedBudget = sharedBudget
        return settings
    }

    /// The agent id the accounts list under `key` (e.g. `admin_agent_id`).
    func agentID(_ key: String) throws -> Int {
        guard let number = accounts[key] as? Int else { throw ValidationError("halo-sim answered an unexpected shape") }
        return number
    }

    /// Every seeded agent's id.
    var agentIDs: [Int] {
        (accounts["agents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    /// Every ticket agent `agentID` may see.
    func visibleTickets(of agentID: Int) async throws -> Set<Int> {
        Set(try Self.object(try await Self.json(url + "/_sim/visibility?agent_id=\(agentID)"))["ticket_ids"] as? [Int] ?? [])
    }

    /// Signs agent `agentID` in through the simulator's login form (PKCE) and returns their access token.
    func signIn(agentID: Int, halo: HaloClient) async throws -> String {
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
        request.body = .bytes(ByteBuffer(string: FormURLEncoding.encode(form)))
        let response = try await Self.browser.execute(request, timeout: .seconds(30))
        guard let location = response.headers.first(name: "Location"),
            let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value
        else { throw ValidationError("halo-sim's login answered \(response.status) without a code") }
        return try await halo.exchangeCode(code, redirectURI: redirect, codeVerifier: verifier).accessToken
    }

    /// Makes the simulator wait `milliseconds` before answering each request.
    func setLatency(_ milliseconds: Int) async throws {
        var request = HTTPClientRequest(url: url + "/_sim/faults")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{\"latency_ms\": \(milliseconds)}"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        guard response.status == .ok else { throw ValidationError("halo-sim refused the latency setting: \(response.status)") }
    }

    /// Writes one index version of `tickets` in `data` (replaced): one summary chunk each, embedded with
    /// a hashed-trigram embedder (the permission path does not depend on the model). Returns a search
    /// over it for a given permission filter.
    func searchIndex(of tickets: [Ticket], in data: String) throws -> (PermissionFilter) -> SemanticSearch {
        let root = URL(fileURLWithPath: data)
        try? FileManager.default.removeItem(at: root)
        let directory = IndexDirectory(dataDirectory: root)
        let embedder = TrigramEmbedder(dimension: 64, modelID: "bench:trigram")
        let publisher = try directory.acquire()
        let pending = try publisher.beginVersion()
        let writer = try IndexVersionWriter(
            directory: pending.url, indexVersion: pending.number,
            build: IndexBuild(embeddingProvider: "local", modelID: embedder.modelID, dimension: embedder.dimension, sourceURL: url))
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
        return { [url] permissions in
            SemanticSearch(live: live, embedder: embedder, permissions: permissions, haloBaseURL: url, logger: Logger(label: "bench"))
        }
    }

    /// The JSON object at `url`.
    static func json(_ url: String) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return try object(try JSONSerialization.jsonObject(with: Data(buffer: body)))
    }

    /// `value` as a JSON object, or an error saying the simulator answered something else.
    static func object(_ value: Any?) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw ValidationError("halo-sim answered an unexpected shape") }
        return object
    }

    /// An HTTP client that does not follow redirects (the login answers with one).
    private static let browser = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}

/// The middle value of `values` (the upper one of an even count); 0 when there are none.
func median<T: Comparable & ExpressibleByIntegerLiteral>(_ values: [T]) -> T {
    values.isEmpty ? 0 : values.sorted()[values.count / 2]
}

/// The options of the benches that talk to a running halo-sim: where it is, and how slowly it answers.
struct BenchSimulatorOptions: ParsableArguments {
    @Option(help: "The running halo-sim's base URL.")
    var haloURL: String

    @Option(help: "Milliseconds the simulator waits before answering each request (the permissions bench: in its batched run).")
    var latencyMs = 150
}
