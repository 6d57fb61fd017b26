import Foundation
import GRDB
import HMCPTesting
import Logging
import Testing
@testable import Shared

@Suite("Hot swap of the live index", .timeLimit(.minutes(2)))
struct LiveIndexTests {
    static let expectation = IndexVersion.Expectation(modelID: "local:fixture", dimension: 24)
    static let logger = Logger(label: "live-index-tests")

    static func ids(_ snapshot: SearchSnapshot) throws -> Set<Int> {
        var random = SeededVectors(seed: 77)
        return Set(try snapshot.engine.rank(random.unitVector(24)).hits(count: 100).map(\.ticketID))
    }

    @Test("adopts each new version; a query keeps its snapshot even after its version is pruned from disk")
    func swaps() throws {
        let index = try PublishedIndex(keep: 1)
        defer { index.remove() }
        let live = LiveIndex(directory: index.directory, expecting: Self.expectation, logger: Self.logger)
        #expect(!live.refresh() && live.snapshot == nil && live.status.liveVersion == nil)
        try index.publish(["alpha", "beta"], firstID: 1)
        #expect(live.refresh())
        let first = try #require(live.snapshot)
        #expect(first.version.number == 1 && live.status.liveVersion == 1)
        #expect(!live.refresh(), "nothing changed")

        try index.publish(["gamma", "delta", "epsilon"], firstID: 10)
        #expect(!FileManager.default.fileExists(atPath: index.directory.url(ofVersion: 1).path), "v1 was pruned")
        #expect(live.refresh())
        #expect(live.snapshot?.version.number == 2)
        #expect(try Self.ids(first) == [1, 2], "the old snapshot still answers from its own mapping")
        #expect(try first.version.ticket(id: 2)?.summary == "beta")
        #expect(try Self.ids(try #require(live.snapshot)) == [10, 11, 12])
    }

    @Test("a corrupt or foreign new version is refused and logged; the old one keeps serving")
    func refusesBadVersion() throws {
        let index = try PublishedIndex()
        defer { index.remove() }
        try index.publish(["alpha", "beta"])
        let live = LiveIndex(directory: index.directory, expecting: Self.expectation, logger: Self.logger)
        #expect(live.refresh())

        let good = index.directory.url(ofVersion: 1), bad = index.directory.url(ofVersion: 2)
        try FileManager.default.copyItem(at: good, to: bad)
        let handle = try FileHandle(forWritingTo: bad.appendingPathComponent("vectors.f32"))
        try handle.seek(toOffset: 80)
        try handle.write(contentsOf: Data([0xFF, 0xFF]))
        try handle.close()
        let link = index.directory.root.appendingPathComponent("current")
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "v000002")

        #expect(!live.refresh())
        #expect(live.snapshot?.version.number == 1)
        #expect(live.status.liveVersion == 1 && live.status.rejectedVersion == 2)
        #expect(live.status.rejection?.contains("checksum") == true)
        #expect(!live.refresh(), "a refused target is not retried until current moves")

        let foreign = LiveIndex(directory: index.directory, expecting: .init(modelID: "openai:other", dimension: 24), logger: Self.logger)
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "v000001")
        #expect(!foreign.refresh() && foreign.snapshot == nil)
        #expect(foreign.status.rejection?.contains("openai:other") == true)
    }

    @Test("a new version with a row that cannot be decoded is refused; the old one keeps serving")
    func refusesUndecodableRow() throws {
        let index = try PublishedIndex()
        defer { index.remove() }
        try index.publish(["alpha", "beta"])
        let live = LiveIndex(directory: index.directory, expecting: Self.expectation, logger: Self.logger)
        #expect(live.refresh())
        try index.publish(["gamma", "delta"])
        let database = try DatabaseQueue(path: index.directory.url(ofVersion: 2).appendingPathComponent("index.sqlite").path)
        try database.write { try $0.execute(sql: "UPDATE chunks SET kind = 'attachment' WHERE row = 1") }
        try database.close()

        #expect(!live.refresh())
        #expect(live.snapshot?.version.number == 1 && live.status.rejectedVersion == 2)
        #expect(live.status.rejection == #"index table chunks, row 1, column kind is "attachment", expected one of ["summary", "details", "action"]"#)
    }

    @Test("queries in flight keep succeeding while five versions are published and adopted by the poller")
    func swapUnderLoad() async throws {
        let index = try PublishedIndex(keep: 2)
        defer { index.remove() }
        try index.publish((0..<50).map { "ticket \($0)" }, firstID: 100)
        let live = LiveIndex(directory: index.directory, expecting: Self.expectation, logger: Self.logger)
        #expect(live.refresh())
        let clock = ManualClock()
        let poller = Task { await live.run(pollInterval: .seconds(1), clock: clock) }
        let queries = Task.detached { () throws -> Int in
            var answered = 0
            while !Task.isCancelled {
                guard let snapshot = live.snapshot else { continue }
                let ids = try Self.ids(snapshot)
                let first = snapshot.version.number * 100
                #expect(ids == Set(first ..< first + 50), "version \(snapshot.version.number) answered with another version's tickets")
                answered += 1
                await Task.yield()
            }
            return answered
        }
        // The poller looks once, then sleeps; once it sleeps again after the clock moves, it has looked again.
        await clock.waitForSleepers(1)
        for round in 2...6 {
            #expect(try index.publish((0..<50).map { "ticket \($0)" }, firstID: round * 100) == round)
            #expect(live.status.liveVersion == round - 1, "the poller has not looked yet")
            clock.advance(by: .seconds(1))
            await clock.waitForSleepers(1)
            #expect(live.status.liveVersion == round)
        }
        queries.cancel()
        poller.cancel()
        #expect(try await queries.value > 0)
        await poller.value
    }
}
