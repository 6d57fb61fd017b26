import Foundation

/// `application/x-www-form-urlencoded` text, as query strings and form bodies carry it: `name=value`
/// pairs joined by `&`, every byte but the unreserved ones (`A–Z a–z 0–9 - . _ ~`) written `%XX`, and
/// `+` read as a space.
public enum FormURLEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `component` with every byte of its UTF-8 spelling but the unreserved ones percent-encoded.
    public static func encode(_ component: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(component.utf8.count)
        for byte in component.utf8 {
            if unreserved.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `a=1&b=two` from ordered (name, value) pairs.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// The (name, value) pairs of `text`, in order; a pair without `=` has an empty value, and an escape
    /// that does not decode to UTF-8 is kept as written.
    public static func decode(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decodeComponent(pieces[0]), pieces.count > 1 ? decodeComponent(pieces[1]) : "")
        }
    }

    private static func decodeComponent(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
