import MCP

/// Checks call arguments against a tool's input schema, for the subset of JSON Schema our tools use:
/// `type` (object, string, integer, number, boolean, array), `properties`, `required`,
/// `additionalProperties: false`, `enum`, `minimum`/`maximum`, `minLength`/`maxLength`, `items`.
/// Problems come back as sentences the model can act on.
///
/// An `integer` must be exactly representable as a Swift `Int` (so `1e300` is refused, not trapped on).
/// Lengths count Unicode scalars, not grapheme clusters: one letter followed by 100 000 combining marks
/// is 100 001 long, not 1.
enum InputSchemaCheck {
    /// Every problem with `arguments` (empty when they conform).
    static func problems(_ arguments: [String: Value], schema: Value) -> [String] {
        problems(.object(arguments), schema: schema, path: "arguments")
    }

    private static func problems(_ value: Value, schema: Value, path: String) -> [String] {
        guard let rules = schema.objectValue else { return [] }
        if let type = rules["type"]?.stringValue, !matches(value, type: type) {
            return ["\(path) must be \(article(type)) \(type)" + (isOutOfIntegerRange(value, type: type) ? " from \(Int.min) to \(Int.max)" : "")]
        }
        var found: [String] = []
        if let allowed = rules["enum"]?.arrayValue, !allowed.contains(value) {
            found.append("\(path) must be one of \(allowed.map(\.description).joined(separator: ", "))")
        }
        if let number = value.doubleValue ?? value.intValue.map(Double.init) {
            if let minimum = rules["minimum"].flatMap(numeric), number < minimum {
                found.append("\(path) must be at least \(format(minimum))")
            }
            if let maximum = rules["maximum"].flatMap(numeric), number > maximum {
                found.append("\(path) must be at most \(format(maximum))")
            }
        }
        if let text = value.stringValue {
            let length = text.unicodeScalars.count
            if let minimum = rules["minLength"]?.intValue, length < minimum {
                found.append("\(path) must have at least \(minimum) characters")
            }
            if let maximum = rules["maxLength"]?.intValue, length > maximum {
                found.append("\(path) must have at most \(maximum) characters")
            }
        }
        if let items = value.arrayValue, let itemSchema = rules["items"] {
            for (index, item) in items.enumerated() {
                found += problems(item, schema: itemSchema, path: "\(path)[\(index)]")
            }
        }
        if let object = value.objectValue {
            let properties = rules["properties"]?.objectValue ?? [:]
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                found.append("\(path).\(name) is required")
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let memberSchema = properties[name] {
                    found += problems(member, schema: memberSchema, path: "\(path).\(name)")
                } else if rules["additionalProperties"]?.boolValue == false {
                    let known = properties.keys.sorted()
                    found.append(
                        "\(path).\(name) is not a parameter of this tool"
                            + (known.isEmpty ? " (it takes none)" : "; parameters: \(known.joined(separator: ", "))"))
                }
            }
        }
        return found
    }

    private static func matches(_ value: Value, type: String) -> Bool {
        switch type {
        case "object": value.objectValue != nil
        case "string": value.stringValue != nil
        case "boolean": value.boolValue != nil
        case "array": value.arrayValue != nil
        case "integer": value.intValue != nil || value.doubleValue.flatMap { Int(exactly: $0) } != nil
        case "number": value.intValue != nil || value.doubleValue != nil
        case "null": value.isNull
        default: true
        }
    }

    /// Whether `value` is a whole number an `Int` cannot hold, where an integer was expected.
    private static func isOutOfIntegerRange(_ value: Value, type: String) -> Bool {
        guard type == "integer", let number = value.doubleValue else { return false }
        return number.isFinite && number.rounded() == number
    }

    private static func numeric(_ value: Value) -> Double? { value.doubleValue ?? value.intValue.map(Double.init) }

    private static func format(_ number: Double) -> String {
        Int(exactly: number).map(String.init) ?? String(number)
    }

    private static func article(_ type: String) -> String {
        ["a", "e", "i", "o", "u"].contains(type.prefix(1)) ? "an" : "a"
    }
}
