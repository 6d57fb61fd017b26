import Foundation

/// Runs a script of `Tests/Integration` with the repository's `.venv` Python (made by `scripts/setup`),
/// kills it by PID if it outlives `timeout`, and returns its exit status and output.
enum PythonClient {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The last stdout line as JSON (the scripts print one report line).
        var report: [String: Any] {
            let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
    }

    static func run(script: String, arguments: [String], timeout: Duration = .seconds(60)) async throws -> Run {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw StackError(".venv/bin/python is missing: run scripts/setup (it installs the Python mcp client)")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Integration/\(script)").path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.yield(); finished.continuation.finish() }
        try process.run()
        let stdout = readAll(output)
        let stderr = readAll(errors)
        // The deadline: the client is killed if it has not finished by then.
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(process.processIdentifier, SIGKILL)
        }
        for await _ in finished.stream {}
        watchdog.cancel()
        return Run(status: process.terminationStatus, stdout: await stdout.value, stderr: await stderr.value)
    }

    /// Reads the pipe to its end on a thread of its own: a blocking read must not occupy one of the
    /// few cooperative threads the in-process servers need.
    private static func readAll(_ pipe: Pipe) -> Task<String, Never> {
        Task {
            await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(returning: String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
                }.start()
            }
        }
    }
}
