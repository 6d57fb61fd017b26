import AsyncHTTPClient
import Crypto
import Foundation
import HaloSim
import Logging
import NIOCore
import Shared

/// A simulator started for one test, with clients pointed at it; `stop()` must be called (use `withSimulator`).
public struct SimulatorHarness: Sendable {
    /// The running simulator.
    public let simulator: HaloSimulator

    /// A harness for a simulator started elsewhere (e.g. by a test's whole stack).
    public init(simulator: HaloSimulator) { self.simulator = simulator }

    /// Its base URL.
    public var baseURL: String { simulator.baseURL }

    /// Client settings for the simulator: its registered applications, a generous rate limit and short backoffs.
    public func settings(tenant: String? = nil, maxRetries: Int = 0, rateLimit: Int = 100_000, rateWindow: Double = 300) -> HaloSettings {
        HaloSettings(
            baseURL: baseURL, tenant: tenant,
            userClientID: SeededAccounts.Credentials.userClientID, userClientSecret: SeededAccounts.Credentials.userClientSecret,
            serviceClientID: SeededAccounts.Credentials.serviceClientID,
            serviceClientSecret: SeededAccounts.Credentials.serviceClientSecret,
            requestTimeout: 10, maxRetries: maxRetries, rateLimit: rateLimit, rateWindow: rateWindow, maxBackoff: 5)
    }

    /// A client of the simulator (with `settings`, by default ``settings(tenant:maxRetries:rateLimit:rateWindow:)``'s),
    /// telling time (token renewal, waits between retries) by `clock`.
    public func client(_ settings: HaloSettings? = nil, clock: any WaitingClock = ContinuousClock()) -> HaloClient {
        HaloClient(settings: settings ?? self.settings(), clock: clock, logger: Logger(label: "test.halo"))
    }

    /// Logs `username` in through the simulator's scriptable login form and returns their HaloPSA tokens,
    /// exercising the client's code exchange with PKCE.
    public func logIn(_ username: String, client: HaloClient, verifier: String = "verifier-\(UUID().uuidString)-0123456789") async throws -> HaloToken {
        let redirect = "http://127.0.0.1:1/callback"
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
        let authorize = await client.authorizationURL(redirectURI: redirect, state: "st", codeChallenge: challenge)
        let query = try required(URLComponents(string: authorize)?.queryItems, "authorization URL without a query")
        var form = query.map { ($0.name, $0.value ?? "") }.filter { $0.0 != "tenant" }
        form.append(("username", username))
        var request = HTTPClientRequest(url: authorize)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics) ?? "")" }.joined(separator: "&")))
        let response = try await Self.browser.execute(request, timeout: .seconds(10))
        let location = try required(response.headers.first(name: "Location"), "login answered \(response.status)")
        let code = try required(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value, "no code in \(location)")
        return try await client.exchangeCode(code, redirectURI: redirect, codeVerifier: verifier)
    }

    /// GET or POST a `/_sim` admin endpoint and return its JSON.
    public func admin(_ path: String, post body: String? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = Data(buffer: try await response.body.collect(upTo: 16 << 20))
        return try required(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) answered no JSON object")
    }

    /// Deletes a ticket through HaloPSA's API (`DELETE /api/Tickets/{id}`) as the service account.
    public func deleteTicket(_ id: Int) async throws {
        var request = HTTPClientRequest(url: baseURL + "/api/Tickets/\(id)")
        request.method = .DELETE
        try await sendAsService(request, "DELETE ticket \(id)")
    }

    /// A new ticket (with the client and type of the first listed one) holding the "Logged" action and
    /// `notes` private notes ("Note 1" ...: action ids 2 ... notes + 1), as the service account.
    public func ticket(withNotes notes: Int) async throws -> Int {
        let client = client()
        let existing = try required(try await client.tickets(pageSize: 1, as: .serviceAccount).tickets.first, "no ticket to copy")
        var new = NewTicket(summary: "Intermittent VPN drops at the Leeds office")
        new.clientID = existing.clientID
        new.ticketTypeID = existing.ticketTypeID
        let id = try await client.createTicket(new, as: .serviceAccount).id
        try await addNotes(notes, toTicket: id)
        return id
    }

    /// Adds `count` private notes ("Note 1", "Note 2", ...) to a ticket in one `POST /api/Actions`, as the
    /// service account: a long history in one request.
    public func addNotes(_ count: Int, toTicket id: Int) async throws {
        let items = (1...count).map { "{\"ticket_id\": \(id), \"outcome_id\": 2, \"note\": \"Note \($0)\"}" }
        var request = HTTPClientRequest(url: baseURL + "/api/Actions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "[\(items.joined(separator: ","))]"))
        try await sendAsService(request, "adding \(count) notes to ticket \(id)")
    }

    /// Sends `request` with a service-account token; throws unless it succeeds.
    private func sendAsService(_ request: HTTPClientRequest, _ what: String) async throws {
        var tokenRequest = HTTPClientRequest(url: baseURL + "/auth/token")
        tokenRequest.method = .POST
        tokenRequest.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        tokenRequest.body = .bytes(ByteBuffer(string: "grant_type=client_credentials&scope=all&client_id=\(SeededAccounts.Credentials.serviceClientID)&client_secret=\(SeededAccounts.Credentials.serviceClientSecret)"))
        let tokenResponse = try await HTTPClient.shared.execute(tokenRequest, timeout: .seconds(10))
        let tokenBody = try JSONSerialization.jsonObject(with: Data(buffer: try await tokenResponse.body.collect(upTo: 1 << 20))) as? [String: Any]
        let token = try required(tokenBody?["access_token"] as? String, "no service token")
        var request = request
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        guard response.status.code < 300 else { throw HarnessError(description: "\(what) answered \(response.status)") }
    }

    /// How many requests the simulator has seen for `method` and `path` (any case).
    public func count(_ method: String, _ path: String) async throws -> Int {
        (try await admin("/_sim/stats")["\(method.uppercased()) \(path.lowercased())"] as? Int) ?? 0
    }

    /// An HTTP client that does not follow redirects (the login answers with one to the client's redirect URI).
    public static let browser = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}

/// Starts a simulator with `configure` applied, runs `body`, and always stops it.
public func withSimulator<T>(
    tickets: Int = 300, configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: (SimulatorHarness) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration(logger: Logger(label: "test.sim"))
    configuration.ticketCount = tickets
    configure(&configuration)
    let simulator = try await HaloSimulator.start(configuration)
    do {
        let result = try await body(SimulatorHarness(simulator: simulator))
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// A failure of the test harness itself.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
}

/// `value`, or a `HarnessError` saying `message`.
public func required<T>(_ value: T?, _ message: @autoclosure () -> String) throws -> T {
    guard let value else { throw HarnessError(description: message()) }
    return value
}

extension Data {
    /// Base64url without padding (PKCE challenges).
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
