import Foundation
import Testing
@testable import Shared

@Suite("Publishing versions")
struct PublishTests {
    @Test("publishing swaps current atomically to the new version and keeps the older ones")
    func publishes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        #expect(directory.currentVersionNumber() == nil)
        #expect(try directory.current() == nil)
        let publisher = try directory.acquire()
        defer { publisher.release() }
        #expect(try IndexFormatFixtures.publishVersion(publisher, ids: [1, 2]) == 1)
        #expect(try IndexFormatFixtures.publishVersion(publisher, ids: [1, 2, 3]) == 2)
        #expect(directory.currentVersionNumber() == 2)
        #expect(FileSystem.linkTarget(directory.root.appendingPathComponent("current")) == "v000002")
        let live = try #require(try directory.current())
        #expect(live.number == 2 && live.meta.ticketCount == 3)
        #expect(directory.versions() == [1, 2])
        #expect(try IndexVersion(directory: directory.url(ofVersion: 1)).meta.ticketCount == 2)
        #expect(!directory.entries().contains { $0.hasPrefix(".tmp-") || $0 == "current.tmp" })
    }

    @Test("versions beyond keep are pruned, newest kept, never the live one")
    func prunes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url, keep: 2)
        let publisher = try directory.acquire()
        defer { publisher.release() }
        for _ in 0..<4 { try IndexFormatFixtures.publishVersion(publisher) }
        #expect(directory.versions() == [3, 4])
        let link = directory.root.appendingPathComponent("current")
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "v000003")
        publisher.release()
        let keepOne = try IndexDirectory(root: directory.root, keep: 1).acquire()
        try keepOne.prune()
        keepOne.release()
        #expect(directory.versions() == [3, 4], "the newest is kept and the live one is never pruned")
    }

    @Test("a second indexer is refused with the holder's pid, or gets the lock once it is free")
    func lockContention() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        let first = try directory.acquire()
        #expect(throws: IndexDirectoryError.anotherIndexerRunning(holder: "pid \(getpid())")) { try directory.acquire() }
        #expect(throws: IndexDirectoryError.self) { try directory.acquire(waitingUpTo: .milliseconds(200)) }
        let started = ContinuousClock.now
        // The lock is a real file lock held by another thread; it lets go only after the second
        // acquire has had time to start waiting, which is what the elapsed-time check below proves.
        Thread.detachNewThread {
            usleep(300_000)
            first.release()
        }
        let second = try directory.acquire(waitingUpTo: .seconds(10))
        #expect(ContinuousClock.now - started >= .milliseconds(250))
        #expect(throws: IndexDirectoryError.self) { try first.beginVersion() }
        #expect(try IndexFormatFixtures.publishVersion(second) == 1)
        second.release()
    }

    @Test("stale build directories and a leftover current.tmp are removed when the lock is taken")
    func staleTemporaries() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url)
        let first = try directory.acquire()
        try IndexFormatFixtures.publishVersion(first)
        first.release()
        let stale = directory.root.appendingPathComponent(".tmp-v000009")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("junk".utf8).write(to: stale.appendingPathComponent("vectors.f32"))
        try FileManager.default.createSymbolicLink(atPath: directory.root.appendingPathComponent("current.tmp").path, withDestinationPath: "v000009")
        let publisher = try directory.acquire()
        defer { publisher.release() }
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileSystem.linkTarget(directory.root.appendingPathComponent("current.tmp")) == nil)
        #expect(directory.currentVersionNumber() == 1)
        #expect(try IndexFormatFixtures.publishVersion(publisher) == 2)
    }

    /// Runs `body` with an index whose v1 is live, its publisher, and an empty directory outside it.
    private func withImportSetup(_ body: (IndexDirectory, IndexPublisher, URL) throws -> Void) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = IndexDirectory(dataDirectory: scratch.url.appendingPathComponent("data"))
        let publisher = try directory.acquire()
        defer { publisher.release() }
        try IndexFormatFixtures.publishVersion(publisher)
        let built = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: built, withIntermediateDirectories: true)
        try body(directory, publisher, built)
    }

    @Test("importing a good version validates it, renumbers it and swaps it in")
    func importsGoodVersion() throws {
        try withImportSetup { directory, publisher, built in
            try IndexFormatFixtures.writeVersion(in: built, number: 40, ids: [7, 8, 9, 10])
            #expect(try publisher.importVersion(from: built, expecting: .init(modelID: "local:test-model", dimension: 20)) == 2)
            let live = try #require(try directory.current())
            #expect(live.number == 2 && live.meta.indexVersion == 2)
            #expect(try live.allTickets().map(\.id) == [7, 8, 9, 10])
            #expect(FileManager.default.fileExists(atPath: built.appendingPathComponent("vectors.f32").path), "the source is left alone")
        }
    }

    @Test("importing a bad version changes nothing", arguments: ["checksum", "model", "incomplete"])
    func refusesBadImport(damage: String) throws {
        try withImportSetup { directory, publisher, built in
            var expectation = IndexVersion.Expectation(modelID: "local:test-model", dimension: 20)
            switch damage {
            case "checksum":
                try IndexFormatFixtures.writeVersion(in: built)
                let handle = try FileHandle(forWritingTo: built.appendingPathComponent("vectors.f32"))
                try handle.seek(toOffset: 100)
                try handle.write(contentsOf: Data([1, 2, 3]))
                try handle.close()
            case "model":
                try IndexFormatFixtures.writeVersion(in: built)
                expectation.modelID = "openai:text-embedding-3-small"
            default:
                let writer = try IndexVersionWriter(directory: built, indexVersion: 1, build: IndexFormatFixtures.build)
                let (ticket, chunks, vectors) = IndexFormatFixtures.ticket(1, chunkCount: 2)
                try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
            }
            #expect(throws: IndexFormatError.self) { try publisher.importVersion(from: built, expecting: expectation) }
            #expect(directory.currentVersionNumber() == 1)
            #expect(directory.versions() == [1])
            #expect(!directory.entries().contains { $0.hasPrefix(".tmp-") })
        }
    }

    @Test("importing symbolic links (or a directory) is refused and the older version's files are untouched",
          arguments: ["index.sqlite", "vectors.f32"])
    func refusesLinks(file: String) throws {
        try withImportSetup { directory, publisher, built in
            let older = directory.url(ofVersion: 1)
            let before = try [IndexFormat.databaseFileName, IndexFormat.vectorsFileName].map {
                try Data(contentsOf: older.appendingPathComponent($0))
            }
            for name in [IndexFormat.databaseFileName, IndexFormat.vectorsFileName] {
                try FileManager.default.createSymbolicLink(at: built.appendingPathComponent(name), withDestinationURL: older.appendingPathComponent(name))
            }
            #expect(throws: IndexFormatError.notRegularFile(IndexFormat.databaseFileName)) {
                try publisher.importVersion(from: built, expecting: .init(modelID: "local:test-model", dimension: 20))
            }
            for name in [IndexFormat.databaseFileName, IndexFormat.vectorsFileName] {
                try FileManager.default.removeItem(at: built.appendingPathComponent(name))
                try FileManager.default.copyItem(at: older.appendingPathComponent(name), to: built.appendingPathComponent(name))
            }
            try FileManager.default.removeItem(at: built.appendingPathComponent(file))
            try FileManager.default.createDirectory(at: built.appendingPathComponent(file), withIntermediateDirectories: false)
            #expect(throws: IndexFormatError.notRegularFile(file)) { try publisher.importVersion(from: built) }
            let after = try [IndexFormat.databaseFileName, IndexFormat.vectorsFileName].map {
                try Data(contentsOf: older.appendingPathComponent($0))
            }
            #expect(after == before, "v1 was not written through a link")
            #expect(try IndexVersion(directory: older).meta.indexVersion == 1)
            #expect(directory.currentVersionNumber() == 1 && directory.versions() == [1])
        }
    }
}

