import ArgumentParser
import Foundation
import HMCPCommandLine
import HMCPServe
import Logging
import Shared

/// `hmcp-serve`: the MCP server for HaloPSA (Streamable HTTP at /mcp, classic SSE at /sse) with its
/// OAuth 2.1 relay. Stops gracefully on SIGTERM or SIGINT.
@main
struct HMCPServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmcp-serve",
        abstract: "Serve HaloPSA to MCP clients, each user signed in to HaloPSA through the OAuth relay.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration: Configuration
        do {
            configuration = try options.load(for: .serve)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("hmcp-serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var logger = Logger(label: "hmcp.serve")
        logger.logLevel = configuration.logLevel
        let server: ServeServer
        do {
            server = try ServeServer(settings: try ServerSettings(configuration: configuration), logger: logger)
        } catch {
            FileHandle.standardError.write(Data("hmcp-serve: cannot start: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try await server.run()
    }
}
