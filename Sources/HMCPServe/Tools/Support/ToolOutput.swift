import Foundation
import MCP

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
