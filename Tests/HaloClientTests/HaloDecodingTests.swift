import Foundation
import Testing

@testable import Shared

@Suite("HaloPSA decoding")
struct HaloDecodingTests {
    @Test(arguments: [
        ("2025-03-05T14:20:11", 1_741_184_411.0),
        ("2025-03-05T14:20:11Z", 1_741_184_411.0),
        ("2025-03-05T14:20:11.1234567Z", 1_741_184_411.1234567),
        ("2025-03-05T16:20:11+02:00", 1_741_184_411.0),
        ("2025-03-05 14:20", 1_741_184_400.0),
        ("2025-03-05", 1_741_132_800.0),
        ("1900-01-01T00:00:00", -2_208_988_800.0),
    ])
    func datesWithAndWithoutZone(text: String, epoch: Double) throws {
        let date = try #require(HaloDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - epoch) < 1e-6)
    }

    @Test(arguments: ["", "yesterday", "2025-13-01", "2025-03-05T14", "2025-03-05T14:20:11junk"])
    func notADate(text: String) {
        #expect(HaloDate.parse(text) == nil)
    }

    @Test func datesBeyondYear9999AreFormattedAsItsEnd() {
        #expect(HaloDate.format(Date(timeIntervalSince1970: 9_223_372_036_854_775_807)) == "9999-12-31T23:59:59Z")
        #expect(HaloDate.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59Z")
        #expect(HaloDate.format(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(HaloDate.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
    }

    @Test func formatRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_741_184_411)
        #expect(HaloDate.format(date) == "2025-03-05T14:20:11Z")
        #expect(HaloDate.parse(HaloDate.format(date)) == date)
    }

    @Test func listAsEnvelopeOrBareArray() throws {
        let decoder = JSONDecoder.halo()
        decoder.userInfo[.haloListKey] = "tickets"
        let envelope = #"{"page_no":1,"record_count":7,"columns":[{"id":1}],"tickets":[{"id":5,"summary":"VPN","unknown_field":{"x":1},"lastactiondate":"2025-03-05T14:20:11"}]}"#
        let list = try decoder.decode(HaloList<Ticket>.self, from: Data(envelope.utf8))
        #expect(list.recordCount == 7)
        #expect(list.records.map(\.id) == [5])
        #expect(list.records[0].lastActionDate == HaloDate.parse("2025-03-05T14:20:11Z"))

        let bare = try decoder.decode(HaloList<Status>.self, from: Data(#"[{"id":1,"name":"New"},{"id":9,"name":"Closed"}]"#.utf8))
        #expect(bare.recordCount == 2)
        #expect(bare.records.last?.name == "Closed")

        decoder.userInfo[.haloListKey] = "outcomes"
        let otherKey = try decoder.decode(HaloList<Outcome>.self, from: Data(#"{"record_count":1,"records":[{"id":8,"outcome":"Private Note"}]}"#.utf8))
        #expect(otherKey.records.first?.displayName == "Private Note")
    }

    @Test func omittedAndNullFieldsAreFine() throws {
        let ticket = try JSONDecoder.halo().decode(Ticket.self, from: Data(#"{"id":3,"summary":null,"customfields":[{"id":1,"value":[1,"a"]}]}"#.utf8))
        #expect(ticket.summary == nil)
        #expect(ticket.customFields?.first?.value == .array([.number(1), .string("a")]))
    }

    @Test(arguments: [
        (#"{"resultCode":4,"errorMessage":"An Outcome must be entered for this Action"}"#, "An Outcome must be entered for this Action"),
        (#"{"ClassName":"System.Exception","Message":"ticket_id must be specified"}"#, "ticket_id must be specified"),
        (#"{"Message":"Authorization has been denied for this request."}"#, "Authorization has been denied for this request."),
        (#"{"error":"invalid_client"}"#, "invalid_client"),
        (#"{"error":"invalid_grant","error_description":"code was already used"}"#, "code was already used"),
        (#"{"errors":{"[0].id":["The value 'x' is not valid."]}}"#, "[0].id: The value 'x' is not valid."),
        ("Rate Limit Reached - 300 Requests per rolling 5 minute window", "Rate Limit Reached - 300 Requests per rolling 5 minute window"),
        (#""CODE:APP03/2 Please select the CAB members to approve""#, "CODE:APP03/2 Please select the CAB members to approve"),
    ])
    func errorBodyShapes(body: String, message: String) {
        #expect(HaloErrorBody.message(from: Data(body.utf8)) == message)
    }

    @Test func errorKindsAndRetryability() {
        let cases: [(Int, HaloAPIError.Kind, Bool)] = [
            (400, .badRequest, false), (401, .unauthorized, false), (403, .forbidden, false), (404, .notFound, false),
            (429, .rateLimited, true), (500, .serverError, true), (503, .serverError, true), (418, .unexpectedStatus, false),
        ]
        for (status, kind, retryable) in cases {
            let error = HaloAPIError.from(status: status, body: Data(), retryAfter: nil)
            #expect(error.kind == kind)
            #expect(error.isRetryable == retryable)
            #expect(error.status == status)
        }
        #expect(HaloAPIError.from(status: 404, body: Data(), retryAfter: nil).message == "Not Found")
    }

    @Test func retryPolicyNeverRepeatsAPostThatHaloMayHaveApplied() {
        let policy = RetryPolicy(halo: HaloSettings(baseURL: "https://acme.halopsa.com", requestTimeout: 7, maxRetries: 3, maxBackoff: 10))
        let server = HaloAPIError(kind: .serverError, status: 500, message: "boom")
        let limited = HaloAPIError(kind: .rateLimited, status: 429, message: "slow down", retryAfter: .seconds(2))
        #expect(policy.maxAttempts == 4 && policy.requestTimeout == .seconds(7))
        #expect(policy.allowsRetry(after: server, attempt: 1, isIdempotent: true))
        #expect(!policy.allowsRetry(after: server, attempt: 1, isIdempotent: false))
        #expect(policy.allowsRetry(after: limited, attempt: 3, isIdempotent: false))
        #expect(!policy.allowsRetry(after: limited, attempt: 4, isIdempotent: false))
        #expect(policy.delay(afterAttempt: 1, retryAfter: limited.retryAfter) == .seconds(2))
        for attempt in 1...6 {
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil)
            let ceiling = min(10, 0.5 * pow(2, Double(attempt - 1)))
            #expect(delay.inSeconds >= ceiling / 2 && delay.inSeconds <= ceiling)
        }
    }

    @Test func queryEncodingAndTenantURLs() {
        #expect(FormURLEncoding.encode([("search", "VPN drops & 50%"), ("team", "1,2")]) == "search=VPN%20drops%20%26%2050%25&team=1%2C2")
        let endpoints = HaloAuthEndpoints(authURL: "https://acme.halopsa.com/auth")
        #expect(endpoints.tokenURL(tenant: "acme") == "https://acme.halopsa.com/auth/token?tenant=acme")
        #expect(endpoints.tokenURL(tenant: nil) == "https://acme.halopsa.com/auth/token")
        #expect(HaloQuery.url(endpoints.authorizeURL(tenant: "acme"), [("state", "s")]) == "https://acme.halopsa.com/auth/authorize?tenant=acme&state=s")
    }
}
