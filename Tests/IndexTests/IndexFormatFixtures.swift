import Foundation
@testable import Shared

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-index-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Small deterministic index contents: tickets with a few chunks and unit vectors.
enum IndexFormatFixtures {
    static let build = IndexBuild(embeddingProvider: "local", modelID: "local:test-model", dimension: 20, sourceURL: "https://halo.example")

    /// A unit vector that depends only on `seed` (20 components, so rows carry 12 floats of padding).
    static func unitVector(_ seed: Int, dimension: Int = build.dimension) -> [Float] {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let raw = (0..<dimension).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
        let length = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / length }
    }

    static func ticket(_ id: Int, chunkCount: Int) -> (IndexedTicket, [Chunk], Matrix) {
        let ticket = IndexedTicket(
            id: id, summary: "Ticket \(id)", clientID: id % 3, clientName: "Client \(id % 3)", teamID: 1, teamName: "Desk",
            statusID: 2, statusName: "Open", agentID: 5, isOpen: id % 2 == 0,
            lastActionDate: Date(timeIntervalSince1970: Double(1_700_000_000 + id)), fingerprint: "fp-\(id)"
        )
        let chunks = (0..<chunkCount).map { ordinal in
            Chunk(ticketID: id, kind: ordinal == 0 ? .summary : .action, actionID: ordinal == 0 ? nil : ordinal,
                  ordinal: ordinal, text: "ticket \(id) chunk \(ordinal) printer toner", isPrivate: ordinal == 2)
        }
        let values = (0..<chunkCount).flatMap { unitVector(id * 100 + $0) }
        return (ticket, chunks, Matrix(rows: chunkCount, columns: build.dimension, values: values))
    }

    /// Writes and finishes a version holding tickets `ids` (ticket `i` has `i % 3 + 1` chunks).
    @discardableResult
    static func writeVersion(in directory: URL, number: Int = 1, ids: [Int] = [1, 2, 3, 4, 5], build: IndexBuild = build) throws -> IndexMeta {
        let writer = try IndexVersionWriter(directory: directory, indexVersion: number, build: build)
        for id in ids {
            let (ticket, chunks, vectors) = ticket(id, chunkCount: id % 3 + 1)
            try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
        }
        return try writer.finish(highWaterMark: Date(timeIntervalSince1970: 1_700_000_999))
    }

    /// Builds and publishes a version through `publisher`.
    @discardableResult
    static func publishVersion(_ publisher: IndexPublisher, ids: [Int] = [1, 2, 3]) throws -> Int {
        let pending = try publisher.beginVersion()
        try writeVersion(in: pending.url, number: pending.number, ids: ids)
        try publisher.publish(pending)
        return pending.number
    }
}
