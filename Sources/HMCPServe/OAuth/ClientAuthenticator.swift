import Foundation
import Hummingbird
import Shared

extension OAuthRelay {
    /// The client calling `/token` or `/revoke`: HTTP Basic (`client_secret_basic`), `client_id` +
    /// `client_secret` in the form (`client_secret_post`), or `client_id` alone for public clients.
    /// Secrets are compared as digests in constant time; every failure is `invalid_client` (401).
    func authenticatedClient(_ request: Request, form: FormFields) async throws -> RegisteredClient {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
            else { throw OAuthFailure.invalidClient("malformed Basic credentials", basic: true) }
            let id = String(pair[..<colon]).removingPercentEncoding ?? String(pair[..<colon])
            let secret = String(pair[pair.index(after: colon)...]).removingPercentEncoding ?? ""
            return try await verify(clientID: id, secret: secret, basic: true)
        }
        guard let id = try form.value("client_id") else { throw OAuthFailure.invalidClient("client_id is missing") }
        return try await verify(clientID: id, secret: try form.value("client_secret"), basic: false)
    }

    private func verify(clientID: String, secret: String?, basic: Bool) async throws -> RegisteredClient {
        guard let client = try await store.client(id: clientID) else {
            throw OAuthFailure.invalidClient("unknown client; register again", basic: basic)
        }
        guard let digest = client.clientSecretDigest else { return client }
        guard let secret, SecretDigest.constantTimeEquals(SecretDigest.sha256Hex(secret), digest) else {
            throw OAuthFailure.invalidClient("client authentication failed", basic: basic)
        }
        return client
    }
}
