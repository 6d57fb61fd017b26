import Foundation
import Testing
@testable import Shared

@Suite("Publishing is crash-safe")
struct PublishCrashSafetyTests {
    @Test("a writer abandoned midway leaves current on the previous complete version, and the next run cleans up")
    func abandonedWriter() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        let publisher = try directory.acquire()
        try IndexFormatFixtures.publishVersion(publisher, ids: [1, 2])
        let pending = try publisher.beginVersion()
        do {
            let writer = try IndexVersionWriter(directory: pending.url, indexVersion: pending.number, build: IndexFormatFixtures.build)
            for id in 1...3 {
                let (ticket, chunks, vectors) = IndexFormatFixtures.ticket(id, chunkCount: 2)
                try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
            }
        }
        publisher.release()

        #expect(directory.currentVersionNumber() == 1)
        #expect(try directory.current()?.meta.ticketCount == 2)
        #expect(throws: IndexFormatError.self) { try IndexVersion(directory: pending.url) }

        let next = try directory.acquire()
        defer { next.release() }
        #expect(!FileManager.default.fileExists(atPath: pending.url.path))
        #expect(try IndexFormatFixtures.publishVersion(next, ids: [1, 2, 3]) == 2)
        #expect(try directory.current()?.meta.ticketCount == 3)
    }

    @Test("publishing an unfinished version is refused and current does not move")
    func unfinishedVersion() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        let publisher = try directory.acquire()
        defer { publisher.release() }
        try IndexFormatFixtures.publishVersion(publisher)
        let pending = try publisher.beginVersion()
        let writer = try IndexVersionWriter(directory: pending.url, indexVersion: pending.number, build: IndexFormatFixtures.build)
        let (ticket, chunks, vectors) = IndexFormatFixtures.ticket(1, chunkCount: 2)
        try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
        #expect(throws: IndexFormatError.self) { try publisher.publish(pending) }
        #expect(directory.currentVersionNumber() == 1)
        #expect(directory.versions() == [1])
    }

    @Test("a crash between the rename and the swap leaves current on the old version; numbering moves past the orphan")
    func crashBeforeSwap() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        let publisher = try directory.acquire()
        try IndexFormatFixtures.publishVersion(publisher)
        let pending = try publisher.beginVersion()
        try IndexFormatFixtures.writeVersion(in: pending.url, number: pending.number)
        try FileManager.default.moveItem(at: pending.url, to: directory.url(ofVersion: pending.number))
        try FileManager.default.createSymbolicLink(
            atPath: directory.root.appendingPathComponent("current.tmp").path, withDestinationPath: "v000002"
        )
        publisher.release()

        #expect(directory.currentVersionNumber() == 1)
        let next = try directory.acquire()
        defer { next.release() }
        #expect(try IndexFormatFixtures.publishVersion(next) == 3)
        #expect(directory.currentVersionNumber() == 3)
    }
}
