import Foundation
import HMCPTesting
import Logging
import Synchronization
import Testing

@testable import Shared

@Suite("Semantic search")
struct SemanticSearchTests {
    static let texts = [
        "VPN drops every hour for remote staff", "Printer on floor 3 jams with error E-502",
        "Outlook crashes when opening large attachments", "Password reset locked out since Monday",
        "Wi-Fi slow in conference room B", "Backup job failed on fs01.acme.local",
        "New starter laptop and monitor request", "Invoice has the wrong VAT number",
    ]

    private func publishedSearch() throws -> (SemanticSearch, LiveIndex, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-semantic-\(UUID().uuidString)")
        let directory = IndexDirectory(dataDirectory: root)
        let embedder = TrigramEmbedder(dimension: 24, modelID: "local:fixture")
        let publisher = try directory.acquire()
        let pending = try publisher.beginVersion()
        let writer = try IndexVersionWriter(
            directory: pending.url, indexVersion: pending.number,
            build: IndexBuild(embeddingProvider: "local", modelID: embedder.modelID, dimension: 24, sourceURL: "https://halo.example"))
        for (offset, text) in Self.texts.enumerated() {
            let id = 100 + offset
            let ticket = IndexedTicket(id: id, summary: text, clientID: 1, isOpen: true, fingerprint: "\(id)")
            let chunk = Chunk(ticketID: id, kind: offset == 7 ? .action : .details, actionID: offset == 7 ? 70 : nil, ordinal: 0,
                              text: "Details: " + text, isPrivate: offset == 7,
                              quotedSummary: Chunker.quotedSummary(of: text, version: Chunker.version))
            try writer.append(ticket: ticket, chunks: [chunk], vectors: Matrix(rows: 1, columns: 24, values: embedder.vector("Details: " + text)))
        }
        try writer.finish(highWaterMark: nil)
        try publisher.publish(pending)
        publisher.release()
        let live = LiveIndex(directory: directory, expecting: .init(modelID: embedder.modelID, dimension: 24), logger: Logger(label: "test"))
        let search = SemanticSearch(
            live: live, embedder: embedder, permissions: PermissionFilter(clock: ManualClock()), haloBaseURL: "https://halo.example",
            logger: Logger(label: "test"))
        return (search, live, root)
    }

    @Test func answersOnlyWithVisibleTicketsInScoreOrder() async throws {
        let (search, live, root) = try publishedSearch()
        defer { try? FileManager.default.removeItem(at: root) }
        await #expect(throws: SemanticSearch.Failure.noIndex) {
            try await search.search("vpn", limit: 3, user: "a") { _ in .visible }
        }
        #expect(live.refresh())

        let everything = try await search.search("Details: Backup job failed on fs01.acme.local", limit: 3, user: "admin") { _ in .visible }
        #expect(everything.hits.first?.ticketID == 105)
        #expect(abs((everything.hits.first?.score ?? 0) - 1) < 1e-3)
        #expect(everything.hits.first?.url == "https://halo.example/ticket?id=105")
        #expect(everything.hits.first?.snippet.contains("fs01.acme.local") == true)
        #expect(everything.hits.map(\.score) == everything.hits.map(\.score).sorted(by: >))
        #expect(everything.indexVersion == 1)

        let narrow = try await search.search("Details: Backup job failed on fs01.acme.local", limit: 3, user: "narrow") {
            $0 == 105 ? .hidden : .visible
        }
        #expect(narrow.hits.count == 3)
        #expect(!narrow.hits.contains { $0.ticketID == 105 }, "a hidden ticket is never returned")
        #expect(narrow.hits.map(\.ticketID) == Array(everything.hits.map(\.ticketID).dropFirst()) + [narrow.hits.last!.ticketID])
    }

    @Test func similarTicketsNeedTheSourceToBeVisible() async throws {
        let (search, live, root) = try publishedSearch()
        defer { try? FileManager.default.removeItem(at: root) }
        live.refresh()
        let similar = try await search.similar(toTicket: 101, limit: 4, user: "a") { _ in .visible }
        #expect(similar.hits.count == 4)
        #expect(!similar.hits.contains { $0.ticketID == 101 })
        await #expect(throws: SemanticSearch.Failure.unknownTicket(101)) {
            try await search.similar(toTicket: 101, limit: 4, user: "b") { $0 == 101 ? .hidden : .visible }
        }
        await #expect(throws: SemanticSearch.Failure.unknownTicket(9999)) {
            try await search.similar(toTicket: 9999, limit: 4, user: "a") { _ in .visible }
        }
    }

    @Test func hitsFromPrivateNotesAreMarkedPrivate() async throws {
        let (search, live, root) = try publishedSearch()
        defer { try? FileManager.default.removeItem(at: root) }
        live.refresh()
        let results = try await search.search("Details: Invoice has the wrong VAT number", limit: 8, user: "a") { _ in .visible }
        #expect(results.hits.first?.ticketID == 107)
        #expect(results.hits.first?.matchedIn == "action")
        #expect(results.hits.filter(\.isPrivate).map(\.ticketID) == [107], "only the private note's hit is private")
    }

    @Test func aTicketMissingFromTheIndexAndAHiddenOneTakeTheSamePath() async throws {
        let (search, live, root) = try publishedSearch()
        defer { try? FileManager.default.removeItem(at: root) }
        live.refresh()
        let asked = Mutex<[Int]>([])
        let check = PermissionCheck.perTicket(concurrency: 2) { id in
            asked.withLock { $0.append(id) }
            return id == 101 ? .hidden : .visible
        }
        var messages: [String] = []
        for id in [101, 9999] {
            do {
                _ = try await search.similar(toTicket: id, limit: 4, user: "b", check: check)
                Issue.record("ticket \(id) answered")
            } catch let failure as SemanticSearch.Failure {
                messages.append(failure.description.replacingOccurrences(of: "\(id)", with: "N"))
            }
        }
        #expect(asked.withLock { $0 } == [101, 9999], "HaloPSA is asked about both, once each")
        #expect(messages.count == 2 && messages[0] == messages[1])
    }

    @Test func snippetsAreOneLineAndBounded() {
        let long = String(repeating: "word ", count: 300) + "\n\nend"
        let snippet = SemanticSearch.snippet(long)
        #expect(!snippet.contains("\n"))
        #expect(snippet.count <= SemanticSearch.snippetLength + 2)
        #expect(snippet.hasSuffix(" …"))
    }
}
