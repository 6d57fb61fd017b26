import Foundation

/// A plan for `Tests/Integration/tool_scenarios.py`: sessions (each its own MCP connection with its own
/// extra headers) of tool calls, some with HaloPSA faults injected into the simulator for their length.
struct ToolScenario {
    /// One MCP connection's calls.
    struct Session {
        let name: String
        var headers: [String: String] = [:]
        var steps: [[String: Any]] = []

        /// Adds a call of `tool` reported under `label`, optionally with simulator faults (`/_sim/faults` body).
        mutating func call(_ label: String, _ tool: String, _ arguments: [String: Any] = [:], fault: [String: Any]? = nil) {
            var step: [String: Any] = ["label": label, "tool": tool, "arguments": arguments]
            if let fault { step["fault"] = fault }
            steps.append(step)
        }
    }

    var sessions: [Session] = []

    /// Runs the plan as `username` over `transport` against `stack` and returns the report.
    func run(on stack: LiveStack, transport: String, username: String) async throws -> ToolScenarioReport {
        let plan: [String: Any] = [
            "sessions": sessions.map { ["name": $0.name, "headers": $0.headers, "steps": $0.steps] as [String: Any] }
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: plan), as: UTF8.self)
        let run = try await PythonClient.run(
            script: "tool_scenarios.py",
            arguments: [
                "--server", stack.baseURL, "--sim", stack.simulator.baseURL, "--transport", transport, "--username", username,
                "--plan", json,
            ], timeout: .seconds(120))
        guard run.status == 0, !run.report.isEmpty else {
            throw StackError("tool_scenarios.py failed (status \(run.status)): \(run.stdout.suffix(2000))\n\(run.stderr.suffix(3000))")
        }
        return ToolScenarioReport(json: run.report)
    }
}

/// What the scenario script saw.
struct ToolScenarioReport {
    /// One call's outcome.
    struct Result: CustomStringConvertible {
        let json: [String: Any]

        /// `isError` of a tool result (nil for a protocol error).
        var isError: Bool? { json["is_error"] as? Bool }
        /// The JSON-RPC error, when the call was refused as a protocol error.
        var protocolError: String? { json["protocol_error"] as? String }
        /// The first text content.
        var text: String { json["text"] as? String ?? "" }
        /// `structuredContent`.
        var structured: [String: Any] { json["structured"] as? [String: Any] ?? [:] }
        /// Whether the text copy is the structured content's JSON.
        var textCopyMatches: Bool { json["text_copy_matches"] as? Bool ?? false }
        /// A successful result with matching text copy.
        var succeeded: Bool { isError == false && textCopyMatches }

        var description: String { "\(json)" }
    }

    let json: [String: Any]

    private func session(_ name: String) -> [String: Any] {
        (json["sessions"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// The tools `tools/list` offered in session `name`, in order.
    func tools(_ name: String) -> [String] { session(name)["tools"] as? [String] ?? [] }

    /// The result of the call labelled `label` in session `name`.
    func result(_ name: String, _ label: String) -> Result {
        Result(json: (session(name)["results"] as? [String: Any])?[label] as? [String: Any] ?? [:])
    }

    /// Every label of session `name`.
    func labels(_ name: String) -> [String] {
        ((session(name)["results"] as? [String: Any]) ?? [:]).keys.sorted()
    }
}
