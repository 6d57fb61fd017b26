import Foundation

/// `application/x-www-form-urlencoded` fields, from a query string or a form body.
///
/// OAuth forbids repeating a parameter, so lookups fail on duplicates instead of picking one.
struct FormFields: Sendable {
    private let pairs: [(name: String, value: String)]

    /// Parses `name=value&...` (`+` is a space, `%XX` escapes are decoded).
    init(encoded: String?) {
        guard let encoded, !encoded.isEmpty else {
            pairs = []
            return
        }
        pairs = encoded.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            return (name, value)
        }
    }

    /// The single value of `name`; `nil` when absent or empty.
    /// - Throws: ``FormFieldsError/repeated(_:)`` when the field appears more than once.
    func value(_ name: String) throws(FormFieldsError) -> String? {
        let matches = pairs.filter { $0.name == name }
        guard matches.count <= 1 else { throw .repeated(name) }
        guard let value = matches.first?.value, !value.isEmpty else { return nil }
        return value
    }

    /// Encodes `fields` as a query string, in order.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// A malformed form.
enum FormFieldsError: Error, Equatable, CustomStringConvertible {
    /// A parameter that must appear once appeared several times.
    case repeated(String)

    /// `parameter state appears more than once`.
    var description: String {
        switch self {
        case .repeated(let name): "parameter \(name) appears more than once"
        }
    }
}
