@testable import HMCPServe
import Shared
import Testing

/// A record the caller may not see reads exactly like one that does not exist.
@Suite struct RecordAccessTests {
    func message(for error: HaloAPIError) async -> String? {
        do {
            _ = try await RecordAccess.ticket(1042) { () async throws -> Int in throw error }
            return nil
        } catch let failure as ToolFailure {
            return failure.message
        } catch {
            return nil
        }
    }

    @Test func forbiddenAndMissingTicketsGetTheSameMessage() async {
        let forbidden = await message(for: HaloAPIError(kind: .forbidden, status: 403, message: "You do not have permission"))
        let missing = await message(for: HaloAPIError(kind: .notFound, status: 404, message: "Ticket 1042 not found"))
        #expect(forbidden != nil && forbidden == missing)
        #expect(forbidden?.contains("lacks permission for ticket 1042, or it does not exist") == true)
        #expect(forbidden?.contains("You do not have permission") == false, "HaloPSA's own wording is not passed on")
    }

    @Test func otherFailuresPassThrough() async {
        #expect(await message(for: HaloAPIError(kind: .serverError, status: 500, message: "boom")) == nil)
    }

    @Test func haloMessagesEndWithOneFullStop() {
        #expect(ToolErrorMessage.sentence("Please select a Client for the Ticket.") == "Please select a Client for the Ticket.")
        #expect(ToolErrorMessage.sentence("Status 42 does not exist") == "Status 42 does not exist.")
    }
}
