import Foundation
import Shared
import Synchronization

/// A program run by a test: one of this build's products (or any executable), with its output captured,
/// a deadline, and a kill by PID, so no test leaves a process behind or waits forever.
public final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let output: URL
    private let exited = EventCounter()

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// The folder holding this build's executables (next to the test bundle).
    public static var productsDirectory: URL {
        Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: ".build/debug")
    }

    /// Starts `product` (a program of this build) or an absolute executable path.
    public init(_ product: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: URL? = nil) throws {
        let executable = product.hasPrefix("/") ? URL(fileURLWithPath: product) : Self.productsDirectory.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw HarnessError(description: "\(executable.path) is not built (run swift build --product \(product))")
        }
        output = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-child-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output.path])
        }
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HMCP_") }.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.currentDirectoryURL = workingDirectory
        process.terminationHandler = { [exited] _ in exited.record() }
        try process.run()
    }

    deinit {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: output)
    }

    /// Waits for the exit; kills the process and throws if it runs longer than `timeout` (or the
    /// waiting task is cancelled).
    @discardableResult
    public func wait(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let pid = process.processIdentifier
        let timedOut = Atomic(false)
        let watchdog = DispatchWorkItem { [exited] in
            guard exited.count == 0 else { return }
            timedOut.store(true, ordering: .sequentiallyConsistent)
            _ = Foundation.kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.inSeconds, execute: watchdog)
        let hasExited = await exited.wait(for: 1)
        watchdog.cancel()
        guard hasExited, !timedOut.load(ordering: .sequentiallyConsistent) else {
            kill()
            throw HarnessError(description: "\(process.executableURL?.lastPathComponent ?? "?") timed out; output:\n\(self.text)")
        }
        return process.terminationStatus
    }

    /// Sends `signal` (SIGKILL by default) and reaps the process.
    public func kill(_ signal: Int32 = SIGKILL) {
        guard process.isRunning else { return }
        _ = Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    /// Everything it printed so far.
    public var text: String {
        (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }
}
