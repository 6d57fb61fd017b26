/// Query-string building for HaloPSA URLs (form-style percent encoding).
enum HaloQuery {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Percent-encodes everything but the unreserved characters.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// `a=1&b=two` from ordered pairs.
    static func string(_ items: [(String, String)]) -> String {
        items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// `url?query` or `url` when there is nothing to add; appends with `&` when `url` already has a query.
    static func url(_ url: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return url }
        return url + (url.contains("?") ? "&" : "?") + string(items)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
