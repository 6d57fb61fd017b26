import Foundation
import Shared
import Testing

/// `Retry-After` from HaloPSA or an embedding provider becomes a finite wait in `0...300 s`, whatever it says.
@Suite struct RetryAfterTests {
    @Test(arguments: [
        ("3", Duration.seconds(3)), ("1.5", .milliseconds(1500)), (" 0 ", .zero), ("-5", .zero),
        ("inf", RetryAfter.longest), ("Infinity", RetryAfter.longest), ("1e19", RetryAfter.longest),
        ("1e300", RetryAfter.longest), ("301", RetryAfter.longest),
    ])
    func secondsAreClampedToAFiniteRange(header: String, wait: Duration) {
        #expect(RetryAfter.wait(header) == wait)
    }

    @Test(arguments: [nil, "", "  ", "nan", "NaN", "-nan", "soon", "Tuesday"] as [String?])
    func unusableHeadersGiveNoHint(header: String?) {
        #expect(RetryAfter.wait(header) == nil)
    }

    @Test func httpDatesCountFromNow() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.wait("Tue, 14 Nov 2023 22:14:02 GMT", now: now) == .seconds(42))
        #expect(RetryAfter.wait("Thu, 01 Jan 1970 00:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.wait("Fri, 31 Dec 9999 23:59:59 GMT", now: now) == RetryAfter.longest)
    }
}
