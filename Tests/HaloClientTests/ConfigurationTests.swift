import Foundation
import HMCPCommandLine
import Testing

@testable import Shared

@Suite("Configuration")
struct ConfigurationTests {
    let serveBasics = [
        "HMCP_HALO_URL": "https://acme.halopsa.com/", "HMCP_HALO_CLIENT_ID": "relay",
        "HMCP_ENCRYPTION_KEY": String(repeating: "k", count: 40), "HMCP_PUBLIC_DOMAIN": "mcp.example.com",
    ]

    @Test func flagsOverrideEnvironmentWhichOverridesDotEnv() throws {
        let values = ConfigurationValues(
            environment: ["HMCP_PORT": "9000", "HMCP_HOST": "127.0.0.1"],
            dotEnv: ["HMCP_PORT": "7000", "HMCP_HOST": "10.0.0.1", "HMCP_DATA_DIR": "/srv/hmcp"],
            overrides: ["HMCP_PORT": "9090"])
        #expect(try values.integer(ConfigurationVariables.port, in: 1...65535) == 9090)
        #expect(values.string(ConfigurationVariables.host) == "127.0.0.1")
        #expect(values.string(ConfigurationVariables.dataDir) == "/srv/hmcp")
        #expect(values.string(ConfigurationVariables.indexKeep) == "3")
    }

    @Test func missingRequiredVariableNamesIt() {
        var environment = serveBasics
        environment["HMCP_HALO_CLIENT_ID"] = nil
        #expect {
            try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        } throws: { error in
            (error as? ConfigurationError)?.variable == "HMCP_HALO_CLIENT_ID"
                && "\(error)".hasPrefix("HMCP_HALO_CLIENT_ID: is required by hmcp-serve")
        }
    }

    @Test func indexerNeedsTheServiceAccountNotTheEncryptionKey() throws {
        let environment = [
            "HMCP_HALO_URL": "http://127.0.0.1:9999", "HMCP_EMBED_CLIENT_ID": "indexer",
            "HMCP_EMBED_CLIENT_SECRET": "s3cret",
        ]
        let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
        #expect(configuration.halo.serviceClientID == "indexer")
        #expect(configuration.halo.baseURL == "http://127.0.0.1:9999")
        #expect(throws: ConfigurationError.self) {
            try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        }
    }

    @Test(arguments: [
        ("HMCP_PORT", "http", "HMCP_PORT: expected a whole number from 1 to 65535, got \"http\""),
        ("HMCP_HALO_URL", "acme.halopsa.com", "HMCP_HALO_URL: expected an http(s) URL such as https://host.example.com, got \"acme.halopsa.com\""),
        ("HMCP_READ_ONLY", "maybe", "HMCP_READ_ONLY: expected true or false, got \"maybe\""),
        ("HMCP_LOG_LEVEL", "loud", "HMCP_LOG_LEVEL: expected one of trace, debug, info, notice, warning, error, critical, got \"loud\""),
        ("HMCP_ENCRYPTION_KEY", "short", "HMCP_ENCRYPTION_KEY: must be at least 32 characters (it has 5)"),
        ("HMCP_DATABASE_URL", "postgres://db/hmcp", "HMCP_DATABASE_URL: only sqlite:PATH is supported (a PostgreSQL state store is planned), got another scheme"),
    ])
    func malformedValueGivesOneLineNamingTheVariable(name: String, value: String, message: String) throws {
        var environment = serveBasics
        environment[name] = value
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        }
        #expect(error?.description == message)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func secretsAreNeverShown() throws {
        var environment = serveBasics
        environment["HMCP_HALO_CLIENT_SECRET"] = "super-secret-value"
        environment["HMCP_HALO_MAX_RETRIES"] = "4"
        let configuration = try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        let printed = configuration.description
        #expect(!printed.contains("super-secret-value"))
        #expect(!printed.contains(String(repeating: "k", count: 40)))
        #expect(printed.contains("HMCP_HALO_CLIENT_SECRET=(set, hidden)"))
        #expect(printed.contains("HMCP_HALO_URL=https://acme.halopsa.com/"))

        environment["HMCP_EMBED_API_KEY"] = "sk-not-a-number"
        let values = ConfigurationValues(environment: environment)
        let keyAsNumber = ConfigurationVariable("HMCP_EMBED_API_KEY", "test", secret: true)
        let error = #expect(throws: ConfigurationError.self) { try values.integer(keyAsNumber, in: 1...2) }
        #expect(error?.description.contains("sk-not-a-number") == false)
    }

    @Test func publicDomainBecomesAnHTTPSOrigin() throws {
        let configuration = try Configuration(program: .serve, values: ConfigurationValues(environment: serveBasics))
        #expect(configuration.serve?.publicURL == "https://mcp.example.com")
        #expect(configuration.serve?.stateDatabasePath == "./data/state.sqlite")
        var environment = serveBasics
        environment["HMCP_PUBLIC_URL"] = "http://127.0.0.1:8080/"
        let local = try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        #expect(local.serve?.publicURL == "http://127.0.0.1:8080")
    }

    @Test func haloURLIsNormalized() throws {
        var environment = serveBasics
        environment["HMCP_HALO_URL"] = "https://acme.halopsa.com/api/"
        environment["HMCP_HALO_TENANT"] = "acme"
        let configuration = try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        #expect(configuration.halo.baseURL == "https://acme.halopsa.com")
        #expect(configuration.halo.apiURL == "https://acme.halopsa.com/api")
        #expect(configuration.halo.isHosted)
    }

    @Test func unknownNamesAreReportedAsLikelyTypos() {
        let values = ConfigurationValues(environment: ["HMCP_HALO_ULR": "x", "PATH": "/bin"])
        #expect(values.unknownNames == ["HMCP_HALO_ULR"])
    }

    @Test func setFlagAcceptsNamesWithOrWithoutPrefix() throws {
        let options = try ConfigurationOptions.parse(["--set", "port=9090", "--set", "HMCP_HALO_URL=http://h", "--set", "data-dir=/d"])
        #expect(try options.overrides() == ["HMCP_PORT": "9090", "HMCP_HALO_URL": "http://h", "HMCP_DATA_DIR": "/d"])
        let bad = try ConfigurationOptions.parse(["--set", "HMCP_NOPE=1"])
        #expect(throws: (any Error).self) { try bad.overrides() }
    }

    @Test func everyVariableIsDocumentedInEnvExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent(".env.example"), encoding: .utf8)
        let lines = example.split(separator: "\n").map(String.init)
        for variable in ConfigurationVariables.all {
            let index = try #require(lines.firstIndex { $0.hasPrefix(variable.name + "=") }, "\(variable.name) missing")
            #expect(lines[index - 1].hasPrefix("# "), "\(variable.name) has no comment")
        }
        let listed = try DotEnvFile.parse(example)
        #expect(listed.count == ConfigurationVariables.all.count)
        for variable in ConfigurationVariables.all {
            guard let value = variable.defaultValue else { continue }
            #expect(listed[variable.name] == value, "\(variable.name) shows another default")
        }
    }

    @Test func settingsTypesStartFromTheVariablesDefaults() throws {
        let loaded = try Configuration(
            program: .index, values: ConfigurationValues(environment: ["HMCP_HALO_URL": "https://acme.halopsa.com"]), requiringAll: false)
        var halo = HaloSettings(baseURL: "https://acme.halopsa.com")
        halo.sharedBudget = loaded.halo.sharedBudget
        #expect(Self.dumped(loaded.halo) == Self.dumped(halo))
        #expect(Self.dumped(loaded.embedding) == Self.dumped(EmbeddingSettings()))
    }

    /// Every field of `value`, nested ones too.
    static func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}

@Suite("DotEnvFile")
struct DotEnvFileTests {
    @Test func parsesQuotesCommentsAndExport() throws {
        let text = """
            # comment
            export HMCP_PORT=8080
            HMCP_HALO_URL = https://x.example.com  # inline comment
            HMCP_HALO_SCOPE="all offline_access"
            HMCP_TOOLS='get_me,list_tickets # literal'
            HMCP_MULTI="a\\nb"

            """
        let values = try DotEnvFile.parse(text)
        #expect(values["HMCP_PORT"] == "8080")
        #expect(values["HMCP_HALO_URL"] == "https://x.example.com")
        #expect(values["HMCP_HALO_SCOPE"] == "all offline_access")
        #expect(values["HMCP_TOOLS"] == "get_me,list_tickets # literal")
        #expect(values["HMCP_MULTI"] == "a\nb")
    }

    @Test func malformedLineNamesTheLine() {
        let error = #expect(throws: ConfigurationError.self) { try DotEnvFile.parse("A=1\nnot a pair\n", source: "my.env") }
        #expect(error?.variable == "my.env line 2")
        #expect(throws: ConfigurationError.self) { try DotEnvFile.parse("A=\"open\n") }
    }
}
