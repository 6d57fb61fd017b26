import Foundation
import Shared

/// The token response of RFC 6749 §5.1.
struct TokenResponse: Encodable, Sendable {
    let accessToken: String
    let tokenType = "Bearer"
    let expiresIn: Int
    let refreshToken: String
    let scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case scope
    }
}

/// Mints our opaque MCP tokens: 256 random bits each, stored only as SHA-256 digests.
struct TokenIssuer: Sendable {
    let accessTokenTTL: Int
    let refreshTokenTTL: Int

    /// A fresh access + refresh pair for `grantID` issued at `now`, and the records to store.
    func mint(grantID: String, clientID: String, scope: String, resource: String, now: Date)
        -> (response: TokenResponse, records: [IssuedToken])
    {
        let access = RandomSecret.token()
        let refresh = RandomSecret.token()
        let records = [
            IssuedToken(
                digest: SecretDigest.sha256Hex(access), kind: .access, grantID: grantID, clientID: clientID, scope: scope,
                resource: resource, expiresAt: now.addingTimeInterval(TimeInterval(accessTokenTTL))),
            IssuedToken(
                digest: SecretDigest.sha256Hex(refresh), kind: .refresh, grantID: grantID, clientID: clientID, scope: scope,
                resource: resource, expiresAt: now.addingTimeInterval(TimeInterval(refreshTokenTTL))),
        ]
        return (
            TokenResponse(accessToken: access, expiresIn: accessTokenTTL, refreshToken: refresh, scope: scope), records
        )
    }
}
