import Foundation
import Logging

/// hmcp's validated configuration for one program, read from flags, the environment and `.env`.
///
/// Loading checks every value the program needs, so a bad setting stops the program at start with one
/// line naming the variable. `description` lists the effective settings with secrets hidden.
public struct Configuration: Sendable, CustomStringConvertible {
    /// The program this configuration was validated for.
    public let program: Program
    /// The raw merged values (for sections other modules map themselves).
    public let values: ConfigurationValues
    /// How to reach HaloPSA, for users and for the service account.
    public let halo: HaloSettings
    /// Folder holding `state.sqlite`, `queue.sqlite` and `index/`.
    public let dataDirectory: String
    /// Which embedder to use (the indexer embeds chunks, the server embeds queries, with the same model).
    public let embedding: EmbeddingSettings
    /// `hmcp-serve`'s own settings (validated only for that program).
    public let serve: ServeConfiguration?
    /// `hmcp-index`'s own settings (validated only for that program).
    public let index: IndexConfiguration?
    /// Minimum level of log lines.
    public let logLevel: Logger.Level
    /// An HTTP connection with no request in progress this long is closed, in seconds.
    public let httpIdleTimeoutSeconds: Int

    /// Loads and validates the configuration of `program`.
    ///
    /// - Parameters:
    ///   - environment: the process environment (only `HMCP_*` names are read).
    ///   - dotEnvPath: a `.env` file; a missing file is fine. Defaults to `HMCP_ENV_FILE` or `.env`.
    ///   - overrides: values from command-line flags, which win over everything else.
    ///   - requiringAll: false for commands that only read local files (e.g. `hmcp-index status`):
    ///     the program's required variables may then be missing.
    public static func load(
        for program: Program,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        dotEnvPath: String? = nil,
        overrides: [String: String] = [:],
        requiringAll: Bool = true
    ) throws -> Configuration {
        let path = dotEnvPath ?? overrides["HMCP_ENV_FILE"] ?? environment["HMCP_ENV_FILE"] ?? ".env"
        let values = ConfigurationValues(
            environment: environment, dotEnv: try DotEnvFile.load(path: path), overrides: overrides)
        return try Configuration(program: program, values: values, requiringAll: requiringAll)
    }

    /// Validates `values` for `program` (its required variables too, unless `requiringAll` is false).
    public init(program: Program, values: ConfigurationValues, requiringAll: Bool = true) throws {
        for variable in ConfigurationVariables.all where requiringAll && variable.requiredBy.contains(program) {
            _ = try values.required(variable, by: program)
        }
        self.program = program
        self.values = values
        var halo = try HaloSettings(values: values)
        dataDirectory = values.string(ConfigurationVariables.dataDir) ?? ConfigurationVariables.dataDir.defaultValue(as: String.self)
        let share = try values.integer(ConfigurationVariables.indexerBudgetShare, in: 1...100)
        if try values.boolean(ConfigurationVariables.haloSharedBudget) {
            halo.sharedBudget = SharedBudgetSettings(
                path: Self.budgetPath(dataDirectory: dataDirectory), role: program == .serve ? .interactive : .background,
                backgroundShare: Double(share) / 100)
        }
        self.halo = halo
        embedding = try EmbeddingSettings(values: values)
        serve = program == .serve ? try ServeConfiguration(values: values, dataDirectory: dataDirectory) : nil
        index = program == .index ? try IndexConfiguration(values: values) : nil
        let level = try values.choice(
            ConfigurationVariables.logLevel, from: Logger.Level.allCases.map(\.rawValue))
        logLevel = Logger.Level(rawValue: level) ?? .info
        httpIdleTimeoutSeconds = try values.integer(ConfigurationVariables.httpIdleTimeout, in: 5...86_400)
    }

    /// The HaloPSA request budget file of a data directory.
    public static func budgetPath(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("budget.sqlite")
    }

    /// Every variable with its effective value; secrets show only whether they are set.
    public var description: String {
        ConfigurationVariables.all.map { variable in
            let shown: String
            switch (variable.isSecret, values.string(variable)) {
            case (_, nil): shown = "(unset)"
            case (true, _?): shown = "(set, hidden)"
            case (false, let value?): shown = value
            }
            return "\(variable.name)=\(shown)"
        }.joined(separator: "\n")
    }
}
