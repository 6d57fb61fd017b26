@testable import HaloSim

/// The awkward values every fuzzer draws from: numbers at and beyond every limit, odd strings, JSON of
/// the wrong shape.
enum HostileValues {
    /// Numbers as JSON text: the limits of `Int`, `Int32` and `Double`, negative zero, fractions, overflows.
    static let numbers = [
        "0", "-1", "-0", "-0.0", "0.5", "4.0", "1.0000000000000002", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "123456789012345678901234567890", "1e19", "-1e19", "1e300", "-1e300", "1E400",
        "5e-324", "1.7976931348623157e308",
    ]

    /// Strings that break naive code: numbers and keywords in disguise, injections, controls, bidi marks.
    static let oddStrings = [
        "NaN", "Infinity", "-Infinity", "inf", "1e300", "-0", "null", "true", "{}", "[]", "' OR 1=1 --",
        "<script>alert(1)</script>", "../../etc/passwd", "%00%ff%zz", "${jndi:ldap://x}", "\r\nX-Injected: 1",
        "Robert'); DROP TABLE tickets;--", "\u{202E}evil\u{FEFF}\u{200B}", "\u{0000}", "a\u{0000}b",
        "🙂👩‍👩‍👧‍👦", "\u{10FFFF}", "Ω≈ç√∫", "ticket 1001", "printer jam",
    ]

    /// A string value (JSON text) sized around `limit`: at it, just over it, far over it, or odd.
    static func string(_ random: inout SplitMix64, limit: Int = 200) -> String {
        let text: String =
            switch random.below(10) {
            case 0: ""
            case 1: String(repeating: "x", count: max(limit, 0))
            case 2: String(repeating: "y", count: limit + 1)
            case 3: "a" + String(repeating: "\u{0301}", count: limit + random.below(3_000))
            case 4: String(repeating: "z", count: 100_000 + random.below(100_000))
            case 5: String(repeating: "\u{0000}", count: 1 + random.below(5)) + "nul"
            case 6: String(repeating: "👩‍👩‍👧‍👦", count: 1 + random.below(limit / 4 + 1))
            default: random.pick(oddStrings)
            }
        return JSONText.string(text)
    }

    /// Any JSON value of the wrong kind for whatever was expected, or broken JSON text inside a valid frame.
    static func wrongValue(_ random: inout SplitMix64) -> String {
        switch random.below(12) {
        case 0: return random.pick(numbers)
        case 1: return string(&random)
        case 2: return JSONText.nested(random.int(in: 2...600))
        case 3: return String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300)
        case 4: return "\"\\ud800\""
        case 5: return "\"\\udfff\\ud800x\""
        case 6: return "[1,\"two\",null,{},[]]"
        case 7: return "[" + Array(repeating: "0", count: 10_000).joined(separator: ",") + "]"
        default: return random.pick(["null", "true", "false", "\"\"", "[]", "{}", "{\"\":null}"])
        }
    }

    /// A parameter name a tool does not have.
    static func unknownKey(_ random: inout SplitMix64) -> String {
        random.pick(["__proto__", "", " ", "ticket_id ", "TICKET_ID", "\u{0000}", "constructor", String(repeating: "k", count: 5_000), "$ref"])
    }
}
