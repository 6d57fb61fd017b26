@testable import HMCPServe
import MCP
import Testing

/// The audit line shows argument values, but never secrets, and cuts long strings.
@Suite struct AuditArgumentsTests {
    @Test func valuesAreShownInNameOrder() {
        let line = AuditArguments.describe(["ticket_id": 1042, "private": true, "time_taken_hours": 0.5, "outcome": "Private Note"])
        #expect(line == #"outcome="Private Note" private=true ticket_id=1042 time_taken_hours=0.5"#)
    }

    @Test func secretsAreRedactedWhateverTheirSpelling() {
        let arguments: [String: Value] = [
            "token": "abc", "access_token": "def", "refreshToken": "ghi", "client_secret": "jkl", "Password": "mno",
            "api_key": "pqr", "Authorization": "Bearer stu", "nested": ["apiKey": "vwx", "ticket_id": 7],
        ]
        let line = AuditArguments.describe(arguments)
        for secret in ["abc", "def", "ghi", "jkl", "mno", "pqr", "stu", "vwx"] {
            #expect(!line.contains(secret), "\(secret) leaked into \(line)")
        }
        #expect(line.contains("ticket_id=7"))
        #expect(line.components(separatedBy: "[redacted]").count - 1 == 8)
    }

    @Test func wordsThatOnlyLookLikeSecretsStayVisible() {
        #expect(!AuditArguments.isSecret("keyword"))
        #expect(!AuditArguments.isSecret("monkey_count"))
        #expect(AuditArguments.describe(["keyword": "printer"]) == #"keyword="printer""#)
    }

    @Test func longStringsAreCutAndEscaped() {
        let note = String(repeating: "a", count: 200) + "SECRET-TAIL"
        let line = AuditArguments.describe(["note": .string(note)])
        #expect(!line.contains("SECRET-TAIL"))
        #expect(line == "note=\"" + String(repeating: "a", count: AuditArguments.stringLimit) + "…\"")
        #expect(AuditArguments.describe(["note": "two\nlines \"quoted\""]) == #"note="two\nlines \"quoted\"""#)
    }
}
