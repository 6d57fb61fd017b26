@testable import HMCPServe
import MCP
import Testing

@Suite struct InputSchemaCheckTests {
    let schema: Value = [
        "type": "object",
        "properties": [
            "ticket_id": ["type": "integer", "minimum": 1],
            "status": ["type": "string", "enum": ["open", "closed"]],
            "note": ["type": "string", "maxLength": 5],
            "tags": ["type": "array", "items": ["type": "string"]],
        ],
        "required": ["ticket_id"],
        "additionalProperties": false,
    ]

    @Test func conformingArgumentsPass() {
        #expect(InputSchemaCheck.problems(["ticket_id": 3, "status": "open", "tags": ["a"]], schema: schema).isEmpty)
    }

    @Test func eachViolationIsNamed() {
        let problems = InputSchemaCheck.problems(
            ["ticket_id": 0, "status": "pending", "note": "too long", "tags": [1], "colour": "red"], schema: schema)
        #expect(problems.contains("arguments.ticket_id must be at least 1"))
        #expect(problems.contains { $0.hasPrefix("arguments.status must be one of") })
        #expect(problems.contains("arguments.note must have at most 5 characters"))
        #expect(problems.contains("arguments.tags[0] must be a string"))
        #expect(problems.contains { $0.hasPrefix("arguments.colour is not a parameter of this tool") })
        #expect(problems.count == 5)
    }

    @Test func missingRequiredAndWrongTypeAreReported() {
        #expect(InputSchemaCheck.problems([:], schema: schema) == ["arguments.ticket_id is required"])
        #expect(InputSchemaCheck.problems(["ticket_id": "7"], schema: schema) == ["arguments.ticket_id must be an integer"])
    }

    @Test func wholeNumbersBeyondIntAreRefusedNotTrappedOn() {
        let range = "from \(Int.min) to \(Int.max)"
        #expect(InputSchemaCheck.problems(["ticket_id": 1e300], schema: schema) == ["arguments.ticket_id must be an integer \(range)"])
        #expect(InputSchemaCheck.problems(["ticket_id": -1e19], schema: schema) == ["arguments.ticket_id must be an integer \(range)"])
        #expect(InputSchemaCheck.problems(["ticket_id": 1.5], schema: schema) == ["arguments.ticket_id must be an integer"])
        #expect(InputSchemaCheck.problems(["ticket_id": 7.0], schema: schema).isEmpty)
        #expect(ToolArguments(["ticket_id": 1e300]).integer("ticket_id") == nil)
        #expect(ToolArguments(["ticket_id": 9.223372036854775807e18]).integer("ticket_id") == nil)
        #expect(ToolArguments(["ticket_id": -0.0]).integer("ticket_id") == 0)
        #expect(ToolArguments(["ticket_id": 42.0]).integer("ticket_id") == 42)
    }

    @Test func lengthsCountUnicodeScalarsNotGraphemeClusters() {
        let stacked = "a" + String(repeating: "\u{0301}", count: 10)
        #expect(stacked.count == 1)
        #expect(InputSchemaCheck.problems(["ticket_id": 1, "note": .string(stacked)], schema: schema) == [
            "arguments.note must have at most 5 characters"
        ])
        #expect(InputSchemaCheck.problems(["ticket_id": 1, "note": "héllo"], schema: schema).isEmpty)
    }
}
