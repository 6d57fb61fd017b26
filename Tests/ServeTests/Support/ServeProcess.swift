import AsyncHTTPClient
import Foundation
import HMCPTesting
import HaloSim

/// The `hmcp-serve` program as a child process on a free loopback port, reading the simulator at
/// `haloURL`: a crash shows as a dead process (and a failed test), not as a dead test runner.
struct ServeProcess: RunningServer {
    let child: ChildProcess
    let baseURL: String
    let http: HTTPClient

    /// Starts the server with `environment` added to its own settings and waits (at most 60 s) for `/health`.
    static func start(haloURL: String, environment: [String: String]) async throws -> ServeProcess {
        let port = try LoopbackPort.free()
        let baseURL = "http://127.0.0.1:\(port)"
        let settings = [
            "HMCP_HALO_URL": haloURL, "HMCP_HALO_CLIENT_ID": SeededAccounts.Credentials.userClientID,
            "HMCP_ENCRYPTION_KEY": "test-encryption-key-with-enough-characters", "HMCP_PUBLIC_URL": baseURL,
            "HMCP_HOST": "127.0.0.1", "HMCP_PORT": "\(port)", "HMCP_HALO_MAX_RETRIES": "0", "HMCP_HALO_TIMEOUT": "10",
            "HMCP_LOG_LEVEL": "critical",
        ]
        let child = try ChildProcess("hmcp-serve", environment: settings.merging(environment) { $1 })
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let server = ServeProcess(child: child, baseURL: baseURL, http: http)
        // A readiness probe: the process says nothing at log level critical, so /health is asked until
        // it answers, the process dies or the deadline passes.
        let deadline = ContinuousClock.now + .seconds(60)
        while await !server.answersHealth() {
            guard child.isRunning, ContinuousClock.now < deadline else {
                await server.stop()
                throw StackError("hmcp-serve did not come up; output:\n\(child.text.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }

    /// Whether `/health` answers 200.
    func answersHealth() async -> Bool {
        (try? await http.send(.GET, baseURL + "/health").status) == 200
    }

    /// Kills the process (by its PID) and closes the client.
    func stop() async {
        child.kill()
        try? await http.shutdown()
    }
}
