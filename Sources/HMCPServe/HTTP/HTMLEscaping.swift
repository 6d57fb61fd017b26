/// Escaping for text the server writes into its own HTML pages (the consent page, error pages).
///
/// The opposite direction, HaloPSA's HTML to plain text, is `Shared`'s `HTMLText`.
enum HTMLEscaping {
    /// `text` with `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
