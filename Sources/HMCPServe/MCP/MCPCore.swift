import Logging
import MCP
import Shared
import Synchronization

/// What every session's SDK `Server` is built from, for both transports: one tool dispatcher, the
/// HaloPSA client, the grant broker and semantic search (when on).
struct MCPCore: Sendable {
    /// The server name in `initialize`.
    static let name = "hmcp"
    /// The server version in `initialize`.
    static let version = "0.1.0"

    let dispatcher: ToolDispatcher
    let halo: any HaloAgentAPI
    let grants: HaloGrantBroker
    let search: SearchServices?
    let logger: Logger

    /// A new SDK server for one session, whose handlers learn their caller from `currentScope` (the
    /// scope of the request being handled; the HTTP sessions look it up in their ``RequestScopes``).
    func makeServer(currentScope: @escaping @Sendable () -> RequestScope?) async -> Server {
        let server = Server(
            name: Self.name, version: Self.version, title: "HaloPSA",
            instructions: "Tools for HaloPSA, acting as the signed-in agent with that agent's permissions.",
            capabilities: .init(logging: .init(), tools: .init(listChanged: false)), configuration: .strict)
        let logLevel = Mutex(LogLevel.info)
        await server.withMethodHandler(ListTools.self) { [dispatcher] parameters in
            if parameters.cursor != nil { throw MCPError.invalidParams("Unknown cursor: the tool list has one page") }
            guard let scope = currentScope() else {
                throw MCPError.internalError("the request's context was lost")
            }
            return ListTools.Result(tools: dispatcher.listedTools(narrowedBy: scope.narrowing))
        }
        await server.withMethodHandler(CallTool.self) { [dispatcher, halo, grants, search, logger] parameters in
            guard let scope = currentScope() else {
                throw MCPError.internalError("the request's context was lost")
            }
            let context = ToolContext(
                caller: scope.caller, halo: halo, grants: grants, progressToken: parameters._meta?.progressToken,
                minimumLogLevel: logLevel.withLock { $0 }, notify: scope.notify, logger: logger, search: search)
            return try await dispatcher.call(parameters, context: context, narrowedBy: scope.narrowing)
        }
        await server.withMethodHandler(SetLoggingLevel.self) { parameters in
            logLevel.withLock { $0 = parameters.level }
            return Empty()
        }
        return server
    }
}
