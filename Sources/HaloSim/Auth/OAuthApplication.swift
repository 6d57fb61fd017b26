import Crypto
import Foundation

/// An API application registered in the simulated Halo (Configuration > Integrations > Halo API).
public struct OAuthApplication: Sendable, Equatable {
    /// How the application authenticates.
    public enum Kind: Sendable, Equatable {
        /// "Client ID and Secret (Services)": client_credentials, acting as a fixed agent.
        case service(agentID: Int)
        /// "Authorisation Code": agents log in; the secret is optional (public or confidential client).
        case authorizationCode
    }

    /// `client_id`.
    public let clientID: String
    /// `client_secret` (required for service apps; optional but checked when sent for user apps).
    public let clientSecret: String
    /// The grant the application uses.
    public let kind: Kind

    /// Whether `secret` matches, compared in constant time.
    func secretMatches(_ secret: String) -> Bool {
        let expected = SHA256.hash(data: Data(clientSecret.utf8))
        let given = SHA256.hash(data: Data(secret.utf8))
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Scope rules (see `InferredBehaviour` #16).
enum ScopeCheck {
    /// Scopes that carry no API rights on their own.
    static let nonAPIScopes: Set<String> = ["offline_access", "openid", "profile", "email"]

    /// Whether `scopes` allow a request to `area` (e.g. "tickets", "customers", "assets"); `area` nil means
    /// any API right will do.
    static func allows(_ scopes: Set<String>, area: String?, write: Bool) -> Bool {
        if scopes.contains("all") || scopes.contains("all:standard") || scopes.contains("admin") { return true }
        guard let area else { return !scopes.subtracting(nonAPIScopes).isEmpty }
        return scopes.contains("edit:\(area)") || (!write && scopes.contains("read:\(area)"))
    }
}
