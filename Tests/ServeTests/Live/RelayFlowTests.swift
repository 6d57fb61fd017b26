import Foundation
import HaloSim
@testable import HMCPServe
import Testing

@Suite(.serialized, .timeLimit(.minutes(2))) struct RelayFlowTests {
    @Test func signedInAgentCallsGetMeOverStreamableHTTP() async throws {
        try await withLiveStack { stack in
            let agent = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.narrowAgentID))
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, initialized) = try await wire.initialize()
            #expect(initialized["protocolVersion"] as? String == "2025-11-25")
            let (reply, messages) = try await wire.request("tools/call", ["name": "get_me", "arguments": [:] as [String: Any]], session: session)
            #expect(reply.status == 200)
            let result = try #require(messages.last?["result"] as? [String: Any])
            let structured = try #require(result["structuredContent"] as? [String: Any])
            #expect(structured["id"] as? Int == agent.id)
            #expect(structured["name"] as? String == agent.name)
            #expect(result["isError"] == nil)
        }
    }
}
