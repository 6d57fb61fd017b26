import Foundation

/// Which redirect URIs a client may register, and when a requested one matches a registered one.
///
/// Accepted, and nothing else:
/// - `https` with a host;
/// - `http` on a loopback host (`localhost`, an address in 127.0.0.0/8, `[::1]`; any port, RFC 8252 §7.3);
/// - a private-use scheme (RFC 8252 §7.1) in reverse-domain form, such as `com.example.app:/cb`: letters,
///   digits, `-` and at least one `.` between non-empty labels;
/// - the single-word schemes of MCP client apps that register them (``appSchemes``), such as
///   `cursor://anysphere.cursor-mcp/oauth/callback`.
///
/// A URI with a fragment, or that is not an absolute URI, is refused.
enum RedirectURIRules {
    /// Single-word schemes of known MCP client apps. Other apps use a reverse-domain scheme.
    static let appSchemes: Set<String> = ["cursor", "vscode", "vscode-insiders", "claude"]

    /// Why `uri` may not be registered, or `nil` when it may.
    static func problem(with uri: String) -> String? {
        guard uri.count <= 2000 else { return "redirect URI longer than 2000 characters" }
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            return "\(uri) is not an absolute URI"
        }
        guard components.fragment == nil else { return "\(uri) has a fragment" }
        let host = components.host ?? ""
        switch scheme {
        case "https":
            return host.isEmpty ? "\(uri) has no host" : nil
        case "http":
            return LoopbackHost.contains(host) ? nil : "http redirect URIs must use a loopback host (127.0.0.1, localhost, [::1])"
        default:
            return appSchemes.contains(scheme) || isReverseDomain(scheme)
                ? nil
                : "the \(scheme): scheme is not allowed for redirects; use https, loopback http, or a reverse-domain app scheme such as com.example.app"
        }
    }

    /// Whether `scheme` reads as a reverse domain name: dot-separated labels of letters, digits and `-`,
    /// at least two, the first starting with a letter.
    private static func isReverseDomain(_ scheme: String) -> Bool {
        let labels = scheme.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && scheme.first?.isASCII == true && scheme.first?.isLetter == true
            && labels.allSatisfy { label in
                !label.isEmpty && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
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
