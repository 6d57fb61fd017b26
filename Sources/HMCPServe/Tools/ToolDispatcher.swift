import CoreMetrics
import Foundation
import Logging
import MCP
import Shared

/// The one place tool calls go through, for both transports: finds the tool (honouring the policy),
/// checks the arguments, runs it, and turns every failure into an `isError` result the model can act on.
/// Writes one audit line per call: caller, tool, arguments (secrets redacted, long strings cut), outcome,
/// latency and the HaloPSA requests it made, and counts it (`hmcp_tool_calls_total{tool,outcome}`,
/// `hmcp_tool_call_duration_seconds{tool}`); those HaloPSA requests count as purpose `tool`.
public struct ToolDispatcher: Sendable {
    /// All tools.
    public let table: ToolTable
    /// What this server offers.
    public let policy: ToolPolicy
    let logger: Logger

    /// A dispatcher over `table` offering what `policy` permits.
    public init(table: ToolTable, policy: ToolPolicy, logger: Logger) {
        self.table = table
        self.policy = policy
        self.logger = logger
    }

    /// The offered tools, in table order, after a request's narrowing (`request`; it can only hide tools).
    public func listedTools(narrowedBy request: ToolPolicy = ToolPolicy()) -> [Tool] {
        let effective = policy.narrowed(by: request)
        return table.tools.filter(effective.permits).map(\.tool)
    }

    /// Runs a `tools/call`, offering only what the server's policy narrowed by `request` permits.
    /// - Throws: `MCPError.invalidParams` for a tool that does not exist or is not offered (a protocol error).
    public func call(
        _ parameters: CallTool.Parameters, context: ToolContext, narrowedBy request: ToolPolicy = ToolPolicy()
    ) async throws -> CallTool.Result {
        guard let definition = table.tool(named: parameters.name), policy.narrowed(by: request).permits(definition) else {
            logger.info(
                "tool call refused",
                metadata: ["agent": "\(context.caller.agentID)", "tool": "\(parameters.name)", "outcome": "not_offered"])
            throw MCPError.invalidParams("Unknown tool: \(parameters.name)")
        }
        let started = ContinuousClock.now
        let requests = HaloRequestTally()
        let arguments = parameters.arguments ?? [:]
        let result: CallTool.Result
        let outcome: String
        let problems = InputSchemaCheck.problems(arguments, schema: definition.inputSchema)
        if !problems.isEmpty {
            result = Self.failure("Invalid arguments for \(definition.name): \(problems.joined(separator: "; ")).")
            outcome = "invalid_arguments"
        } else {
            do {
                let output = try await HaloRequestPurpose.$current.withValue(.tool) {
                    try await requests.counting { try await definition.handler(ToolArguments(arguments), context) }
                }
                result = CallTool.Result(content: [.text(text: Self.text(output), annotations: nil, _meta: nil)], structuredContent: .some(output))
                outcome = "ok"
            } catch {
                let (message, kind) = ToolErrorMessage.describe(error)
                if kind == "internal" {
                    logger.error("tool failed", metadata: ["tool": "\(definition.name)", "error": "\(error)"])
                }
                result = Self.failure(message)
                outcome = kind
            }
        }
        let elapsed = ContinuousClock.now - started
        CoreMetrics.Counter(label: "hmcp_tool_calls_total", dimensions: [("tool", definition.name), ("outcome", outcome)]).increment()
        CoreMetrics.Timer(label: "hmcp_tool_call_duration_seconds", dimensions: [("tool", definition.name)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(elapsed.nanoseconds)
        logger.info(
            "tool call",
            metadata: [
                "agent": "\(context.caller.agentID)", "tool": "\(definition.name)",
                "arguments": "\(AuditArguments.describe(arguments))", "outcome": "\(outcome)",
                "halo_requests": "\(requests.count)",
                "ms": "\(elapsed.milliseconds)",
            ])
        return result
    }

    private static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    /// The structured result as JSON text (the copy for clients that read only text).
    private static func text(_ value: Value) -> String {
        (try? Responses.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}
