@testable import HaloSim

/// JSON text built by hand, so the fuzzers can write what no encoder would: numbers beyond `Double`,
/// lone surrogates, duplicate keys, deep nesting. Strings are escaped by the simulator's JSON writer.
enum JSONText {
    /// `text` as a JSON string literal.
    static func string(_ text: String) -> String { JSONValue.string(text).serialized() }

    /// An object of already-encoded `members`, in order (duplicates kept).
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// `depth` arrays inside each other around `core`.
    static func nested(_ depth: Int, around core: String = "1") -> String {
        String(repeating: "[", count: depth) + core + String(repeating: "]", count: depth)
    }
}
