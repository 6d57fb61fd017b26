import Foundation
import HTTPTypes

/// Which browser origins may call the server, and (for a loopback deployment) which `Host` names.
///
/// A request without `Origin` (a native client) passes; one with an origin outside the list gets 403
/// (MCP 2025-11-25). The one exception is the consent form, which also accepts `Origin: null`. When the public URL is a loopback address the `Host` header must be a loopback
/// name too, which defeats DNS rebinding.
struct OriginPolicy: Sendable {
    private let publicOrigin: PublicOrigin
    private let allowsAny: Bool
    private let extraOrigins: Set<String>

    /// Allows the public origin plus `extraOrigins` (`*` allows any origin).
    init(publicOrigin: PublicOrigin, extraOrigins: [String]) {
        self.publicOrigin = publicOrigin
        allowsAny = extraOrigins.contains("*")
        self.extraOrigins = Set(extraOrigins.map(Self.normalize))
    }

    /// Whether a request carrying `Origin: origin` may proceed.
    func allows(origin: String) -> Bool {
        let normalized = Self.normalize(origin)
        return allowsAny || extraOrigins.contains(normalized) || normalized == Self.normalize(publicOrigin.urls.origin)
    }

    /// Whether a `method` request for `path` carrying `Origin: origin` may proceed.
    ///
    /// `POST` to the consent form also accepts `null`: browsers send it for a form posted from a page
    /// whose referrer they withhold (a stricter referrer policy set by the user or an extension), and
    /// the form's CSRF token plus its cookie already prove the post came from our page in this browser.
    /// Foreign origins stay refused there as everywhere.
    func allows(origin: String, method: HTTPRequest.Method, path: String) -> Bool {
        allows(origin: origin) || (origin == "null" && method == .post && path == OAuthRelay.consentPath)
    }

    /// Whether the request's `Host` (authority, maybe with a port) is acceptable.
    func allows(host authority: String?) -> Bool {
        guard publicOrigin.urls.isLoopback else { return true }
        guard let authority, !authority.isEmpty else { return false }
        return LoopbackHost.contains(Self.hostName(of: authority))
    }

    private static func normalize(_ origin: String) -> String {
        var value = origin.lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }

    /// `example.com` from `example.com:8080`, `::1` from `[::1]:8080`.
    private static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
