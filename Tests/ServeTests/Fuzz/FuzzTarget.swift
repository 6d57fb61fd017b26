import Foundation
import HMCPIndex
import HMCPTesting
@testable import HMCPServe
@testable import HaloSim
import Logging
import MCP
import Shared

/// What the fuzz cases attack: `hmcp-serve` as a child process, reading the simulator and searching an
/// index built from it, with an agent signed in through the relay who holds a Streamable HTTP session and
/// a classic SSE session.
struct FuzzTarget: Sendable {
    let server: ServeProcess
    let token: String
    let clientID: String
    let session: String
    /// `/messages?sessionId=...` of the classic SSE session.
    let legacyMessages: String

    /// Every tool, as the server's table defines it.
    static let tools = ToolTable.standard.tools

    /// Starts everything, runs `body`, and stops everything (by PID for the child) whatever happens.
    static func with(_ body: (FuzzTarget) async throws -> Void) async throws {
        var logger = Logger(label: "fuzz") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .critical
        var configuration = SimulatorConfiguration(logger: logger)
        configuration.ticketCount = 40
        let simulator = try await HaloSimulator.start(configuration)
        let embeddings = try await EmbeddingService.start()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-fuzz-\(UUID().uuidString)")
        var server: ServeProcess?
        var legacy: Task<Void, Never>?
        do {
            let environment = embeddings.indexerEnvironment(haloURL: simulator.baseURL, data: data)
            let index = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
            _ = try await Indexer(configuration: index, logger: logger).run(.full)
            let running = try await ServeProcess.start(
                haloURL: simulator.baseURL,
                environment: environment.merging(["HMCP_SEMANTIC_SEARCH": "true", "HMCP_HALO_RATE_LIMIT": "100000", "HMCP_HALO_RATE_WINDOW": "1"]) { $1 })
            server = running
            let username = try required(simulator.seeded.agent(id: simulator.seeded.narrowAgentID), "no narrow agent").username
            // A token for the server root: the fuzz speaks both transports with one sign-in.
            let tokens = try await OAuthDriver(stack: running, resourcePath: "").tokens(for: username)
            let (session, _) = try await MCPWire(stack: running, token: tokens.access).initialize()
            let (messages, drain) = try await openLegacySession(running, token: tokens.access)
            legacy = drain
            try await body(
                FuzzTarget(server: running, token: tokens.access, clientID: tokens.clientID, session: session, legacyMessages: messages))
        } catch {
            legacy?.cancel()
            await server?.stop()
            await finish(simulator, embeddings, data)
            throw error
        }
        legacy?.cancel()
        await server?.stop()
        await finish(simulator, embeddings, data)
    }

    private static func finish(_ simulator: HaloSimulator, _ embeddings: EmbeddingService, _ data: URL) async {
        embeddings.stop()
        await simulator.stop()
        try? FileManager.default.removeItem(at: data)
    }

    /// Opens `/sse`, initializes the session, and keeps reading its stream (so answers never back up);
    /// returns the messages path and the reading task.
    private static func openLegacySession(_ server: ServeProcess, token: String) async throws -> (String, Task<Void, Never>) {
        let stream = try await EventStreamReader(
            server.http, url: server.baseURL + "/sse", headers: [("Authorization", "Bearer \(token)"), ("Accept", "text/event-stream")])
        guard try await stream.read(until: { $0.contains("\n\n") }),
            let path = stream.text.components(separatedBy: "\n\n")[0].split(separator: "\n").last?.dropFirst("data: ".count)
        else { throw StackError("no endpoint event on /sse") }
        let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
        for message in [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        ] {
            let reply = try await server.http.send(.POST, server.baseURL + path, headers: headers, body: message)
            guard reply.status == 202 else { throw StackError("classic SSE session: \(reply.status) \(reply.body)") }
        }
        let drain = Task { _ = try? await stream.readToEnd(timeout: .seconds(3_600)) }
        return (String(path), drain)
    }

    /// The request of one case, drawn from `random`.
    func request(_ random: inout SplitMix64, id: Int) -> FuzzRequest {
        let bearer = ("Authorization", "Bearer \(token)")
        let roll = random.below(100)
        if roll < 65 {
            let tool = random.pick(Self.tools)
            var fuzzer = SchemaFuzzer(random: random)
            let arguments = fuzzer.arguments(for: tool.inputSchema)
            random = fuzzer.random
            let body = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"tools/call\",\"params\":{\"name\":\"\(tool.name)\",\"arguments\":\(arguments)}}"
            return FuzzRequest(
                method: .POST, path: "/mcp", headers: [bearer, ("Content-Type", "application/json"), MCPWire.acceptBoth, ("Mcp-Session-Id", session)],
                body: Array(body.utf8), expectation: .toolAnswer(id: id), summary: "\(tool.name) \(arguments.prefix(300))")
        }
        let body = FramingFuzzer.body(&random)
        let shown = String(decoding: body.prefix(300), as: UTF8.self)
        if roll < 77 {
            var headers = [bearer, ("Content-Type", "application/json"), MCPWire.acceptBoth]
            if random.chance(0.5) { headers.append(("Mcp-Session-Id", session)) }
            return FuzzRequest(
                method: .POST, path: "/mcp", headers: FramingFuzzer.headers(headers, &random), body: body,
                expectation: .noServerError, summary: "POST /mcp \(shown)")
        }
        if roll < 85 {
            let path = random.chance(0.85) ? legacyMessages : random.pick(["/messages", "/messages?sessionId=", "/messages?sessionId=%zz", "/messages?sessionId=\(UUID())"])
            let headers = FramingFuzzer.headers([bearer, ("Content-Type", "application/json")], &random)
            return FuzzRequest(method: .POST, path: path, headers: headers, body: body, expectation: .noServerError, summary: "POST \(path) \(shown)")
        }
        return OAuthFuzzer.request(&random, clientID: clientID, base: server.baseURL)
    }
}
