import Hummingbird

/// A short-lived cookie that ties one sign-in to the browser running it.
///
/// Two exist per sign-in: the consent cookie (the double-submit CSRF check of the consent form) and the
/// callback cookie (HaloPSA's answer is only accepted in the browser that consented). Both are
/// `HttpOnly; SameSite=Lax` (sent on HaloPSA's top-level redirect back to us), and `__Host-` prefixed
/// and `Secure` when the public origin is https. Each name carries the start of the authorization id,
/// so sign-ins running side by side in one browser keep their own cookies.
struct SignInCookie: Sendable {
    /// What the cookie proves.
    enum Purpose: String, Sendable {
        /// Set with the consent page; its value is the form's CSRF token.
        case consent = "hmcp-consent-"
        /// Set when consent is given; the callback checks its digest.
        case callback = "hmcp-signin-"
    }

    /// The cookie's name.
    let name: String
    private let secure: Bool

    /// The cookie of `purpose` for the authorization `authorizationID`, on the server at `urls`.
    init(_ purpose: Purpose, authorizationID: String, urls: PublicURLs) {
        secure = urls.origin.lowercased().hasPrefix("https://")
        name = (secure ? "__Host-" : "") + purpose.rawValue + authorizationID.prefix(12)
    }

    /// The `Set-Cookie` value storing `value` for `maxAge` seconds (0 deletes the cookie).
    func setCookie(_ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that deletes the cookie.
    var deletion: String { setCookie("", maxAge: 0) }

    /// The cookie's value in `request`, if the browser sent it.
    func value(in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
