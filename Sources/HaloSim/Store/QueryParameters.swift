import Foundation

/// A request's query parameters with case-insensitive names; repeated names and comma-separated values
/// both form lists (Halo clients send both styles for list parameters such as `team` and `status`).
struct QueryParameters: Sendable {
    private let pairs: [(name: String, value: String)]

    /// Parameters from decoded (name, value) pairs.
    init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { (name: $0.0.lowercased(), value: $0.1) }
    }

    /// The last value of `name`.
    func string(_ name: String) -> String? { pairs.last { $0.name == name }?.value }

    /// `name` as a literal `true`/`false` (also 1/0); nil when absent or unparseable.
    func bool(_ name: String) -> Bool? {
        switch string(name)?.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// `name` as an integer; throws when present but not a number.
    func int(_ name: String) throws -> Int? {
        guard let text = string(name), !text.isEmpty else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw StoreError.invalid("The value '\(text)' is not valid for \(name).")
        }
        return value
    }

    /// Every integer given for `name`, repeated or comma-separated.
    func intList(_ name: String) throws -> [Int] {
        try pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }.compactMap { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let value = Int(trimmed) else { throw StoreError.invalid("The value '\(part)' is not valid for \(name).") }
            return value
        }
    }

    /// `name` as a Halo date; throws when present but malformed.
    func date(_ name: String) throws -> Int? {
        guard let text = string(name), !text.isEmpty else { return nil }
        guard let value = HaloDate.parse(text) else { throw StoreError.invalid("The value '\(text)' is not a valid date for \(name).") }
        return value
    }
}
