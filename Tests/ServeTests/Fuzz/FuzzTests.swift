import Foundation
import Testing

/// No argument, framing or header crashes `hmcp-serve`. Cases are generated from a seed
/// (printed; `HMCP_FUZZ_SEED`, `HMCP_FUZZ_CASES`, `HMCP_FUZZ_CASE` replay them; `scripts/bench fuzz` runs
/// many with a random seed) and sent to a live `hmcp-serve` child process: tool calls with arguments
/// derived from each tool's input schema, malformed JSON-RPC over both transports, malformed OAuth
/// traffic. Every answer must be clean (see ``FuzzVerdict``), and the server must still answer `/health`.
@Suite(.timeLimit(.minutes(30))) struct FuzzTests {
    /// Requests in flight at once.
    static let width = 4
    /// The longest a whole answer may take (the HTTP client's own deadline ends with the response head).
    static let answerLimit = Duration.seconds(20)

    @Test func everyFuzzedRequestGetsACleanAnswer() async throws {
        let run = FuzzRun.fromEnvironment
        print("FuzzTests: \(run)")
        try await FuzzTarget.with { target in
            var counts: [String: Int] = [:]
            var failed: [(index: Int, text: String)] = []
            func record(_ outcome: Outcome) {
                guard case .unclean(let problem) = outcome.verdict else {
                    counts["\(outcome.verdict)", default: 0] += 1
                    return
                }
                counts["unclean", default: 0] += 1
                failed.append((outcome.index, "case \(outcome.index): \(problem)\n    request: \(outcome.summary)\n    replay: \(run.replay(outcome.index))"))
            }
            await withTaskGroup(of: Outcome.self) { group in
                for (position, index) in run.cases.enumerated() {
                    if position >= Self.width, let outcome = await group.next() { record(outcome) }
                    group.addTask { await Self.run(caseAt: index, of: run, against: target) }
                }
                for await outcome in group { record(outcome) }
            }
            print("FuzzTests: \(run): \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
            #expect(target.server.child.isRunning, "hmcp-serve died during \(run)")
            #expect(await target.server.answersHealth(), "hmcp-serve stopped answering /health after \(run)")
            failed.sort { $0.index < $1.index }
            let unclean = failed.count
            #expect(unclean == 0, "\(run): unclean answers, the first ones:\n\(failed.prefix(15).map(\.text).joined(separator: "\n"))")
            if run.cases.count >= 200 {
                #expect(counts["result", default: 0] > 0, "no case got through to a tool result: the generator only makes junk")
                #expect(counts["toolError", default: 0] > 0 && counts["refused", default: 0] > 0)
            }
        }
    }

    /// What one case sent and how the answer was judged.
    struct Outcome: Sendable {
        let index: Int
        let verdict: FuzzVerdict
        let summary: String
    }

    /// Sends case `index` of `run` to `target` and judges the answer.
    static func run(caseAt index: Int, of run: FuzzRun, against target: FuzzTarget) async -> Outcome {
        var random = run.random(forCase: index)
        let request = target.request(&random, id: 1_000 + index)
        guard target.server.child.isRunning else {
            return Outcome(index: index, verdict: .unclean("hmcp-serve is no longer running (it died at or before this case)"), summary: request.summary)
        }
        do {
            guard let reply = try await answer(to: request, from: target.server) else {
                return Outcome(index: index, verdict: .unclean("the answer did not end within \(answerLimit)"), summary: request.summary)
            }
            return Outcome(index: index, verdict: FuzzVerdict.judge(reply, expecting: request.expectation, token: target.token), summary: request.summary)
        } catch {
            let problem = "no answer (\(error)); server running: \(target.server.child.isRunning)"
            return Outcome(index: index, verdict: .unclean(problem), summary: request.summary)
        }
    }

    /// The complete answer to `request`, or `nil` when it has not ended within ``answerLimit``.
    static func answer(to request: FuzzRequest, from server: ServeProcess) async throws -> Reply? {
        try await withThrowingTaskGroup(of: Reply?.self) { group in
            group.addTask {
                try await server.http.send(request.method, server.baseURL + request.path, headers: request.headers, bytes: request.body)
            }
            // The deadline an answer races against: a request that gets none by then is a finding.
            group.addTask {
                try await Task.sleep(for: answerLimit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
