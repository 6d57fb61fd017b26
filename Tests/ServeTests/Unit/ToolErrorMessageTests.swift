@testable import HMCPServe
import Shared
import Testing

/// What a model reads when HaloPSA limits the rate: a whole number of seconds, whatever HaloPSA sent.
@Suite struct ToolErrorMessageTests {
    @Test(arguments: [("inf", "retry in 300 seconds"), ("1e19", "retry in 300 seconds"), ("1.2", "retry in 2 seconds")])
    func rateLimitsNameAWaitInWholeSeconds(header: String, expected: String) {
        let error = HaloAPIError(kind: .rateLimited, status: 429, message: "slow down", retryAfter: RetryAfter.wait(header))
        let (message, kind) = ToolErrorMessage.describe(error)
        #expect(message.contains(expected))
        #expect(kind == "halo_rateLimited")
    }

    @Test func aRateLimitWithoutAHintSaysShortly() {
        let error = HaloAPIError(kind: .rateLimited, status: 429, message: "slow down", retryAfter: RetryAfter.wait("nan"))
        #expect(ToolErrorMessage.describe(error).message.contains("retry shortly"))
    }
}
