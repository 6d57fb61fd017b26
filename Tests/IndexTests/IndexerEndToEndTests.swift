import Crypto
import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
import Logging
import Shared
import Testing

/// The indexer against the simulator and a loopback embeddings service (the real `openai` provider):
/// full runs, incremental runs that embed only what changed, and the untouched previous version.
@Suite("Indexer end to end", .timeLimit(.minutes(10)))
struct IndexerEndToEndTests {
    static func indexer(
        sim: SimulatorHarness, embeddings: EmbeddingService, data: URL, adding extra: [String: String] = [:]
    ) throws -> Indexer {
        let environment = embeddings.indexerEnvironment(haloURL: sim.baseURL, data: data).merging(extra) { _, added in added }
        let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
        return try Indexer(configuration: configuration, logger: Logger(label: "test.index"))
    }

    /// Every row of a version as (ticket, kind, action, content hash), order-independent.
    static func rows(of version: IndexVersion) throws -> Set<String> {
        var rows: Set<String> = []
        for ticket in try version.allTickets() {
            for indexed in try version.chunks(ofTicket: ticket.id) {
                let chunk = indexed.chunk
                rows.insert("\(chunk.ticketID)/\(chunk.kind.rawValue)/\(chunk.actionID ?? 0)/\(chunk.ordinal)/\(chunk.contentHash)")
            }
        }
        return rows
    }

    static func digest(of folder: URL) throws -> String {
        var hash = SHA256()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            hash.update(data: Data(name.utf8))
            hash.update(data: try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test func incrementalRunEmbedsOnlyWhatChanged() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withSimulator(tickets: 2000) { sim in
            let indexer = try Self.indexer(sim: sim, embeddings: embeddings, data: data)
            let full = try await indexer.run(.full)
            #expect(full.publishedVersion == 1)
            #expect(full.tickets == 2000)
            #expect(full.chunksEmbedded + full.chunksReused == full.rows)
            #expect(embeddings.texts.count == full.chunksEmbedded)
            let first = try #require(try indexer.directory.current())
            let firstDigest = try Self.digest(of: first.directory)
            let firstRows = try Self.rows(of: first)

            // Change 20 tickets and add a note to 10 others, through HaloPSA's API.
            let client = sim.client()
            let ids = try await client.ticketIDs(as: .serviceAccount).sorted()
            let edited = Array(ids[100..<120])
            let annotated = Array(ids[500..<510])
            for id in edited {
                var changes = TicketChanges(id: id)
                changes.summary = "Edited summary \(id): VPN tunnel flaps after firmware 7.2.1"
                _ = try await client.updateTicket(changes, as: .serviceAccount)
            }
            for id in annotated {
                var note = NewAction(ticketID: id)
                note.outcome = "Private Note"
                note.note = "Follow-up \(id): replaced the switch port on fs01.acme.local"
                _ = try await client.createAction(note, as: .serviceAccount)
            }

            embeddings.reset()
            let incremental = try await indexer.run(.incremental)
            #expect(incremental.publishedVersion == 2)
            #expect(incremental.ticketsFetched == 30, "only the 30 changed tickets are read again")
            #expect(incremental.ticketsCopied == 1970)
            let second = try #require(try indexer.directory.current())
            let secondRows = try Self.rows(of: second)
            let newHashes = Set(secondRows.map { $0.split(separator: "/").last! }).subtracting(firstRows.map { $0.split(separator: "/").last! })
            #expect(incremental.chunksEmbedded == newHashes.count, "a chunk is embedded only when its text is new")
            #expect(embeddings.texts.count == incremental.chunksEmbedded)
            let touched = Set(edited + annotated)
            let changedTickets = Set(secondRows.symmetricDifference(firstRows).map { Int($0.split(separator: "/")[0])! })
            #expect(changedTickets.isSubset(of: touched))
            #expect(Set(annotated).isSubset(of: changedTickets), "every new note is indexed")
            #expect(Set(edited).isSubset(of: changedTickets), "every edited summary is indexed")
            let firstHashes = Set(firstRows.map { $0.split(separator: "/").last! })
            for id in edited {
                let renewed = secondRows.filter { $0.hasPrefix("\(id)/") && !firstHashes.contains($0.split(separator: "/").last!) }
                #expect(renewed.map { $0.split(separator: "/")[1] } == ["summary"], "a summary edit re-embeds the summary chunk alone: \(renewed)")
            }

            // The new version holds exactly what a full run over the same data holds.
            let reference = data.appendingPathComponent("reference")
            let fresh = try await Self.indexer(sim: sim, embeddings: embeddings, data: reference).run(.full)
            #expect(fresh.tickets == 2000)
            let freshVersion = try #require(try IndexDirectory(dataDirectory: reference).current())
            #expect(try Self.rows(of: freshVersion) == secondRows)

            // The previous version is untouched, and a run with nothing new publishes nothing.
            #expect(try Self.digest(of: indexer.directory.url(ofVersion: 1)) == firstDigest)
            let idle = try await indexer.run(.incremental)
            #expect(idle.publishedVersion == nil)
            #expect(indexer.directory.currentVersionNumber() == 2)
        }
    }

    @Test func deletedTicketsLeaveTheIndexAndRequestsAreDrained() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withSimulator(tickets: 200) { sim in
            let indexer = try Self.indexer(sim: sim, embeddings: embeddings, data: data)
            _ = try await indexer.run(.full)
            let ids = try await sim.client().ticketIDs(as: .serviceAccount).sorted()
            try await sim.deleteTicket(ids[3])
            let incremental = try await indexer.run(.incremental)
            #expect(incremental.ticketsDeleted == 1)
            let live = try #require(try indexer.directory.current())
            #expect(try live.ticket(id: ids[3]) == nil)
            #expect(live.meta.ticketCount == 199)

            #expect(try indexer.queue.enqueue(.ticket(ids[7]), source: "test"))
            embeddings.reset()
            let drained = try #require(try await indexer.drain())
            #expect(drained.ticketsFetched == 1)
            #expect(embeddings.texts.isEmpty, "unchanged text reuses its vectors")
            #expect(try indexer.queue.depth() == 0)
            #expect(try await indexer.drain() == nil)

            let status = indexer.status()
            #expect(status.liveVersion == 3)
            #expect(status.tickets == 199)
            #expect(status.lastRun?.succeeded == true)
        }
    }
}
