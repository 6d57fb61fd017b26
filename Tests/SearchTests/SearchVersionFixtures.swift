import Foundation
@testable import Shared

/// Published versions whose tickets carry given texts, for keyword search and hot-swap tests.
struct PublishedIndex {
    static let build = IndexBuild(embeddingProvider: "local", modelID: "local:fixture", dimension: 24, sourceURL: "https://halo.example")
    let root: URL
    let directory: IndexDirectory

    init(keep: Int = 3) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-live-tests-\(UUID().uuidString)")
        directory = IndexDirectory(dataDirectory: root, keep: keep)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Publishes a version holding one ticket per text (ids from `firstID`), each text one chunk,
    /// with vectors seeded by `seed`; ticket `i` belongs to client `i % 2` and is open when `i` is even.
    @discardableResult
    func publish(_ texts: [String], firstID: Int = 1, seed: UInt64 = 1) throws -> Int {
        let publisher = try directory.acquire(waitingUpTo: .seconds(10))
        defer { publisher.release() }
        let pending = try publisher.beginVersion()
        let writer = try IndexVersionWriter(directory: pending.url, indexVersion: pending.number, build: Self.build)
        var random = SeededVectors(seed: seed)
        for (offset, text) in texts.enumerated() {
            let id = firstID + offset
            let ticket = IndexedTicket(id: id, summary: text, clientID: id % 2, isOpen: id % 2 == 0, fingerprint: "\(id)")
            let chunk = Chunk(
                ticketID: id, kind: .details, actionID: nil, ordinal: 0, text: text,
                quotedSummary: Chunker.quotedSummary(of: text, version: Self.build.chunkerVersion))
            try writer.append(ticket: ticket, chunks: [chunk], vectors: Matrix(rows: 1, columns: 24, values: random.unitVector(24)))
        }
        try writer.finish(highWaterMark: nil)
        try publisher.publish(pending)
        return pending.number
    }
}
