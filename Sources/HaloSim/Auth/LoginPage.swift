/// The simulator's sign-in page for `/auth/authorize`: a plain HTML form (no JavaScript) whose hidden
/// fields carry the OAuth parameters, plus the list of agents who can sign in. Any password is accepted.
enum LoginPage {
    /// The page for `request`, posting back to `action`, optionally showing `error`.
    static func html(request: AuthorizationRequest, action: String, agents: [Agent], teams: Organisation, error: String? = nil) -> String {
        let escape = TicketStory.escape
        let hidden = request.hiddenFields.map { "<input type=\"hidden\" name=\"\(escape($0.0))\" value=\"\(escape($0.1))\">" }
        let rows = agents.filter(\.canLogIn).map { agent in
            let teamNames = agent.memberships.compactMap { teams.team($0.teamID)?.name }.joined(separator: ", ")
            return "<tr><td><code>\(escape(agent.username))</code></td><td>\(escape(agent.name))</td><td>\(escape(teamNames))</td>"
                + "<td>\(agent.isAdmin ? "administrator" : "")</td></tr>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>HaloPSA - Sign in</title></head>
            <body>
            <h1>Sign in to HaloPSA (simulator)</h1>
            \(error.map { "<p role=\"alert\"><strong>\(escape($0))</strong></p>" } ?? "")
            <form method="post" action="\(escape(action))">
            \(hidden.joined(separator: "\n"))
            <p><label>Username <input name="username" autocomplete="username" required></label></p>
            <p><label>Password <input type="password" name="password" autocomplete="current-password"></label></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            <h2>Agents</h2>
            <table><thead><tr><th>username</th><th>name</th><th>teams</th><th></th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            </body></html>
            """
    }

    /// A bare error page for requests too broken to show the form.
    static func error(_ message: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>HaloPSA - Error</title></head><body>"
            + "<h1>Sign-in error</h1><p>\(TicketStory.escape(message))</p></body></html>"
    }
}
