import Foundation
import Testing

@testable import Shared

@Suite("Re-embed queue")
struct ReembedQueueTests {
    private func temporaryQueue() throws -> (ReembedQueue, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-queue-\(UUID().uuidString)")
        return (try ReembedQueue(path: folder.appendingPathComponent("queue.sqlite").path), folder)
    }

    @Test func pendingRequestsAreDeduplicated() throws {
        let (queue, folder) = try temporaryQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try queue.enqueue(.ticket(7), source: "webhook"))
        #expect(try !queue.enqueue(.ticket(7), source: "cli"))
        #expect(try queue.enqueue(.all, source: "cli"))
        #expect(try queue.depth() == 2)
    }

    @Test func claimTakesEverythingAndCompletes() throws {
        let (queue, folder) = try temporaryQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        try queue.enqueue(.ticket(3), source: "t")
        try queue.enqueue(.ticket(1), source: "t")
        let claim = try queue.claim()
        #expect(claim.ticketIDs == [1, 3])
        #expect(!claim.includesAll)
        #expect(try queue.depth() == 0)
        #expect(try queue.claim().isEmpty)
        // A request arriving during the drain is kept for the next one, even for a claimed target.
        #expect(try queue.enqueue(.ticket(3), source: "t"))
        try queue.complete(claim)
        #expect(try queue.claim().ticketIDs == [3])
    }

    @Test func failedClaimGoesBackWithoutDuplicates() throws {
        let (queue, folder) = try temporaryQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        try queue.enqueue(.ticket(5), source: "t")
        try queue.enqueue(.ticket(6), source: "t")
        let claim = try queue.claim()
        try queue.enqueue(.ticket(5), source: "t")
        try queue.fail(claim, error: "HaloPSA 503")
        #expect(try queue.depth() == 2)
        #expect(try queue.claim().ticketIDs == [5, 6])
    }

    @Test func queueIsSharedBetweenProcessesThroughTheFile() throws {
        let (writer, folder) = try temporaryQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reader = try ReembedQueue(path: folder.appendingPathComponent("queue.sqlite").path)
        try writer.enqueue(.all, source: "serve")
        #expect(try reader.claim().includesAll)
    }
}
