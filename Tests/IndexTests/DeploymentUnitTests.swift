import Foundation
import HMCPTesting
import Testing

/// The shipped crontab and systemd units: hardened, pointing at the real programs, and valid for systemd.
@Suite("Deployment units")
struct DeploymentUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let cron = repository.appendingPathComponent("cron")
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let services = ["hmcp-index.service", "hmcp-drain.service", "hmcp-webhook.service", "hmcp-serve.service"]
    static let units = services + ["hmcp-index.timer", "hmcp-drain.timer"]
    /// Where the units and the crontab expect the local model (`scripts/fetch-model DIR` installs it there).
    static let serviceModelPath = "/usr/local/share/hmcp/models/all-MiniLM-L6-v2"


    private func text(_ name: String) throws -> String {
        try String(contentsOf: Self.cron.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: DeploymentUnitTests.services)
    func servicesAreHardened(name: String) throws {
        let unit = try text(name)
        for line in [
            "User=hmcp", "ProtectSystem=strict", "ReadWritePaths=/var/lib/hmcp", "NoNewPrivileges=true",
            "PrivateTmp=true", "ProtectHome=true", "EnvironmentFile=/etc/hmcp/hmcp.env", "UMask=0077",
        ] {
            #expect(unit.split(separator: "\n").contains(Substring(line)), "\(name) lacks \(line)")
        }
    }

    @Test func commandsNameRealSubcommands() throws {
        #expect(try text("hmcp-index.service").contains("ExecStart=/usr/local/bin/hmcp-index run"))
        #expect(try text("hmcp-webhook.service").contains("ExecStart=/usr/local/bin/hmcp-index webhook"))
        #expect(try text("hmcp-index.timer").contains("Unit=hmcp-index.service"))
        #expect(try text("hmcp-drain.service").contains("ExecStart=/usr/local/bin/hmcp-index drain"))
        #expect(try text("hmcp-drain.service").contains("SuccessExitStatus=75"), "a drain that meets a running indexer is not a failure")
        #expect(try text("hmcp-drain.timer").contains("Unit=hmcp-drain.service"))
        let crontab = try text("hmcp-index.crontab").split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("hmcp-index") }
        #expect(crontab.count == 3)
        for entry in crontab {
            let fields = entry.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count > 6, "a cron.d entry needs 5 time fields, a user and a command: \(entry)")
            #expect(fields[5] == "hmcp")
        }
    }

    /// A re-embed request made through MCP is served within minutes under systemd as under cron.
    @Test func queuedRequestsAreDrainedWithinMinutes() throws {
        let timer = try text("hmcp-drain.timer").split(separator: "\n")
        #expect(timer.contains("OnUnitInactiveSec=2min"))
        let drains = try text("hmcp-index.crontab").split(separator: "\n").filter { $0.contains("hmcp-index drain") }
        #expect(drains.count == 1 && drains[0].hasPrefix("*/2 "))
    }

    /// A service finds the model at an absolute path (not one resolved against `WorkingDirectory`), the
    /// same in every unit and the crontab, and `scripts/fetch-model` says how to install it there.
    @Test func everyServiceNamesTheSameAbsoluteModelPath() throws {
        for name in Self.services {
            #expect(try text(name).split(separator: "\n").contains("Environment=HMCP_EMBED_MODEL=\(Self.serviceModelPath)"), "\(name)")
        }
        #expect(try text("hmcp-index.crontab").split(separator: "\n").contains("HMCP_EMBED_MODEL=\(Self.serviceModelPath)"))
        let fetch = try String(contentsOf: Self.repository.appendingPathComponent("scripts/fetch-model"), encoding: .utf8)
        #expect(fetch.contains("scripts/fetch-model \(Self.serviceModelPath)"))
    }

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed"))
    func systemdAcceptsTheUnits() async throws {
        let products = try #require(Bundle.main.executableURL?.deletingLastPathComponent())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in Self.units {
            // systemd checks that ExecStart exists: point it at the programs this build made.
            let unit = try text(name).replacingOccurrences(of: "/usr/local/bin/", with: products.path + "/")
            try unit.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let verify = try ChildProcess(
            try #require(Self.systemdAnalyze), arguments: ["verify"] + Self.units.map { folder.appendingPathComponent($0).path })
        #expect(try await verify.wait(timeout: .seconds(60)) == 0, "\(verify.text)")
        #expect(verify.text.isEmpty, "\(verify.text)")
    }
}
