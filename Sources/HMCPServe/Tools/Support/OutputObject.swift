import Foundation
import MCP
import Shared

/// A tool result object under construction: members whose value is absent are left out, so a model
/// never reads a column of nulls.
struct OutputObject {
    private(set) var members: [String: Value] = [:]

    /// An object starting with `members`.
    init(_ members: [String: Value] = [:]) { self.members = members }

    /// Sets `key` to `value`.
    mutating func set(_ key: String, _ value: Value) { members[key] = value }

    /// Sets `key` when `value` is present and not blank.
    mutating func set(_ key: String, _ value: String?) {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return }
        members[key] = .string(value)
    }

    /// Sets `key` when `value` is present.
    mutating func set(_ key: String, _ value: Int?) {
        if let value { members[key] = .int(value) }
    }

    /// Sets `key` when `value` is present.
    mutating func set(_ key: String, _ value: Double?) {
        if let value { members[key] = .double(value) }
    }

    /// Sets `key` when `value` is present.
    mutating func set(_ key: String, _ value: Bool?) {
        if let value { members[key] = .bool(value) }
    }

    /// Sets `key` to the ISO-8601 UTC form of `value` when present.
    mutating func set(_ key: String, _ value: Date?) {
        if let value { members[key] = .string(HaloDate.format(value)) }
    }

    /// The finished object.
    var value: Value { .object(members) }
}

/// Long text cut for a model's context.
enum TextBudget {
    /// `text` with at most `limit` characters; a cut is marked so the model knows there is more.
    static func clip(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + " … [truncated]"
    }

    /// Readable text of a HaloPSA body that may be HTML (tags dropped, entities decoded), clipped to `limit`.
    static func readable(html: String?, fallback: String? = nil, limit: Int) -> String? {
        guard let source = html.flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else { return nil }
        let text = HTMLText.plainText(from: source).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : clip(text, to: limit)
    }
}
