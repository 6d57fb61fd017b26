import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
@testable import HMCPServe
import Logging
import Shared
import Testing

/// Semantic search end to end: `hmcp-index` builds an index from the simulator with the real `openai`
/// provider (against a loopback embeddings service), `hmcp-serve` adopts it, and narrow agents search
/// through the OAuth relay. Every result must be a ticket the agent may see in HaloPSA, and the results
/// must be exactly the best visible tickets of the unfiltered ranking.
@Suite(.serialized, .timeLimit(.minutes(6))) struct SemanticSearchLiveTests {
    static let ticketCount = 300

    /// Runs `body` with a stack whose server searches an index built from its simulator.
    static func withSearchStack(_ body: (LiveStack, IndexDirectory) async throws -> Void) async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-search-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withLiveStack(
            simulator: { $0.ticketCount = ticketCount },
            server: {
                // Every permission check is a HaloPSA request; these tests make thousands.
                $0.halo.rateLimit = 100_000
                $0.semanticSearch = SemanticSearchSettings(
                    dataDirectory: data.path, embedding: embeddings.settings, pollInterval: .milliseconds(100))
            },
            prepare: { simulator in
                let environment = embeddings.indexerEnvironment(haloURL: simulator.baseURL, data: data)
                let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
                let outcome = try await Indexer(configuration: configuration, logger: Logger(label: "test.index")).run(.full)
                #expect(outcome.tickets == ticketCount)
            }
        ) { stack in
            try await body(stack, IndexDirectory(dataDirectory: data))
        }
    }

    /// The tickets `agentID` may see, as the simulator (HaloPSA's stand-in) decides.
    static func visibleTickets(of agentID: Int, in stack: LiveStack) async throws -> Set<Int> {
        let reply = try await stack.http.send(.GET, stack.simulator.baseURL + "/_sim/visibility?agent_id=\(agentID)")
        return Set(try #require(reply.json["ticket_ids"] as? [Int]))
    }

    /// The query vector the server computes: the service's vector, L2-normalized.
    static func queryVector(_ text: String) -> [Float] {
        let raw = EmbeddingService.vector(for: text).map(Float.init)
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// Calls a tool over `/mcp`; returns its result object.
    static func call(_ wire: MCPWire, session: String, _ tool: String, _ arguments: [String: Any], id: Int) async throws
        -> [String: Any]
    {
        let (reply, messages) = try await wire.request(
            "tools/call", ["name": tool, "arguments": arguments], id: id, session: session)
        #expect(reply.status == 200)
        return try #require(messages.first { $0["id"] as? Int == id }?["result"] as? [String: Any], "\(reply.body)")
    }

    @Test func narrowAgentsSeeExactlyTheBestTicketsTheyMaySee() async throws {
        try await Self.withSearchStack { stack, directory in
            let snapshot = try SearchSnapshot(version: try #require(try directory.current()))
            let seeded = stack.simulator.seeded
            let agents = [seeded.narrowAgentID, seeded.clientRestrictedAgentID].compactMap(seeded.agent(id:))
            #expect(Set(agents.map(\.id)).count == 2)
            let subjects = ["printer", "VPN", "mailbox", "laptop", "password reset", "invoice", "backup", "Wi-Fi", "Teams", "server"]
            var searched = 0
            for agent in agents {
                let visible = try await Self.visibleTickets(of: agent.id, in: stack)
                #expect(!visible.isEmpty && visible.count < Self.ticketCount, "a narrow agent sees some tickets, not all")
                let wire = MCPWire(stack: stack, token: try await OAuthDriver(stack: stack).tokens(for: agent.username).access)
                let (session, _) = try await wire.initialize()
                var nonEmpty = 0
                for index in 0..<100 {
                    // Every third search in each mode; hybrid and keyword queries carry identifiers.
                    let mode = ["semantic", "hybrid", "keyword"][index % 3]
                    let subject = subjects[index % subjects.count]
                    let query = mode == "semantic"
                        ? "\(subject) problem number \(index) for \(agent.username)"
                        : "\(subject) error 0x8007000\(index % 10) on srv-\(index).example.com"
                    let result = try await Self.call(
                        wire, session: session, "semantic_search", ["query": query, "limit": 5, "mode": mode], id: 10 + index)
                    #expect(result["isError"] as? Bool != true, "\(result)")
                    let structured = try #require(result["structuredContent"] as? [String: Any])
                    let ids = (structured["results"] as? [[String: Any]] ?? []).compactMap { $0["ticket_id"] as? Int }
                    #expect(ids.allSatisfy(visible.contains), "agent \(agent.id) was shown a ticket it may not see")
                    #expect(ids.count <= 5 && Set(ids).count == ids.count)
                    if mode == "semantic" {
                        let expected = try snapshot.engine.rank(Self.queryVector(query)).hits(count: Self.ticketCount)
                            .map(\.ticketID).filter(visible.contains).prefix(5)
                        #expect(ids == Array(expected), "query \(index): \(ids) is not the best visible \(Array(expected))")
                        nonEmpty += ids.isEmpty ? 0 : 1
                    }
                    searched += 1
                }
                #expect(nonEmpty == 34)

                // A ticket the agent may not see is indistinguishable from one that does not exist.
                let hidden = try #require((1...Self.ticketCount).first { !visible.contains($0) })
                let refused = try await Self.call(wire, session: session, "find_similar_tickets", ["ticket_id": hidden], id: 500)
                let missing = try await Self.call(wire, session: session, "find_similar_tickets", ["ticket_id": 999_999], id: 501)
                #expect(refused["isError"] as? Bool == true && missing["isError"] as? Bool == true)
                let refusedText = ((refused["content"] as? [[String: Any]])?.first?["text"] as? String ?? "")
                    .replacingOccurrences(of: "\(hidden)", with: "N")
                let missingText = ((missing["content"] as? [[String: Any]])?.first?["text"] as? String ?? "")
                    .replacingOccurrences(of: "999999", with: "N")
                #expect(refusedText == missingText && !refusedText.isEmpty)

                // Similar tickets to one it may see: only visible ones, never the ticket itself.
                let own = try #require(visible.sorted().first)
                let similar = try await Self.call(wire, session: session, "find_similar_tickets", ["ticket_id": own, "limit": 10], id: 502)
                let similarIDs = ((similar["structuredContent"] as? [String: Any])?["results"] as? [[String: Any]] ?? [])
                    .compactMap { $0["ticket_id"] as? Int }
                #expect(!similarIDs.isEmpty && !similarIDs.contains(own) && similarIDs.allSatisfy(visible.contains))

                // Re-embed: a hidden ticket is refused like a missing one, a visible one is queued once.
                let hiddenReembed = try await Self.call(wire, session: session, "reembed", ["ticket_id": hidden], id: 503)
                #expect(hiddenReembed["isError"] as? Bool == true)
                let first = try await Self.call(wire, session: session, "reembed", ["ticket_id": own], id: 504)
                let again = try await Self.call(wire, session: session, "reembed", ["ticket_id": own], id: 505)
                #expect((first["structuredContent"] as? [String: Any])?["target"] as? String == "ticket:\(own)")
                #expect((again["structuredContent"] as? [String: Any])?["queued"] as? Bool == false)
                let neither = try await Self.call(wire, session: session, "reembed", [:], id: 506)
                #expect(neither["isError"] as? Bool == true)
            }
            #expect(searched == 200)
        }
    }

    @Test func aSearchCostsAFewBatchedRequestsAndAStaleHaloTokenIsRenewedOnce() async throws {
        try await Self.withSearchStack { stack, _ in
            let seeded = stack.simulator.seeded
            let agent = try #require(seeded.agent(id: seeded.clientRestrictedAgentID))
            let visible = try await Self.visibleTickets(of: agent.id, in: stack)
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, _) = try await wire.initialize()

            #expect(try await stack.http.send(.POST, stack.simulator.baseURL + "/_sim/reset-stats").status == 200)
            let searched = try await Self.call(
                wire, session: session, "semantic_search", ["query": "the VPN drops every hour", "limit": 5, "mode": "semantic"], id: 2)
            let ids = ((searched["structuredContent"] as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["ticket_id"] as? Int }
            #expect(!ids.isEmpty && ids.allSatisfy(visible.contains))
            let stats = try await stack.http.send(.GET, stack.simulator.baseURL + "/_sim/stats").json
            let details = stats.filter { $0.key.hasPrefix("get /api/tickets/") }.values.compactMap { $0 as? Int }.reduce(0, +)
            #expect(details == 0, "no ticket is checked on its own")
            #expect((stats["get /api/tickets"] as? Int ?? 0) <= 3, "\(stats)")

            // HaloPSA stops accepting the stored token: the check's 401 renews it once and the call goes through.
            let (grantID, refresh) = try await HaloGrantTests.haloRefreshToken(stack, accessToken: tokens.access)
            let sealer = try TokenSealer(key: stack.server.settings.encryptionKey)
            /// Stores an access token HaloPSA does not know, valid for an hour, beside `refresh`; returns the new revision.
            func staleAccessToken(refresh: String) async throws -> Int {
                let grant = try #require(try await stack.server.store.grant(id: grantID))
                let stale = try HaloGrantBroker.seal(
                    access: "stale-halo-token", refresh: refresh, accessExpiresAt: Date().addingTimeInterval(3600), grantID: grantID,
                    with: sealer)
                #expect(try await stack.server.store.replaceGrantTokens(id: grantID, tokens: stale, expectedRevision: grant.revision))
                return grant.revision + 1
            }
            let staled = try await staleAccessToken(refresh: refresh)
            let own = try #require(visible.sorted().first)
            let similar = try await Self.call(wire, session: session, "find_similar_tickets", ["ticket_id": own, "limit": 5], id: 3)
            #expect(similar["isError"] as? Bool != true, "\(similar)")
            let similarIDs = ((similar["structuredContent"] as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["ticket_id"] as? Int }
            #expect(!similarIDs.isEmpty && similarIDs.allSatisfy(visible.contains))
            #expect(try #require(try await stack.server.store.grant(id: grantID)).revision > staled, "the token was renewed")

            // A renewal HaloPSA refuses tells the user to reconnect.
            let current = try await HaloGrantTests.haloRefreshToken(stack, accessToken: tokens.access)
            let spent = try await stack.http.postForm(
                stack.simulator.baseURL + "/auth/token",
                [("grant_type", "refresh_token"), ("client_id", "hmcp-relay"), ("refresh_token", current.token)])
            #expect(spent.status == 200)
            _ = try await staleAccessToken(refresh: current.token)
            let refused = try await Self.call(wire, session: session, "find_similar_tickets", ["ticket_id": own, "limit": 5], id: 4)
            #expect(refused["isError"] as? Bool == true)
            let text = ((refused["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            #expect(text.contains("Reconnect this MCP server"), "\(text)")
        }
    }

    @Test func embeddingStatusReportsTheServedVersionAndIndexFiguresToAdministratorsOnly() async throws {
        try await Self.withSearchStack { stack, directory in
            let seeded = stack.simulator.seeded
            let live = try #require(try directory.current())
            for agentID in [seeded.narrowAgentID, seeded.adminAgentID] {
                let agent = try #require(seeded.agent(id: agentID))
                let wire = MCPWire(stack: stack, token: try await OAuthDriver(stack: stack).tokens(for: agent.username).access)
                let (session, _) = try await wire.initialize()
                let result = try await Self.call(wire, session: session, "embedding_status", [:], id: 3)
                let status = try #require(result["structuredContent"] as? [String: Any])
                #expect(status["serving_version"] as? Int == live.meta.indexVersion)
                #expect(status["published_version"] as? Int == live.meta.indexVersion)
                #expect(status["query_model"] as? String == live.meta.modelID)
                #expect(status["queue_depth"] as? Int == 0)
                #expect((status["last_run"] as? [String: Any])?["succeeded"] as? Bool == true)
                #expect(status["problem"] == nil)
                if agent.isAdmin {
                    #expect(status["tickets"] as? Int == Self.ticketCount)
                    #expect(status["rows"] as? Int == live.meta.rowCount)
                } else {
                    #expect(status["tickets"] == nil && status["rows"] == nil, "\(status)")
                    #expect((status["last_run"] as? [String: Any])?["message"] == nil)
                }

                let all = try await Self.call(wire, session: session, "reembed", ["all": true], id: 4)
                if agent.isAdmin {
                    #expect((all["structuredContent"] as? [String: Any])?["target"] as? String == "all", "\(all)")
                } else {
                    #expect(all["isError"] as? Bool == true)
                    let text = (all["content"] as? [[String: Any]])?.first?["text"] as? String ?? ""
                    #expect(text.contains("Only HaloPSA administrators"), "\(text)")
                }
            }
            #expect(!seeded.agent(id: seeded.narrowAgentID)!.isAdmin && seeded.agent(id: seeded.adminAgentID)!.isAdmin)
        }
    }

    @Test(arguments: ["streamable", "sse"])
    func pythonClientSearchesThroughTheRelay(transport: String) async throws {
        try await Self.withSearchStack { stack, directory in
            let snapshot = try SearchSnapshot(version: try #require(try directory.current()))
            let seeded = stack.simulator.seeded
            let agent = try #require(seeded.agent(id: transport == "sse" ? seeded.clientRestrictedAgentID : seeded.narrowAgentID))
            let visible = try await Self.visibleTickets(of: agent.id, in: stack)
            let own = try #require(visible.sorted().first)
            let run = try await PythonClient.run(
                script: "semantic_search.py",
                arguments: [
                    "--server", stack.baseURL, "--transport", transport, "--username", agent.username, "--limit", "5",
                    "--query", "the printer on the second floor jams", "--query", "cannot connect to the VPN from home",
                    "--similar-to", String(own),
                ])
            #expect(run.status == 0, "python client failed (status \(run.status)): \(run.stdout)\n\(run.stderr.suffix(3000))")
            let report = run.report
            let tools = try #require(report["tools"] as? [String])
            #expect(SearchTools.names.isSubset(of: Set(tools)))
            let entries = (report["queries"] as? [[String: Any]] ?? []) + [report["similar"] as? [String: Any] ?? [:]]
            #expect(entries.count == 3)
            let expected = try [
                snapshot.engine.rank(Self.queryVector("the printer on the second floor jams")),
                snapshot.engine.rank(Self.queryVector("cannot connect to the VPN from home")),
                snapshot.engine.rankSimilar(toTicket: own, filter: SearchFilter(excludedTicketIDs: [own])),
            ].map { Array($0.hits(count: Self.ticketCount).map(\.ticketID).filter(visible.contains).prefix(5)) }
            #expect(expected.allSatisfy { !$0.isEmpty })
            for (entry, best) in zip(entries, expected) {
                #expect((entry["results"] as? [[String: Any]] ?? []).compactMap { $0["ticket_id"] as? Int } == best)
            }
            for entry in entries {
                #expect(entry["is_error"] as? Bool == false)
                #expect(entry["text_copy_matches"] as? Bool == true)
                let hits = entry["results"] as? [[String: Any]] ?? []
                #expect(hits.compactMap { $0["ticket_id"] as? Int }.allSatisfy(visible.contains))
                let scores = hits.compactMap { $0["score"] as? Double }
                #expect(scores == scores.sorted(by: >))
                #expect(hits.allSatisfy { ($0["url"] as? String)?.hasPrefix(stack.simulator.baseURL) == true })
            }
        }
    }
}
