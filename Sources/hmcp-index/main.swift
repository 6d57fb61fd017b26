import ArgumentParser
import Foundation
import HMCPIndex
import Logging
import Shared

/// `hmcp-index`: builds and publishes hmcp's search index from HaloPSA.
@main
struct HMCPIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmcp-index",
        abstract: "Build and publish hmcp's semantic search index from HaloPSA.",
        subcommands: [Check.self])
}

extension HMCPIndexCommand {
    /// `hmcp-index check`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration and that the service account can read HaloPSA.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try loadConfiguration(options)
            let client = HaloClient(settings: configuration.halo, logger: makeLogger(configuration))
            do {
                print(try await HaloCheck(client: client).run())
            } catch let error as HaloAPIError {
                printError("hmcp-index: HaloPSA check failed: \(error)")
                throw ExitCode(ExitStatus.haloUnavailable)
            }
        }
    }
}

/// Loads the indexer's configuration, or exits with the one-line reason.
func loadConfiguration(_ options: ConfigurationOptions) throws -> Configuration {
    do {
        return try options.load(for: .index)
    } catch let error as ConfigurationError {
        printError("hmcp-index: \(error)")
        throw ExitCode(ExitStatus.configuration)
    }
}

func makeLogger(_ configuration: Configuration) -> Logger {
    var logger = Logger(label: "hmcp.index")
    logger.logLevel = configuration.logLevel
    return logger
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
