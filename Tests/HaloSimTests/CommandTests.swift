import AsyncHTTPClient
import Foundation
import Testing

/// The `halo-sim` executable: announces its URL on one line, serves, and stops on SIGTERM.
@Suite("halo-sim command")
struct CommandTests {
    /// The built `halo-sim` beside the test bundle.
    private var executable: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDirectory, bundleDirectory.deletingLastPathComponent()].map { $0.appendingPathComponent("halo-sim") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    @Test("prints the listening line, serves the API and exits on SIGTERM")
    func runsAndStops() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: executable.path), "\(executable.path)")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--port", "0", "--tickets", "50", "--tenant", "acme", "--log-level", "warning"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let (exited, exit) = AsyncStream.makeStream(of: Never.self)
        process.terminationHandler = { _ in exit.finish() }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let line = await killing(process, unlessDoneWithin: .seconds(60)) { await firstLine(of: output) }
        let match = try #require(line.firstMatch(of: /^halo-sim listening on (http:\/\/127\.0\.0\.1:\d+)$/))
        let base = String(match.output.1)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let answer = try await client.execute(HTTPClientRequest(url: base + "/api/authinfo"), timeout: .seconds(10))
        let body = String(buffer: try await answer.body.collect(upTo: 1 << 16))
        try await client.shutdown()
        #expect(answer.status.code == 200)
        #expect(body.contains("\"tenant_id\":\"acme\""))

        kill(process.processIdentifier, SIGTERM)
        await killing(process, unlessDoneWithin: .seconds(20)) { for await _ in exited {} }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "stopped by SIGTERM, not killed")
    }

    @Test("refuses a bad --forbidden-status")
    func validatesFlags() throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--forbidden-status", "500"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
    }

    /// What `body` returns; a watchdog kills `process` if `body` takes longer than `timeout`, which ends
    /// whatever `body` waits for (a line, the exit).
    private func killing<T: Sendable>(
        _ process: Process, unlessDoneWithin timeout: Duration, _ body: () async -> T
    ) async -> T {
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        return await body()
    }

    /// The first line written to `pipe`.
    private func firstLine(of pipe: Pipe) async -> String {
        await Task.detached { () -> String in
            var bytes: [UInt8] = []
            while true {
                let chunk = pipe.fileHandleForReading.readData(ofLength: 1)
                if chunk.isEmpty || chunk.first == UInt8(ascii: "\n") { break }
                bytes += chunk
            }
            return String(decoding: bytes, as: UTF8.self)
        }.value
    }
}
