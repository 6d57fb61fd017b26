import AsyncHTTPClient
import Crypto
import Foundation
import HMCPIndex
import HMCPTesting
import Hummingbird
import Logging
import NIOCore
import Shared
import Testing

@Suite("Webhook listener")
struct WebhookTests {
    let authenticator = WebhookAuthenticator(username: "halopsa", secret: "hook-secret-123")
    let body = Array(#"{"event":"ticket updated","object_id":1042,"ticket":{"id":1042}}"#.utf8)

    private func token(_ secret: String, _ body: [UInt8]) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))).base64EncodedString()
    }

    private func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func hmacTokenHeaderIsVerifiedAgainstTheRawBody() {
        #expect(authenticator.isAuthentic(authorization: nil, token: token("hook-secret-123", body), body: body))
        #expect(!authenticator.isAuthentic(authorization: nil, token: token("wrong", body), body: body))
        #expect(!authenticator.isAuthentic(authorization: nil, token: token("hook-secret-123", body), body: body + [32]))
        #expect(!authenticator.isAuthentic(authorization: nil, token: "not base64!", body: body))
    }

    @Test func basicAuthenticationNeedsUserAndSecret() {
        #expect(authenticator.isAuthentic(authorization: basic("halopsa", "hook-secret-123"), token: nil, body: body))
        #expect(!authenticator.isAuthentic(authorization: basic("halopsa", "hook-secret-12"), token: nil, body: body))
        #expect(!authenticator.isAuthentic(authorization: basic("someone", "hook-secret-123"), token: nil, body: body))
        #expect(!authenticator.isAuthentic(authorization: nil, token: nil, body: body))
    }

    @Test func payloadShapes() {
        #expect(WebhookPayload.ticketIDs(in: Data(body)) == [1042])
        let batched = #"[{"object_id":"7"},{"action":{"ticket_id":8}},{"ticket":{"id":7}},{"event":"x"}]"#
        #expect(WebhookPayload.ticketIDs(in: Data(batched.utf8)) == [7, 8])
        #expect(WebhookPayload.ticketIDs(in: Data("nope".utf8)) == nil)
    }

    @Test(.timeLimit(.minutes(1))) func debouncedTriggerCoalescesABurst() async throws {
        let clock = ManualClock()
        let runs = EventCounter()
        let trigger = DebouncedTrigger(delay: .milliseconds(150), clock: clock) { runs.record() }
        for _ in 0..<5 {
            await trigger.signal()
            await clock.waitForSleepers(1)
            clock.advance(by: .milliseconds(20))
        }
        #expect(runs.count == 0, "nothing runs while signals keep coming")
        clock.advance(by: .milliseconds(150))
        #expect(await runs.wait(for: 1))
        #expect(clock.sleeping == 0, "no second run is pending")
        #expect(runs.count == 1)
    }

    @Test(.timeLimit(.minutes(1))) func listenerRefusesBadSignaturesAndQueuesGoodOnes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-webhook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try ReembedQueue(path: folder.appendingPathComponent("queue.sqlite").path)
        let clock = ManualClock()
        let triggered = EventCounter()
        let trigger = DebouncedTrigger(delay: .milliseconds(10), clock: clock) { triggered.record() }
        let listener = WebhookListener(authenticator: authenticator, queue: queue, trigger: trigger, logger: Logger(label: "test"))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await listener.application(host: "127.0.0.1", port: 0) { continuation.yield($0) }.run()
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let url = "http://127.0.0.1:\(port)/webhook"

        func post(headers: [(String, String)], body: [UInt8]) async throws -> Int {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code)
        }

        #expect(try await post(headers: [("Token", token("forged", body))], body: body) == 401)
        #expect(try await post(headers: [("Authorization", basic("halopsa", "guess"))], body: body) == 401)
        #expect(try queue.depth() == 0)
        #expect(try await post(headers: [("Token", token("hook-secret-123", body))], body: body) == 202)
        #expect(try queue.claim().ticketIDs == [1042])
        #expect(triggered.count == 0)
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(10))
        #expect(await triggered.wait(for: 1))
    }

    @Test func listenerClosesIdleConnections() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-webhook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try ReembedQueue(path: folder.appendingPathComponent("queue.sqlite").path)
        let trigger = DebouncedTrigger(delay: .milliseconds(10)) {}
        let listener = WebhookListener(authenticator: authenticator, queue: queue, trigger: trigger, logger: Logger(label: "test"))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await listener.application(host: "127.0.0.1", port: 0, idleTimeout: .seconds(1)) { continuation.yield($0) }.run()
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(try await IdleConnectionProbe.serverCloses(port: port, within: .seconds(20)))
    }
}
