import ArgumentParser
import Foundation
import HMCPCommandLine
import HMCPIndex
import Logging
import Shared

/// `hmcp-index`: builds and publishes hmcp's search index from HaloPSA.
@main
struct HMCPIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmcp-index",
        abstract: "Build and publish hmcp's semantic search index from HaloPSA.",
        discussion: """
            Exit codes: 0 done, 1 failure, 69 HaloPSA unavailable, 75 another indexer is running, 78 bad configuration.
            """,
        subcommands: [Run.self, Reembed.self, Drain.self, Status.self, Webhook.self, Import.self, Check.self])
}

/// Options shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @OptionGroup var configuration: ConfigurationOptions

    /// Loads the configuration and builds the indexer, or exits with the one-line reason. Commands
    /// that only read the data folder pass `localOnly` and need no HaloPSA settings.
    func indexer(localOnly: Bool = false) throws -> Indexer {
        let loaded: Configuration
        do {
            loaded = try configuration.load(for: .index, requiringAll: !localOnly)
        } catch let error as ConfigurationError {
            fail("\(error)", status: ExitStatus.configuration)
        }
        var logger = Logger(label: "hmcp.index")
        logger.logLevel = loaded.logLevel
        for name in loaded.values.unknownNames {
            logger.warning("unknown variable \(name) ignored (see .env.example)")
        }
        return try Indexer(configuration: loaded, logger: logger)
    }
}

/// Runs `work`, mapping failures to the documented exit codes.
func runReporting(_ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let error as IndexDirectoryError {
        fail("\(error)", status: ExitStatus.locked)
    } catch let error as HaloAPIError {
        fail("HaloPSA: \(error)", status: error.kind == .badRequest ? ExitStatus.failure : ExitStatus.haloUnavailable)
    } catch let error as ExitCode {
        throw error
    } catch {
        fail("\(error)", status: ExitStatus.failure)
    }
}

/// Prints a run's outcome: its summary line, or JSON with `--json`.
func report(_ outcome: IndexRunOutcome?, json: Bool) throws {
    guard json else {
        print(outcome?.summary ?? "queue empty, nothing to do")
        return
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    print(outcome.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) } ?? "null")
}

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("hmcp-index: \(message)\n".utf8))
    exit(status)
}

let terminal = isatty(STDERR_FILENO) == 1

extension HMCPIndexCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update the index: tickets changed since the last run (or all of them with --full), then publish.")

        @OptionGroup var options: CommonOptions
        @Flag(help: "Re-read every ticket instead of only the changed ones.") var full = false
        @Flag(help: "Print the outcome as JSON.") var json = false
        @Option(help: ArgumentHelp("Cut chunks with these older rules (for comparing them in benchmarks).", visibility: .hidden))
        var chunkerVersion = Chunker.version

        func validate() throws {
            guard Chunker.versions.contains(chunkerVersion) else {
                throw ValidationError("--chunker-version must be one of \(Chunker.versions.map(String.init).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let indexer = try options.indexer()
            try await runReporting {
                try report(
                    try await indexer.run(full ? .full : .incremental, chunkerVersion: chunkerVersion, isTerminal: terminal),
                    json: json)
            }
        }
    }

    struct Reembed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-read and re-embed some tickets (or all) now.")

        @OptionGroup var options: CommonOptions
        @Option(name: .customLong("ticket"), help: "A ticket id (repeatable).") var tickets: [Int] = []
        @Flag(help: "Every ticket.") var all = false
        @Flag(help: "Embed every text again, even one whose vector the live index holds for the same model name (after a model update that kept its name).")
        var force = false
        @Flag(help: "Print the outcome as JSON.") var json = false

        func validate() throws {
            guard all != !tickets.isEmpty else { throw ValidationError("give --ticket N (repeatable) or --all") }
        }

        func run() async throws {
            let indexer = try options.indexer()
            try await runReporting {
                let outcome = try await indexer.run(all ? .full : .tickets(tickets), reembeddingUnchanged: force, isTerminal: terminal)
                try report(outcome, json: json)
            }
        }
    }

    struct Drain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Process the re-embed requests waiting in queue.sqlite.")

        @OptionGroup var options: CommonOptions
        @Flag(help: "Print the outcome as JSON (null when the queue was empty).") var json = false

        func run() async throws {
            let indexer = try options.indexer()
            try await runReporting { try report(try await indexer.drain(isTerminal: terminal), json: json) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the live version, its age and size, the model, the queue depth, the run in progress and the last run.")

        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let status = try options.indexer(localOnly: true).status()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(status.text)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adopt an index version built elsewhere: validate it fully, then swap it in atomically.")

        @OptionGroup var options: CommonOptions
        @Argument(help: "The version directory (holding index.sqlite and vectors.f32).") var directory: String

        func run() async throws {
            let indexer = try options.indexer(localOnly: true)
            try await runReporting {
                let number = try await indexer.importVersion(from: URL(fileURLWithPath: directory))
                print("imported as v\(number), now live")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration and that the service account can read HaloPSA.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let indexer = try options.indexer()
            try await runReporting { print(try await HaloCheck(client: indexer.client).run()) }
        }
    }
}
