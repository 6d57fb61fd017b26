import Foundation

/// Our consent page: names the application, where it will receive the code, and what it gets, before
/// the user is sent to HaloPSA (the confused-deputy defence for a relay with one HaloPSA application).
struct ConsentPage {
    let authorizationID: String
    let csrfToken: String
    let clientName: String?
    let redirectURI: String
    let haloHost: String

    /// Where the code goes, as the user should recognise it: the host, or the app scheme.
    var redirectTarget: String {
        guard let components = URLComponents(string: redirectURI) else { return redirectURI }
        if let host = components.host, !host.isEmpty {
            return host + (components.port.map { ":\($0)" } ?? "")
        }
        return (components.scheme ?? redirectURI) + ": (an app on your device)"
    }

    /// The complete page.
    var html: String {
        let name = HTMLEscaping.escape(clientName ?? "An unnamed application")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Allow access to HaloPSA?</title>
            <style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
            .target{font-family:monospace;background:#f3f3f3;padding:.1rem .3rem}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}</style>
            </head><body>
            <h1>Allow access to HaloPSA?</h1>
            <p><strong>\(name)</strong> wants to use HaloPSA (<span class="target">\(HTMLEscaping.escape(haloHost))</span>) as you,
            with your own HaloPSA permissions.</p>
            <p>After you sign in to HaloPSA, it will receive access at <span class="target">\(HTMLEscaping.escape(redirectTarget))</span>.
            Only continue if you started this from that application.</p>
            <form method="post" action="\(OAuthRelay.consentPath)">
            <input type="hidden" name="authorization" value="\(HTMLEscaping.escape(authorizationID))">
            <input type="hidden" name="csrf" value="\(HTMLEscaping.escape(csrfToken))">
            <button type="submit" name="decision" value="approve">Continue to HaloPSA</button>
            <button type="submit" name="decision" value="deny">Cancel</button>
            </form>
            </body></html>
            """
    }
}
