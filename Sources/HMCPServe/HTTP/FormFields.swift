import Shared

/// `application/x-www-form-urlencoded` fields, from a query string or a form body.
///
/// OAuth forbids repeating a parameter, so lookups fail on duplicates instead of picking one.
struct FormFields: Sendable {
    private let pairs: [(name: String, value: String)]

    /// Parses `name=value&...` (`+` is a space, `%XX` escapes are decoded).
    init(encoded: String?) {
        pairs = encoded.map(FormURLEncoding.decode) ?? []
    }

    /// The single value of `name`; `nil` when absent or empty.
    /// - Throws: ``FormFieldsError/repeated(_:)`` when the field appears more than once.
    func value(_ name: String) throws(FormFieldsError) -> String? {
        let matches = pairs.filter { $0.name == name }
        guard matches.count <= 1 else { throw .repeated(name) }
        guard let value = matches.first?.value, !value.isEmpty else { return nil }
        return value
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
