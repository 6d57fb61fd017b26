import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
import Shared
import Testing

/// The indexer reads a ticket's whole history despite HaloPSA's default cap of 52 actions
/// (see `Quirks.actionListCap`), and records a history HaloPSA still returns short so `status` shows it.
@Suite("Indexer and long histories", .timeLimit(.minutes(5)))
struct IndexerHistoryTests {
    /// The numbers `n` of the notes "Note n" the live version holds for the ticket (short notes like
    /// these are lines folded into a note or history chunk, each ending in the note).
    static func indexedNoteNumbers(of ticketID: Int, _ indexer: Indexer) throws -> Set<Int> {
        let live = try #require(try indexer.directory.current())
        let lines = try live.chunks(ofTicket: ticketID).flatMap { $0.chunk.text.split(separator: "\n") }
        return Set(lines.compactMap { line in line.range(of: "Note ", options: .backwards).flatMap { Int(line[$0.upperBound...]) } })
    }

    @Test func everyActionOfA120ActionTicketIsIndexed() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withSimulator(tickets: 20) { sim in
            let id = try await sim.ticket(withNotes: 119)
            let indexer = try IndexerEndToEndTests.indexer(sim: sim, embeddings: embeddings, data: data)
            let run = try await indexer.run(.full)
            #expect(run.incompleteHistories == 0)
            #expect(try Self.indexedNoteNumbers(of: id, indexer) == Set(1...119), "notes past the 52nd are indexed")
            #expect(indexer.status().incompleteHistories.isEmpty)
        }
    }

    @Test func aHistoryHaloPSAReturnsShortIsRecordedShownAndCarriedOver() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withSimulator(tickets: 20, configure: { $0.quirks.actionCountCeiling = 30 }) { sim in
            let id = try await sim.ticket(withNotes: 39)
            let indexer = try IndexerEndToEndTests.indexer(sim: sim, embeddings: embeddings, data: data)
            let run = try await indexer.run(.full)
            #expect(run.incompleteHistories == 1)
            #expect(run.summary.contains("1 with an incomplete history"))
            let expected = IncompleteHistory(ticketID: id, actionsReceived: 30, recordCount: 40)
            #expect(indexer.status().incompleteHistories == [expected])
            #expect(indexer.status().text.contains("incomplete histories: 1 ticket(s)"))
            #expect(indexer.status().text.contains("\(id) (30 of 40 actions)"))

            // Another ticket changes; the short one is copied with its record.
            let other = try #require(try await sim.client().ticketIDs(as: .serviceAccount).first { $0 != id })
            var changes = TicketChanges(id: other)
            changes.summary = "Edited so the next run publishes"
            _ = try await sim.client().updateTicket(changes, as: .serviceAccount)
            let incremental = try await indexer.run(.incremental)
            #expect(incremental.publishedVersion == 2)
            #expect(incremental.ticketsCopied >= 1)
            #expect(incremental.incompleteHistories == 1)
            #expect(indexer.status().incompleteHistories == [expected])
            let idle = try await indexer.run(.incremental)
            #expect(idle.publishedVersion == nil)
            #expect(idle.incompleteHistories == 1, "a run with nothing to do still reports the live version's")
        }
    }
}
