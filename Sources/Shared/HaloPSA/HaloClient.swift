import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import Synchronization

/// The HaloPSA REST client: hosted or on-premise, service account or a user's own token, rate-limited
/// per tenant, retried with backoff, every failure a `HaloAPIError`.
///
/// Typed calls live in extensions by family (`HaloClient+Tickets.swift`, ...); this file holds the
/// authentication and the request plumbing they share.
public final class HaloClient: Sendable {
    /// The instance and credentials this client uses.
    public let settings: HaloSettings
    let http: HaloHTTP

    let logger: Logger
    private let serviceTokens: ServiceTokenProvider
    private let discovered = Mutex<HaloAuthEndpoints?>(nil)

    /// A client for `settings`, sending through `httpClient`; `clock` times the service token's renewal
    /// and the waits between retries.
    public init(
        settings: HaloSettings, httpClient: HTTPClient = .shared, clock: any WaitingClock = ContinuousClock(),
        logger: Logger = Logger(label: "hmcp.halo")
    ) {
        self.settings = settings
        self.logger = logger
        let http = HaloHTTP(client: httpClient, settings: settings, clock: clock, logger: logger)
        self.http = http
        serviceTokens = ServiceTokenProvider(clock: clock) { [settings] in
            try await HaloClient.clientCredentialsToken(settings: settings, http: http, logger: logger)
        }
    }

    // MARK: - Authorization server

    /// The authorization server: `auth_url` from `GET /api/authinfo`, else `{base}/auth`; looked up once.
    public func authEndpoints() async -> HaloAuthEndpoints {
        if let known = discovered.withLock({ $0 }) { return known }
        let endpoints = await Self.discover(settings: settings, http: http, logger: logger)
        discovered.withLock { $0 = endpoints }
        return endpoints
    }

    static func discover(settings: HaloSettings, http: HaloHTTP, logger: Logger) async -> HaloAuthEndpoints {
        let fallback = HaloAuthEndpoints(authURL: settings.baseURL + "/auth")
        do {
            let response = try await http.send(.init(method: .GET, url: settings.apiURL + "/authinfo"))
            let info = try JSONDecoder.halo().decode(HaloAuthInfo.self, from: response.body)
            guard var url = info.authURL, url.hasPrefix("http") else { return fallback }
            while url.hasSuffix("/") { url.removeLast() }
            return HaloAuthEndpoints(authURL: url)
        } catch {
            logger.info("HaloPSA authinfo discovery failed; using {base}/auth", metadata: ["error": "\(error)"])
            return fallback
        }
    }

    /// Where to send a user to log in (Authorization Code with PKCE S256), tenant-aware.
    public func authorizationURL(
        redirectURI: String, state: String, codeChallenge: String, scope: String? = nil
    ) async -> String {
        let base = await authEndpoints().authorizeURL(tenant: settings.tenant)
        return HaloQuery.url(
            base,
            [
                ("response_type", "code"), ("client_id", settings.userClientID ?? ""), ("redirect_uri", redirectURI),
                ("scope", scope ?? settings.userScope), ("state", state), ("code_challenge", codeChallenge),
                ("code_challenge_method", "S256"),
            ])
    }

    /// Exchanges a user's authorization code (with our PKCE verifier) for HaloPSA tokens.
    public func exchangeCode(_ code: String, redirectURI: String, codeVerifier: String) async throws -> HaloToken {
        var form = [
            ("grant_type", "authorization_code"), ("client_id", settings.userClientID ?? ""), ("redirect_uri", redirectURI),
            ("code", code), ("code_verifier", codeVerifier), ("scope", settings.userScope),
        ]
        if let secret = settings.userClientSecret { form.append(("client_secret", secret)) }
        return try await tokenRequest(form, tenant: settings.tenant)
    }

    /// Trades a user's (single-use) refresh token for new tokens.
    public func refresh(_ refreshToken: String) async throws -> HaloToken {
        var form = [("grant_type", "refresh_token"), ("client_id", settings.userClientID ?? ""), ("refresh_token", refreshToken)]
        if let secret = settings.userClientSecret { form.append(("client_secret", secret)) }
        return try await tokenRequest(form, tenant: settings.tenant)
    }

    private func tokenRequest(_ form: [(String, String)], tenant: String?) async throws -> HaloToken {
        let url = await authEndpoints().tokenURL(tenant: tenant)
        return try await Self.postToken(url: url, form: form, http: http)
    }

    static func clientCredentialsToken(settings: HaloSettings, http: HaloHTTP, logger: Logger) async throws -> HaloToken {
        guard let clientID = settings.serviceClientID, let secret = settings.serviceClientSecret else {
            throw HaloAPIError(
                kind: .configuration,
                message: "no service account: set HMCP_EMBED_CLIENT_ID and HMCP_EMBED_CLIENT_SECRET")
        }
        let endpoints = await discover(settings: settings, http: http, logger: logger)
        let url = endpoints.tokenURL(tenant: settings.serviceTenant ?? settings.tenant)
        let form = [
            ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret),
            ("scope", settings.serviceScope),
        ]
        let token = try await postToken(url: url, form: form, http: http)
        logger.info("HaloPSA service token obtained", metadata: ["expires_in": "\(token.expiresIn)"])
        return token
    }

    private static func postToken(url: String, form: [(String, String)], http: HaloHTTP) async throws -> HaloToken {
        var request = HaloHTTP.Request(method: .POST, url: url, body: Data(FormURLEncoding.encode(form).utf8))
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let response = try await http.send(request)
        do {
            return try JSONDecoder.halo().decode(HaloToken.self, from: response.body)
        } catch {
            throw HaloAPIError(kind: .decoding, status: response.status, message: "token answer without access_token")
        }
    }

    /// How much of the tenant's request budget is in use (by every hmcp process here, when it is shared).
    public func budgetUsage() -> HaloBudgetUsage {
        http.limiter.usage()
    }

    // MARK: - API plumbing

    /// Sends an `/api` request with `credential`; a service token HaloPSA rejects with 401 is renewed once.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        as credential: HaloCredential
    ) async throws -> HaloHTTP.Response {
        var request = HaloHTTP.Request(method: method, url: HaloQuery.url(settings.apiURL + path, query), body: body)
        if body != nil { request.headers.add(name: "Content-Type", value: "application/json") }
        switch credential {
        case .user(let token):
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            return try await http.send(request)
        case .serviceAccount:
            let token = try await serviceTokens.accessToken()
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
            do {
                return try await http.send(request)
            } catch let error as HaloAPIError where error.kind == .unauthorized {
                await serviceTokens.invalidate(token)
                request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(try await serviceTokens.accessToken())")
                return try await http.send(request)
            }
        }
    }

    /// GET and decode one object.
    func get<T: Decodable>(
        _ path: String, query: [(String, String)] = [], as credential: HaloCredential
    ) async throws -> T {
        try decode(T.self, from: try await send(.GET, path, query: query, as: credential))
    }

    /// GET a list that may be a bare array or an envelope keyed `listKey`.
    func getList<T: Decodable & Sendable>(
        _ path: String, query: [(String, String)] = [], listKey: String, as credential: HaloCredential
    ) async throws -> HaloList<T> {
        let response = try await send(.GET, path, query: query, as: credential)
        let decoder = JSONDecoder.halo()
        decoder.userInfo[.haloListKey] = listKey
        do {
            return try decoder.decode(HaloList<T>.self, from: response.body)
        } catch {
            throw HaloAPIError(kind: .decoding, status: response.status, message: "unreadable \(path) list: \(error)")
        }
    }

    /// POST one record as HaloPSA's array upsert and decode the saved record.
    func upsert<Body: Encodable, T: Decodable>(
        _ path: String, _ record: Body, as credential: HaloCredential
    ) async throws -> T {
        let body = try JSONEncoder.halo().encode([record])
        let response = try await send(.POST, path, body: body, as: credential)
        // One posted record answers with the record; tolerate an array of one as well.
        if let records = try? JSONDecoder.halo().decode([T].self, from: response.body), let first = records.first {
            return first
        }
        return try decode(T.self, from: response)
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: HaloHTTP.Response) throws -> T {
        do {
            return try JSONDecoder.halo().decode(T.self, from: response.body)
        } catch {
            throw HaloAPIError(kind: .decoding, status: response.status, message: "unreadable \(T.self): \(error)")
        }
    }
}
