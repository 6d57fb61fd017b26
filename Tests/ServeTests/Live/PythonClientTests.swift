import Foundation
import HaloSim
@testable import HMCPServe
import Testing

/// The acceptance test of the front door: the official Python `mcp` client signs in through the whole
/// OAuth relay against the HaloPSA simulator and calls `get_me`, over both transports, for two agents.
@Suite(.serialized, .timeLimit(.minutes(4))) struct PythonClientTests {
    @Test(arguments: [("streamable", "auto"), ("streamable", "legacy"), ("sse", "legacy"), ("sse", "auto")])
    func pythonClientSignsInAndGetsItsOwnAgent(transport: String, mode: String) async throws {
        try await withLiveStack { stack in
            let seeded = stack.simulator.seeded
            let agents = [seeded.narrowAgentID, seeded.clientRestrictedAgentID].compactMap(seeded.agent(id:))
            #expect(Set(agents.map(\.id)).count == 2)
            for agent in agents {
                let run = try await PythonClient.run(
                    script: "oauth_get_me.py",
                    arguments: [
                        "--server", stack.baseURL, "--transport", transport, "--mode", mode, "--username", agent.username,
                        "--expect-agent-id", String(agent.id),
                    ])
                #expect(run.status == 0, "python client failed (status \(run.status)): \(run.stdout)\n\(run.stderr.suffix(3000))")
                let report = run.report
                #expect(report["agent_id"] as? Int == agent.id)
                #expect(report["agent_name"] as? String == agent.name)
                #expect(report["tools"] as? [String] == ToolTable.standard.excluding(SearchTools.names).tools.map(\.name))
                #expect(report["oauth_hops"] as? [String] == ["authorize 200", "consent 302", "halo-login 302", "callback 302"])
                #expect(report["progress"] as? [Double] == [0, 1])
                if mode == "legacy" { #expect(report["protocol_version"] as? String == "2025-11-25") }
            }
        }
    }
}
