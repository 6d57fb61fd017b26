import Foundation
import HMCPIndex
import HMCPTesting
@testable import HMCPServe
import Logging
import Shared
import Testing

/// `GET /metrics` scraped from a running server after real traffic, parsed as Prometheus text.
@Suite(.serialized, .timeLimit(.minutes(4))) struct MetricsLiveTests {
    static let token = "metrics-scrape-token-0123456789"

    /// One sample of the Prometheus text format: `name{label="value",...} number`.
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// Parses the text format; every line must be a comment, blank or a well-formed sample.
    static func parse(_ text: String) throws -> [Sample] {
        try text.split(separator: "\n").compactMap { line -> Sample? in
            if line.hasPrefix("#") { return nil }
            var rest = Substring(line)
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
            #expect(!name.isEmpty, "no metric name: \(line)")
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let key = rest.prefix { $0 != "=" }
                    rest = rest.dropFirst(key.count)
                    guard rest.hasPrefix("=\"") else { throw StackError("bad label in \(line)") }
                    rest = rest.dropFirst(2)
                    var value = ""
                    while let character = rest.first, character != "\"" {
                        if character == "\\" { rest = rest.dropFirst() }
                        value.append(rest.first ?? " ")
                        rest = rest.dropFirst()
                    }
                    rest = rest.dropFirst()
                    labels[String(key)] = value
                    if rest.first == "," { rest = rest.dropFirst() }
                }
                rest = rest.dropFirst()
            }
            let number = rest.trimmingCharacters(in: .whitespaces)
            let value = try #require(Double(number == "+Inf" ? "inf" : number), "not a number in \(line)")
            return Sample(name: String(name), labels: labels, value: value)
        }
    }

    /// The sum of the samples called `name` whose labels include `labels`.
    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }

    @Test func aScrapeAfterTrafficHoldsEveryFamilyOfFigures() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withLiveStack(
            server: {
                $0.halo.rateLimit = 100_000
                $0.halo.maxRetries = 2
                $0.metricsToken = Self.token
                $0.semanticSearch = SemanticSearchSettings(
                    dataDirectory: data.path, embedding: embeddings.settings, pollInterval: .milliseconds(100))
            },
            prepare: { simulator in
                let environment = embeddings.indexerEnvironment(haloURL: simulator.baseURL, data: data)
                let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
                _ = try await Indexer(configuration: configuration, logger: Logger(label: "test.index")).run(.full)
            }
        ) { stack in
            let seeded = stack.simulator.seeded
            let agent = try #require(seeded.agent(id: seeded.narrowAgentID))
            let wire = MCPWire(stack: stack, token: try await OAuthDriver(stack: stack).tokens(for: agent.username).access)
            let (session, _) = try await wire.initialize()
            let statuses = try await SemanticSearchLiveTests.call(wire, session: session, "list_statuses", [:], id: 2)
            #expect(statuses["isError"] as? Bool != true)
            let search = try await SemanticSearchLiveTests.call(
                wire, session: session, "semantic_search", ["query": "printer does not print"], id: 3)
            #expect(search["isError"] as? Bool != true, "\(search)")
            let missing = try await SemanticSearchLiveTests.call(wire, session: session, "get_ticket", ["ticket_id": 999_999], id: 4)
            #expect(missing["isError"] as? Bool == true)
            // One 429 (with Retry-After: 0) on the next HaloPSA request: the tool call retries it and succeeds.
            _ = try await SimulatorHarness(simulator: stack.simulator).admin("/_sim/faults", post: #"{"burst_429": 1, "retry_after": 0}"#)
            let retried = try await SemanticSearchLiveTests.call(wire, session: session, "list_teams", [:], id: 5)
            #expect(retried["isError"] as? Bool != true, "\(retried)")

            let refused = try await stack.http.send(.GET, stack.baseURL + "/metrics")
            #expect(refused.status == 401)
            let wrong = try await stack.http.send(.GET, stack.baseURL + "/metrics", headers: [("Authorization", "Bearer nope")])
            #expect(wrong.status == 401)
            let scrape = try await stack.http.send(
                .GET, stack.baseURL + "/metrics", headers: [("Authorization", "Bearer \(Self.token)")])
            #expect(scrape.status == 200)
            #expect(scrape.headers["Content-Type"].first?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try Self.parse(scrape.body)

            #expect(Self.value(samples, "hmcp_tool_calls_total", ["tool": "list_statuses", "outcome": "ok"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_tool_calls_total", ["tool": "get_ticket"]) ?? 0 >= 1)
            // The registry is the process's: other tests' calls count too, so only this call's failure is looked for.
            #expect(samples.contains { $0.name == "hmcp_tool_calls_total" && $0.labels["tool"] == "get_ticket" && $0.labels["outcome"] != "ok" })
            #expect(Self.value(samples, "hmcp_tool_call_duration_seconds_count", ["tool": "semantic_search"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_tool_call_duration_seconds_bucket", ["tool": "semantic_search", "le": "+Inf"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_requests_total", ["purpose": "tool", "status": "200"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_requests_total", ["purpose": "permission_check"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_requests_total", ["purpose": "tool", "status": "404"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_rate_limited_total", ["purpose": "tool"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_retries_total", ["purpose": "tool"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_request_duration_seconds_count", ["purpose": "tool"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_halo_rate_limit") == 100_000)
            #expect(Self.value(samples, "hmcp_halo_rate_limit_in_use") ?? 0 >= 1)
            for stage in ["embed", "scan", "permission_check"] {
                #expect(Self.value(samples, "hmcp_search_stage_duration_seconds_count", ["stage": stage]) ?? 0 >= 1, "\(stage)")
            }
            #expect(Self.value(samples, "hmcp_sessions_open", ["transport": "streamable_http"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_sessions_open", ["transport": "sse"]) != nil)
            #expect(Self.value(samples, "hmcp_index_version") == 1)
            #expect(Self.value(samples, "hmcp_search_available") == 1)
            #expect(Self.value(samples, "hmcp_index_age_seconds") ?? -1 >= 0)
            #expect(Self.value(samples, "hmcp_index_queue_depth") == 0)
            #expect(Self.value(samples, "hmcp_http_requests_total", ["route": "/mcp", "status": "200"]) ?? 0 >= 1)
            #expect(Self.value(samples, "hmcp_http_request_duration_seconds_count", ["route": "/mcp"]) ?? 0 >= 1)
            // Nothing secret or user-specific is a label: no token, no ticket id, no agent.
            #expect(!scrape.body.contains(Self.token) && !scrape.body.contains("999999") && !scrape.body.contains(agent.username))
        }
    }
}
