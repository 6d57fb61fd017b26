import Hummingbird
import Shared

extension OAuthRelay {
    /// `POST /revoke` (RFC 7009): a refresh token revokes its whole grant, an access token only itself.
    /// Unknown tokens are not an error (200 either way), tokens of other clients are left alone.
    func revoke(_ request: Request) async -> Response {
        do {
            let form = try await formBody(request)
            let client = try await authenticatedClient(request, form: form)
            guard let presented = try form.value("token") else { throw OAuthFailure.invalidRequest("token is required") }
            let digest = SecretDigest.sha256Hex(presented)
            if let stored = try await store.token(digest: digest), stored.clientID == client.clientID {
                switch stored.kind {
                case .refresh: try await store.deleteGrant(id: stored.grantID)
                case .access: try await store.deleteToken(digest: digest)
                }
                logger.info("token revoked", metadata: ["kind": "\(stored.kind.rawValue)", "grant": "\(stored.grantID.prefix(8))"])
            }
            return Responses.empty(.ok, headers: [.cacheControl: "no-store"])
        } catch let failure as OAuthFailure {
            return failure.response
        } catch let error as FormFieldsError {
            return OAuthFailure.invalidRequest("\(error)").response
        } catch {
            logger.error("revocation failed", metadata: ["error": "\(error)"])
            return OAuthFailure(code: "server_error", description: "the token could not be revoked", status: .internalServerError).response
        }
    }
}
