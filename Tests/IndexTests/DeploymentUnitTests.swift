import Foundation
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
    static let units = ["hmcp-index.service", "hmcp-index.timer", "hmcp-webhook.service", "hmcp-serve.service"]

    private func text(_ name: String) throws -> String {
        try String(contentsOf: Self.cron.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: ["hmcp-index.service", "hmcp-webhook.service", "hmcp-serve.service"])
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
        let crontab = try text("hmcp-index.crontab").split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("hmcp-index") }
        #expect(crontab.count == 3)
        for entry in crontab {
            let fields = entry.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count > 6, "a cron.d entry needs 5 time fields, a user and a command: \(entry)")
            #expect(fields[5] == "hmcp")
        }
    }

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed"))
    func systemdAcceptsTheUnits() throws {
        let products = try #require(Bundle.main.executableURL?.deletingLastPathComponent())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in Self.units {
            // systemd checks that ExecStart exists: point it at the programs this build made.
            let unit = try text(name).replacingOccurrences(of: "/usr/local/bin/", with: products.path + "/")
            try unit.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.systemdAnalyze!)
        process.arguments = ["verify"] + Self.units.map { folder.appendingPathComponent($0).path }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(message.isEmpty, "\(message)")
    }
}
