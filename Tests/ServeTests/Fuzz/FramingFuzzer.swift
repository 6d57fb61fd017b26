@testable import HaloSim

/// Malformed JSON-RPC framing for either transport: broken and wrong-shaped JSON, wrong versions, odd
/// and huge ids, batches, missing methods, params of the wrong type, invalid UTF-8, odd headers.
enum FramingFuzzer {
    /// A JSON-RPC body that is wrong in one way or another (as bytes: some are not UTF-8).
    static func body(_ random: inout SplitMix64) -> [UInt8] {
        let id = random.pick(["1", "0", "-1", "null", "\"a\"", "1e300", "9223372036854775808", "{\"x\":1}", "[1]", "1.5", "true"])
        let method = random.pick([
            "\"tools/list\"", "\"tools/call\"", "\"ping\"", "\"initialize\"", "\"logging/setLevel\"", "\"resources/read\"",
            "\"prompts/get\"", "\"notifications/cancelled\"", "\"\"", "null", "42", JSONText.string(String(repeating: "m", count: 70_000)),
        ])
        let params = random.pick([
            "{}", "[]", "\"x\"", "null", "1e300", "{\"name\":42}", "{\"name\":\"get_ticket\",\"arguments\":[1]}",
            "{\"name\":\"no_such_tool\"}", "{\"name\":\"get_ticket\",\"arguments\":{\"ticket_id\":1},\"_meta\":{\"progressToken\":1e300}}",
            "{\"level\":\"nonsense\"}", "{\"requestId\":1e300,\"reason\":\"\\ud800\"}", "{\"uri\":\"\\u0000\"}", "{\"cursor\":\"\\ud800\"}",
            "{\"protocolVersion\":\"9999-99-99\",\"capabilities\":[],\"clientInfo\":null}", JSONText.nested(random.int(in: 2...700), around: "{}"),
        ])
        let text: String
        switch random.below(16) {
        case 0: text = random.pick(["", " ", "{", "}", "not json", "null", "[]", "42", "\"str\"", "{\"jsonrpc\":\"2.0\",", "\u{FEFF}{}"])
        case 1: text = "{\"jsonrpc\":\"1.0\",\"id\":\(id),\"method\":\(method)}"
        case 2: text = "{\"jsonrpc\":\"2.0\",\"id\":\(id)}"
        case 3: text = "[" + (0..<random.below(5)).map { _ in "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\(method)}" }.joined(separator: ",") + "]"
        case 4: text = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":{}}"
        case 5: text = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"error\":{\"code\":1e300,\"message\":null}}"
        case 6: text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} trailing"
        case 7: text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\",\"method\":\"tools/list\"}"
        case 8: return Array("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"".utf8) + [0xFF, 0xFE, 0xC0, 0x80] + Array("\"}".utf8)
        case 9: text = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\(method),\"params\":\(HostileValues.wrongValue(&random))}"
        default: text = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\(method),\"params\":\(params)}"
        }
        return Array(text.utf8)
    }

    /// `headers` with, sometimes, one of them made odd: wrong content type or accept, bogus session,
    /// odd credentials, a foreign origin, an impossible protocol version.
    static func headers(_ headers: [(String, String)], _ random: inout SplitMix64) -> [(String, String)] {
        guard random.chance(0.35) else { return headers }
        var changed = headers
        let (name, value): (String, String) = random.pick([
            ("Content-Type", "text/plain"), ("Content-Type", "application/json; charset=ebcdic"), ("Content-Type", ""),
            ("Accept", "text/html"), ("Accept", ""), ("Mcp-Session-Id", "00000000-0000-0000-0000-000000000000"),
            ("Mcp-Session-Id", String(repeating: "s", count: 6_000)), ("Mcp-Session-Id", "../../%00"),
            ("Authorization", "Bearer"), ("Authorization", "Bearer " + String(repeating: "t", count: 7_000)),
            ("Authorization", "Basic Og=="), ("Authorization", "bearer  x y z"), ("Origin", "http://evil.example"),
            ("Origin", "null"), ("MCP-Protocol-Version", "9999-99-99"), ("MCP-Protocol-Version", String(repeating: "9", count: 500)),
            ("Last-Event-ID", "-1"), ("Content-Length-Extra", "1"),
        ])
        changed.removeAll { $0.0.lowercased() == name.lowercased() }
        changed.append((name, value))
        return changed
    }
}
