import Foundation

/// A token from HaloPSA's token endpoint (`access_token`, `token_type`, `expires_in`, `scope`, `refresh_token`).
public struct HaloToken: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// The bearer token for `/api/*`.
    public let accessToken: String
    /// Present for user logins with `offline_access`; single-use (rotating).
    public let refreshToken: String?
    /// Lifetime in seconds (HaloPSA usually says 3600).
    public let expiresIn: Int
    /// Granted scopes.
    public let scope: String?
    /// `Bearer`.
    public let tokenType: String?

    /// Creates a token (tests and stores use this).
    public init(accessToken: String, refreshToken: String?, expiresIn: Int, scope: String?, tokenType: String? = "Bearer") {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.scope = scope
        self.tokenType = tokenType
    }

    enum CodingKeys: String, CodingKey {
        case scope
        case accessToken = "access_token", refreshToken = "refresh_token", expiresIn = "expires_in"
        case tokenType = "token_type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        expiresIn =
            (try? container.decodeIfPresent(Int.self, forKey: .expiresIn))
            ?? Int((try? container.decodeIfPresent(String.self, forKey: .expiresIn)) ?? "") ?? 3600
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
    }

    /// Never shows the tokens themselves.
    public var description: String {
        "HaloToken(expiresIn: \(expiresIn), scope: \(scope ?? "-"), refreshable: \(refreshToken != nil))"
    }
}
