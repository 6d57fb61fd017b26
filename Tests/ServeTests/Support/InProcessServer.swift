import Foundation
@testable import HMCPServe
import HMCPTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Shared

/// `hmcp-serve` built in process by ``buildApplication(settings:dependencies:whenListening:)`` over a
/// scripted HaloPSA, a manual clock and a real state database in a temporary folder, driven through
/// Hummingbird's router test client (no sockets). Always removed by ``withInProcessServer(_:_:)``.
struct InProcessServer {
    /// The public URL the server believes it has.
    static let publicURL = "http://hmcp.test"

    let server: ServeApplication
    let halo: ScriptedHalo
    let clock: ManualClock
    let store: SQLiteStateStore
    let sealer: TokenSealer
    let directory: URL

    /// Stores what the relay would for `agent`'s sign-in: a registered client and a grant holding the
    /// scripted HaloPSA tokens, sealed.
    func grant(for agent: Agent, scope: String = MCPScope.halopsa) async throws -> HaloGrant {
        halo.addAgent(agent)
        let clientID = "in-process-client-\(agent.id)"
        try await store.insertClient(
            RegisteredClient(
                clientID: clientID, clientName: "In-process test", redirectURIs: ["http://127.0.0.1/callback"],
                grantTypes: ["authorization_code", "refresh_token"], responseTypes: ["code"], tokenEndpointAuthMethod: "none",
                clientSecretDigest: nil, issuedAt: clock.date))
        return try await grants.createGrant(
            clientID: clientID, agent: agent, scope: scope, resource: Self.publicURL + "/mcp",
            token: HaloToken(
                accessToken: ScriptedHalo.accessToken(ofAgent: agent.id), refreshToken: "unused", expiresIn: 3600, scope: "all"))
    }

    /// Signs `agent` in the way the relay would (a grant and an MCP access token whose digest is stored)
    /// and returns the bearer token.
    func signIn(_ agent: Agent, scope: String = MCPScope.halopsa, expiresIn: Int = 3600) async throws -> String {
        let grant = try await grant(for: agent, scope: scope)
        let minted = TokenIssuer(accessTokenTTL: expiresIn, refreshTokenTTL: 86_400).mint(
            grantID: grant.id, clientID: grant.clientID, scope: scope, resource: grant.resource, now: clock.date)
        try await store.insertTokens(minted.records)
        return minted.response.accessToken
    }

    /// The grant broker over this server's store, sealer and scripted HaloPSA.
    var grants: HaloGrantBroker {
        HaloGrantBroker(
            store: store, sealer: sealer, halo: halo, refreshMargin: 60, clock: clock, logger: server.application.logger)
    }

    /// Runs `body` with a client of the router (requests go straight to the responder).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.application.test(.router, body)
    }
}

/// Builds a server in process (its settings changed by `adjust`), runs `body`, and removes its folder.
func withInProcessServer(
    _ adjust: (inout ServerSettings) -> Void = { _ in }, _ body: (InProcessServer) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-in-process-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var logger = Logger(label: "in-process") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = ProcessInfo.processInfo.environment["HMCP_TEST_LOG"] == "1" ? .debug : .critical
    var settings = ServerSettings(
        publicURL: InProcessServer.publicURL, host: "127.0.0.1", port: 0,
        stateDatabasePath: directory.appendingPathComponent("state.sqlite").path,
        encryptionKey: "in-process-encryption-key-long-enough",
        halo: HaloSettings(baseURL: "https://halo.invalid", userClientID: "in-process"), keepAliveSeconds: 1)
    adjust(&settings)
    let clock = ManualClock()
    let halo = ScriptedHalo()
    let store = try SQLiteStateStore(path: settings.stateDatabasePath)
    let sealer = try TokenSealer(key: settings.encryptionKey)
    let dependencies = ServeDependencies(
        clock: clock, store: store, sealer: sealer, halo: halo, httpClient: .shared, search: nil, logger: logger)
    try await body(
        InProcessServer(
            server: buildApplication(settings: settings, dependencies: dependencies), halo: halo, clock: clock, store: store,
            sealer: sealer, directory: directory))
}
