import Foundation

/// Which redirect URIs a client may register, and when a requested one matches a registered one.
///
/// Accepted: `https` with a host; `http` only on a loopback host (any port, RFC 8252 §7.3); private-use
/// schemes such as `cursor://...` (RFC 8252 §7.1). Refused: script-capable and local schemes
/// (`javascript:`, `data:`, `file:`, ...), fragments, and anything that is not an absolute URI.
enum RedirectURIRules {
    private static let refusedSchemes: Set<String> = [
        "javascript", "data", "file", "vbscript", "about", "blob", "filesystem", "ftp", "ws", "wss", "mailto",
    ]

    /// Why `uri` may not be registered, or `nil` when it may.
    static func problem(with uri: String) -> String? {
        guard uri.count <= 2000 else { return "redirect URI longer than 2000 characters" }
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            return "\(uri) is not an absolute URI"
        }
        guard components.fragment == nil else { return "\(uri) has a fragment" }
        if refusedSchemes.contains(scheme) { return "the \(scheme): scheme is not allowed for redirects" }
        let host = components.host ?? ""
        switch scheme {
        case "https":
            return host.isEmpty ? "\(uri) has no host" : nil
        case "http":
            return LoopbackHost.contains(host) ? nil : "http redirect URIs must use a loopback host (127.0.0.1, localhost, [::1])"
        default:
            let valid = scheme.first?.isLetter == true
                && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
            return valid ? nil : "\(uri) has an invalid scheme"
        }
    }

    /// Whether `requested` is `registered`: exactly the same string, except that a loopback `http`
    /// URI may differ in its port (native apps pick a free port at run time).
    static func matches(registered: String, requested: String) -> Bool {
        if registered == requested { return true }
        guard let left = URLComponents(string: registered), let right = URLComponents(string: requested),
            left.scheme?.lowercased() == "http", right.scheme?.lowercased() == "http",
            let host = left.host, LoopbackHost.contains(host)
        else { return false }
        return left.host == right.host && left.path == right.path && left.query == right.query
            && left.user == nil && right.user == nil && left.fragment == nil && right.fragment == nil
    }
}
