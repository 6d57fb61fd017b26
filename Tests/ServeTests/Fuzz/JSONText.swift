/// JSON text built by hand, so the fuzzers can write what no encoder would: numbers beyond `Double`,
/// lone surrogates, duplicate keys, deep nesting.
enum JSONText {
    /// `text` as a JSON string literal (control characters escaped).
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object of already-encoded `members`, in order (duplicates kept).
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// `depth` arrays inside each other around `core`.
    static func nested(_ depth: Int, around core: String = "1") -> String {
        String(repeating: "[", count: depth) + core + String(repeating: "]", count: depth)
    }
}
