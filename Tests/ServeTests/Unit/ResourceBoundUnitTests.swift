import Foundation
import HMCPTesting
import Hummingbird
import NIOCore
@testable import HMCPServe
import Shared
import Synchronization
import Testing

@Suite struct ReplayBufferTests {
    @Test func keepsOnlyTheLatestEventsByCount() {
        var buffer = ReplayBuffer(maximumEvents: 3, maximumBytes: 1 << 20)
        let first = buffer.append(streamID: "7", message: nil)
        let ids = (1...5).map { buffer.append(streamID: "7", message: Data("m\($0)".utf8)) }
        #expect(buffer.events.count == 3)
        #expect(buffer.messages(after: first) == nil)
        let missed = buffer.messages(after: ids[2])
        #expect(missed?.streamID == "7")
        #expect(missed?.messages.map { String(decoding: $0.message, as: UTF8.self) } == ["m4", "m5"])
    }

    @Test func keepsOnlyTheLatestEventsByBytesButAlwaysTheNewest() {
        var buffer = ReplayBuffer(maximumEvents: 100, maximumBytes: 10)
        _ = buffer.append(streamID: "a", message: Data(count: 6))
        _ = buffer.append(streamID: "a", message: Data(count: 6))
        #expect(buffer.events.count == 1)
        #expect(buffer.bytes == 6)
        let huge = buffer.append(streamID: "b", message: Data(count: 50))
        #expect(buffer.events.map(\.eventID) == [huge])
        #expect(buffer.bytes == 50)
    }

    @Test func replaysOnlyTheResumedStream() {
        var buffer = ReplayBuffer()
        let start = buffer.append(streamID: "1", message: nil)
        _ = buffer.append(streamID: "2", message: Data("other".utf8))
        _ = buffer.append(streamID: "1", message: Data("mine".utf8))
        #expect(buffer.messages(after: start)?.messages.map(\.message) == [Data("mine".utf8)])
        buffer.removeAll()
        #expect(buffer.messages(after: start) == nil)
        #expect(buffer.bytes == 0)
    }
}

@Suite struct CachedAnswerTests {
    @Test func answersFromTheCacheUntilTheLifetimeEnds() async {
        let clock = ManualClock()
        let runs = RunCounter()
        let cache = CachedAnswer(lifetime: .seconds(5), clock: clock) { runs.next() }
        #expect(await cache.value() == 1)
        clock.advance(by: .seconds(4))
        #expect(await cache.value() == 1)
        clock.advance(by: .seconds(1))
        #expect(await cache.value() == 2)
        #expect(runs.next() == 3)
    }

    private final class RunCounter: Sendable {
        private let count = Mutex(0)

        func next() -> Int {
            count.withLock { count in
                count += 1
                return count
            }
        }
    }
}

@Suite struct AddressRateLimiterTests {
    @Test func allowsABurstThenOnePerIntervalPerAddress() {
        let clock = ManualClock()
        let limiter = AddressRateLimiter(perMinute: 3, clock: clock)
        for _ in 1...3 { #expect(limiter.admit("10.0.0.1") == nil) }
        #expect(limiter.admit("10.0.0.1") == .seconds(20))
        #expect(limiter.admit("10.0.0.2") == nil)
        clock.advance(by: .seconds(15))
        #expect(limiter.admit("10.0.0.1") == .seconds(5))
        clock.advance(by: .seconds(5))
        #expect(limiter.admit("10.0.0.1") == nil)
        #expect(limiter.admit("10.0.0.1") != nil)
    }

    @Test func remembersABoundedNumberOfAddresses() {
        let clock = ManualClock()
        let limiter = AddressRateLimiter(perMinute: 2, clock: clock)
        for index in 0..<AddressRateLimiter.rememberedAddresses { #expect(limiter.admit("a\(index)") == nil) }
        #expect(limiter.rememberedCount == AddressRateLimiter.rememberedAddresses)
        clock.advance(by: .seconds(60))
        for _ in 1...2 { #expect(limiter.admit("busy") == nil) }
        #expect(limiter.rememberedCount == 1)
        #expect(limiter.admit("busy") != nil)
    }
}

@Suite struct SessionQuotaTests {
    @Test func capsSessionsPerAgentAndInTotal() throws {
        let quota = SessionQuota(maximumSessions: 3, maximumPerAgent: 2)
        try quota.reserve(for: 1)
        try quota.reserve(for: 1)
        let perAgent = #expect(throws: JSONRPCRejection.self) { try quota.reserve(for: 1) }
        #expect(perAgent?.status == .serviceUnavailable)
        #expect(perAgent?.message.contains("HMCP_MAX_SESSIONS_PER_AGENT") == true)
        try quota.reserve(for: 2)
        let total = #expect(throws: JSONRPCRejection.self) { try quota.reserve(for: 3) }
        #expect(total?.message.contains("(HMCP_MAX_SESSIONS)") == true)
        quota.release(for: 1)
        try quota.reserve(for: 3)
    }
}

@Suite(.timeLimit(.minutes(1))) struct OutboundEventStreamTests {
    @Test func aClientThatStopsReadingLosesItsStreamInsteadOfGrowingTheQueue() async throws {
        let outbound = OutboundEventStream(maximumQueuedBytes: 100)
        for _ in 1...5 { outbound.yield(Data(count: 30)) }
        let written = WrittenBytes()
        let closed = WrittenBytes()
        try await outbound.responseBody(keepAlive: .seconds(3600)) { closed.add(1) }.write(Collector(sink: written))
        #expect(written.total == 90)
        #expect(closed.total == 1)
    }

    private struct Collector: ResponseBodyWriter {
        let sink: WrittenBytes

        mutating func write(_ buffer: ByteBuffer) async throws { sink.add(buffer.readableBytes) }

        consuming func finish(_: HTTPFields?) async throws {}
    }

    private final class WrittenBytes: Sendable {
        private let count = Mutex(0)

        func add(_ bytes: Int) { count.withLock { $0 += bytes } }

        var total: Int { count.withLock { $0 } }
    }
}
