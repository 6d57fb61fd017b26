import Foundation

/// Where HaloPSA's authorization server lives: discovered with `GET /api/authinfo`, else `{base}/auth`.
public struct HaloAuthEndpoints: Sendable, Equatable {
    /// The authorization server's base, e.g. `https://acme.halopsa.com/auth`.
    public let authURL: String

    /// `{auth}/token`, with `?tenant=` for hosted instances.
    public func tokenURL(tenant: String?) -> String {
        withTenant(authURL + "/token", tenant)
    }

    /// `{auth}/authorize`, with `?tenant=` for hosted instances.
    public func authorizeURL(tenant: String?) -> String {
        withTenant(authURL + "/authorize", tenant)
    }

    private func withTenant(_ url: String, _ tenant: String?) -> String {
        guard let tenant else { return url }
        return url + "?tenant=" + FormURLEncoding.encode(tenant)
    }
}

/// The JSON of `GET /api/authinfo`.
struct HaloAuthInfo: Decodable {
    let authURL: String?
    let tenantID: String?

    enum CodingKeys: String, CodingKey {
        case authURL = "auth_url", tenantID = "tenant_id"
    }
}
