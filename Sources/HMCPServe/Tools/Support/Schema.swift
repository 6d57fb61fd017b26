import MCP

/// Builders for the JSON Schemas of tool inputs and outputs, so each tool's definition reads as its contract.
enum Schema {
    /// The arguments object of a tool: only `properties` are accepted (`additionalProperties: false`).
    static func input(_ properties: [String: Value] = [:], required: [String] = []) -> Value {
        var schema: [String: Value] = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
        return .object(schema)
    }

    /// An object with `properties`, of which `required` are always present.
    static func object(_ properties: [String: Value], required: [String] = [], description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
        return described(schema, description)
    }

    /// An array of `items`.
    static func array(_ items: Value, description: String? = nil) -> Value {
        described(["type": "array", "items": items], description)
    }

    /// A whole number, optionally bounded.
    static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "integer"]
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        return described(schema, description)
    }

    /// The largest HaloPSA record id: HaloPSA's ids are 32-bit.
    static let largestID = Int(Int32.max)

    /// The last page a paged tool serves (far beyond any real listing).
    static let lastPage = 100_000

    /// A HaloPSA record id (an integer from 1 to ``largestID``).
    static func id(_ description: String) -> Value { integer(description, minimum: 1, maximum: largestID) }

    /// Any number, optionally bounded.
    static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> Value {
        var schema: [String: Value] = ["type": "number"]
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return described(schema, description)
    }

    /// A string, optionally bounded in length.
    static func string(_ description: String? = nil, minLength: Int? = nil, maxLength: Int? = nil) -> Value {
        var schema: [String: Value] = ["type": "string"]
        if let minLength { schema["minLength"] = .int(minLength) }
        if let maxLength { schema["maxLength"] = .int(maxLength) }
        return described(schema, description)
    }

    /// One of `values`.
    static func oneOf(_ values: [String], description: String? = nil) -> Value {
        described(["type": "string", "enum": .array(values.map(Value.string))], description)
    }

    /// `true` or `false`.
    static func boolean(_ description: String? = nil) -> Value {
        described(["type": "boolean"], description)
    }

    /// The `page` and `page_size` arguments of a paged tool.
    static func paging(defaultSize: Int, maximumSize: Int) -> [String: Value] {
        [
            "page": integer("Page number, starting at 1 (default 1).", minimum: 1, maximum: lastPage),
            "page_size": integer("Rows per page (default \(defaultSize), at most \(maximumSize)).", minimum: 1, maximum: maximumSize),
        ]
    }

    private static func described(_ schema: [String: Value], _ description: String?) -> Value {
        var schema = schema
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
