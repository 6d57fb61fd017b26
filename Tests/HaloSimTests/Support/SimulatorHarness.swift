import AsyncHTTPClient
import Crypto
import Foundation
import HaloSim
import NIOCore
import NIOHTTP1

/// A started simulator plus an HTTP client that talks to it over loopback, the way a Halo client would.
struct SimulatorHarness: Sendable {
    let simulator: HaloSimulator
    let http: HTTPClient

    /// An answer: status, headers and body text.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let text: String

        /// The body parsed as JSON (fails the caller when it is not JSON).
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }

        /// The body as a JSON object.
        func object() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw HarnessError("not a JSON object: \(text.prefix(200))") }
            return object
        }

        /// The body as a JSON array.
        func array() throws -> [Any] {
            guard let array = try json() as? [Any] else { throw HarnessError("not a JSON array: \(text.prefix(200))") }
            return array
        }
    }

    /// Starts a simulator configured by `configure` (small dataset by default), runs `body`, always stops it.
    static func run(
        tickets: Int = 300, _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: (SimulatorHarness) async throws -> Void
    ) async throws {
        var configuration = SimulatorConfiguration()
        configuration.ticketCount = tickets
        configure(&configuration)
        let simulator = try await HaloSimulator.start(configuration)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let harness = SimulatorHarness(simulator: simulator, http: http)
        do {
            try await body(harness)
        } catch {
            try? await http.shutdown()
            await simulator.stop()
            throw error
        }
        try await http.shutdown()
        await simulator.stop()
    }

    /// Sends a request to `path` (relative to the base URL).
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil, form: [(String, String)]? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: simulator.baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.encode(form)))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: body))
    }

    /// GET with a bearer token.
    func get(_ path: String, token: String?) async throws -> Answer { try await send(.GET, path, token: token) }

    /// A client_credentials access token from the service application.
    func serviceToken(scope: String? = "all", tenant: String? = nil) async throws -> String {
        var form = [
            ("grant_type", "client_credentials"), ("client_id", simulator.seeded.serviceApplication.clientID),
            ("client_secret", simulator.seeded.serviceApplication.clientSecret),
        ]
        if let scope { form.append(("scope", scope)) }
        let answer = try await send(.POST, "/auth/token" + (tenant.map { "?tenant=\($0)" } ?? ""), form: form)
        guard answer.status == 200, let token = try answer.object()["access_token"] as? String else {
            throw HarnessError("token request failed: \(answer.status) \(answer.text)")
        }
        return token
    }

    /// Logs `username` in through the authorisation page's form POST and returns the code from the redirect.
    func authorizationCode(
        username: String, verifier: String, redirectURI: String = "http://127.0.0.1:9/callback",
        scope: String = "all offline_access", state: String = "state-123", tenant: String? = nil
    ) async throws -> String {
        let answer = try await send(
            .POST, "/auth/authorize" + (tenant.map { "?tenant=\($0)" } ?? ""),
            form: [
                ("response_type", "code"), ("client_id", simulator.seeded.userApplication.clientID), ("redirect_uri", redirectURI),
                ("scope", scope), ("state", state), ("code_challenge", Self.challenge(verifier)), ("code_challenge_method", "S256"),
                ("username", username),
            ])
        guard answer.status == 302, let location = answer.headers.first(name: "location"),
            let items = URLComponents(string: location)?.queryItems, items.first(where: { $0.name == "state" })?.value == state,
            let code = items.first(where: { $0.name == "code" })?.value
        else { throw HarnessError("login failed: \(answer.status) \(answer.headers)") }
        return code
    }

    /// Exchanges a code; returns the raw answer.
    func exchange(code: String, verifier: String, redirectURI: String = "http://127.0.0.1:9/callback") async throws -> Answer {
        try await send(.POST, "/auth/token", form: [
            ("grant_type", "authorization_code"), ("client_id", simulator.seeded.userApplication.clientID), ("code", code),
            ("redirect_uri", redirectURI), ("code_verifier", verifier),
        ])
    }

    /// An access token (and refresh token) for an agent, through the full authorization_code + PKCE flow.
    func userTokens(agentID: Int, scope: String = "all offline_access") async throws -> (access: String, refresh: String?) {
        guard let agent = simulator.seeded.agent(id: agentID) else { throw HarnessError("no agent \(agentID)") }
        let verifier = "verifier-\(agentID)-abcdefghijklmnopqrstuvwxyz0123456789"
        let code = try await authorizationCode(username: agent.username, verifier: verifier, scope: scope)
        let answer = try await exchange(code: code, verifier: verifier)
        let body = try answer.object()
        guard answer.status == 200, let access = body["access_token"] as? String else { throw HarnessError("exchange failed: \(answer.text)") }
        return (access, body["refresh_token"] as? String)
    }

    /// Ticket ids the simulator says `agentID` may see (`/_sim/visibility`).
    func visibleTicketIDs(agentID: Int) async throws -> Set<Int> {
        let body = try await get("/_sim/visibility?agent_id=\(agentID)", token: nil).object()
        return Set((body["ticket_ids"] as? [Int]) ?? [])
    }

    /// All ticket ids an agent's token lists, paging through with `pageinate=true`.
    func listedTicketIDs(token: String, extraQuery: String = "") async throws -> [Int] {
        var ids: [Int] = []
        var page = 1
        while true {
            let body = try await get("/api/Tickets?pageinate=true&page_size=100&page_no=\(page)\(extraQuery)", token: token).object()
            let rows = body["tickets"] as? [[String: Any]] ?? []
            ids += rows.compactMap { $0["id"] as? Int }
            let total = body["record_count"] as? Int ?? 0
            if rows.isEmpty || ids.count >= total { return ids }
            page += 1
        }
    }

    /// BASE64URL(SHA256(verifier)).
    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A form body or query string.
    static func encode(_ form: [(String, String)]) -> String {
        form.map { "\(encodeComponent($0.0))=\(encodeComponent($0.1))" }.joined(separator: "&")
    }

    /// One percent-encoded form or query component.
    static func encodeComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A harness step that could not proceed.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
