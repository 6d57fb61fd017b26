import MCP

/// A tool call's arguments as the audit log shows them: every value, except that secrets are replaced
/// by `[redacted]` and long strings are cut, so the log says what was asked without leaking credentials
/// or filling up with ticket bodies.
enum AuditArguments {
    /// Longest string shown, in characters.
    static let stringLimit = 80

    /// Name parts that mark a secret (`api_key`, `refreshToken`, `Authorization`, ...).
    static let secretParts: Set<String> = [
        "token", "secret", "password", "passwd", "passphrase", "key", "apikey", "authorization", "auth", "bearer",
        "credential", "credentials", "cookie",
    ]

    /// `name=value` pairs in name order, e.g. `note="Rebooted the…" ticket_id=1042`.
    static func describe(_ arguments: [String: Value]) -> String {
        arguments.keys.sorted().map { "\($0)=\(render(arguments[$0]!, key: $0))" }.joined(separator: " ")
    }

    /// Whether an argument called `name` holds a secret: one of its words (split at `_`, `-`, `.` and
    /// lower-to-upper case changes) is a secret word, or it contains token, secret or password.
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if ["token", "secret", "password", "authorization"].contains(where: lowered.contains) { return true }
        return !secretParts.isDisjoint(with: words(of: name))
    }

    private static func render(_ value: Value, key: String?) -> String {
        if let key, isSecret(key) { return "[redacted]" }
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return quoted(text)
        case .data(_, let data): return "<\(data.count) bytes>"
        case .array(let items): return "[" + items.map { render($0, key: nil) }.joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\($0)=\(render(members[$0]!, key: $0))" }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        let cut = text.count > stringLimit ? String(text.prefix(stringLimit)) + "…" : text
        var escaped = ""
        for character in cut {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n", "\r\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"" + escaped + "\""
    }

    private static func words(of name: String) -> Set<String> {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                words.append(current)
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase, previousWasLower {
                words.append(current)
                current = ""
            }
            current.append(character)
            previousWasLower = character.isLowercase || character.isNumber
        }
        words.append(current)
        return Set(words.filter { !$0.isEmpty }.map { $0.lowercased() })
    }
}
