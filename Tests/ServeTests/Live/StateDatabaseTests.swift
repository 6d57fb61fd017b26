import Foundation
@testable import HMCPServe
import Shared
import Testing

/// `state.sqlite` (with its WAL) never holds a token in the clear: MCP tokens and client secrets only
/// as SHA-256 digests, HaloPSA tokens only sealed.
@Suite(.timeLimit(.minutes(2))) struct StateDatabaseTests {
    @Test func noTokenIsStoredInTheClear() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let confidential = try await driver.register(authMethod: "client_secret_post")
            let clientSecret = try #require(confidential.secret)
            let (code, verifier) = try await driver.code(for: stack.simulator.seeded.agents[0].username, clientID: confidential.id)
            let issued = try await driver.token(
                code: code, verifier: verifier, clientID: confidential.id, extra: [("client_secret", clientSecret)])
            let access = try #require(issued.json["access_token"] as? String)
            let refresh = try #require(issued.json["refresh_token"] as? String)
            let rotated = try await stack.http.postForm(
                stack.baseURL + "/token",
                [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", confidential.id), ("client_secret", clientSecret)])
            let newAccess = try #require(rotated.json["access_token"] as? String)
            let newRefresh = try #require(rotated.json["refresh_token"] as? String)
            let wire = MCPWire(stack: stack, token: newAccess)
            let (session, _) = try await wire.initialize()
            _ = try await wire.request("tools/call", ["name": "get_me"], session: session)

            let record = try #require(try await stack.server.store.token(digest: SecretDigest.sha256Hex(newAccess)))
            let grant = try #require(try await stack.server.store.grant(id: record.grantID))
            let sealer = try TokenSealer(key: stack.server.settings.encryptionKey)
            let haloAccess = try sealer.open(grant.tokens.access, context: HaloGrantBroker.context(grant.id, "halo-access"))
            let haloRefresh = try sealer.open(try #require(grant.tokens.refresh), context: HaloGrantBroker.context(grant.id, "halo-refresh"))

            let files = try FileManager.default.contentsOfDirectory(atPath: stack.directory.path).filter { $0.hasPrefix("state.sqlite") }
            #expect(files.contains("state.sqlite"))
            var bytes = Data()
            for file in files { bytes += try Data(contentsOf: stack.directory.appendingPathComponent(file)) }
            #expect(bytes.range(of: Data(SecretDigest.sha256Hex(newAccess).utf8)) != nil, "the digest is where the token would be")
            let secrets = [
                "MCP access": access, "MCP refresh": refresh, "rotated MCP access": newAccess, "rotated MCP refresh": newRefresh,
                "client secret": clientSecret, "HaloPSA access": haloAccess, "HaloPSA refresh": haloRefresh,
                "encryption key": stack.server.settings.encryptionKey,
            ]
            for (name, secret) in secrets {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) found in the clear in state.sqlite")
            }
        }
    }
}
