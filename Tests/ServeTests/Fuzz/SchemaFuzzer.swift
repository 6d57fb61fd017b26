@testable import HaloSim
import MCP

/// Arguments objects (as JSON text) derived from a tool's input schema: mostly plausible values with a
/// boundary or hostile one mixed in (limits, off-by-one, `Int.max`, `1e300`, huge and odd strings,
/// combining marks, NULs, deep nesting), wrong types, unknown and duplicate keys, missing required ones.
struct SchemaFuzzer {
    var random: SplitMix64

    /// An arguments object for the tool whose input schema is `schema`.
    mutating func arguments(for schema: Value) -> String {
        let rules = schema.objectValue ?? [:]
        let required = Set(rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var members: [(key: String, value: String)] = []
        for (name, property) in (rules["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let included = required.contains(name) ? !random.chance(0.05) : random.chance(0.4)
            if included { members.append((name, value(for: property))) }
        }
        if random.chance(0.08) { members.append((HostileValues.unknownKey(&random), HostileValues.wrongValue(&random))) }
        if let first = members.first, random.chance(0.03) { members.append((first.key, HostileValues.wrongValue(&random))) }
        return JSONText.object(members)
    }

    /// A value for one property with schema `schema`.
    mutating func value(for schema: Value) -> String {
        let rules = schema.objectValue ?? [:]
        if random.chance(0.07) { return HostileValues.wrongValue(&random) }
        if let choices = rules["enum"]?.arrayValue?.compactMap(\.stringValue), random.chance(0.85) {
            return JSONText.string(random.pick(choices))
        }
        switch rules["type"]?.stringValue {
        case "integer": return integer(minimum: rules["minimum"]?.intValue, maximum: rules["maximum"]?.intValue)
        case "number": return random.chance(0.5) ? String(random.int(in: 0...40)) + ".25" : random.pick(HostileValues.numbers)
        case "string":
            if random.chance(0.5) { return JSONText.string(random.pick(["printer", "vpn drops", "E-502", "Network>VPN", "hi"])) }
            return HostileValues.string(&random, limit: rules["maxLength"]?.intValue ?? 200)
        case "boolean": return random.chance(0.5) ? "true" : "false"
        case "array":
            let items = rules["items"] ?? [:]
            return "[" + (0..<random.below(4)).map { _ in value(for: items) }.joined(separator: ",") + "]"
        default: return HostileValues.wrongValue(&random)
        }
    }

    /// An integer near the schema's bounds, a plausible id, or one of the hostile numbers.
    private mutating func integer(minimum: Int?, maximum: Int?) -> String {
        let low = Int128(minimum ?? -1_000), high = Int128(maximum ?? 1_000_000)
        switch random.below(8) {
        case 0: return String(low)
        case 1: return String(high)
        case 2: return String(low - 1)
        case 3: return String(high + 1)
        case 4, 5: return String(random.int(in: 1...1_400))
        default: return random.pick(HostileValues.numbers)
        }
    }
}
