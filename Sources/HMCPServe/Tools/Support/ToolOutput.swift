import Foundation
import MCP
import Shared

/// Tool results encoded from `Encodable` types: property names become the snake_case members the
/// output schemas name (`ticketID` → `ticket_id`, `windowSeconds` → `window_seconds`), and absent
/// optionals are left out, so a model never reads a column of nulls.
enum ToolOutput {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// `output` as a tool result.
    static func value(_ output: some Encodable) throws -> Value {
        try JSONDecoder().decode(Value.self, from: encoder.encode(output))
    }
}

extension Optional<String> {
    /// The text without surrounding white space, or `nil` when that leaves nothing: blank fields are
    /// left out of tool results.
    var nonBlank: String? {
        guard let text = self?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

extension Optional<Date> {
    /// The ISO-8601 UTC form HaloPSA uses, when present.
    var haloFormatted: String? { map(HaloDate.format) }
}
