import HTTPTypes
import Synchronization

/// The caps on open MCP sessions, over both transports: in total and per agent. A session holds a
/// slot from before it opens until it is removed, so a refused client harms no open session.
final class SessionQuota: Sendable {
    /// Most sessions open at once (`HMCP_MAX_SESSIONS`).
    let maximumSessions: Int
    /// Most sessions one agent may hold (`HMCP_MAX_SESSIONS_PER_AGENT`).
    let maximumPerAgent: Int
    private let held = Mutex<(total: Int, byAgent: [Int: Int])>((0, [:]))

    /// Caps of `maximumSessions` in total and `maximumPerAgent` per agent.
    init(maximumSessions: Int, maximumPerAgent: Int) {
        self.maximumSessions = maximumSessions
        self.maximumPerAgent = maximumPerAgent
    }

    /// Takes a slot for a new session of `agent`, or throws a 503 naming the cap that is reached.
    func reserve(for agent: Int) throws(JSONRPCRejection) {
        let refusal: String? = held.withLock { held in
            if held.total >= maximumSessions {
                return "the server already holds its maximum of \(maximumSessions) MCP sessions (HMCP_MAX_SESSIONS)"
            }
            if held.byAgent[agent, default: 0] >= maximumPerAgent {
                return "this agent already holds its maximum of \(maximumPerAgent) MCP sessions "
                    + "(HMCP_MAX_SESSIONS_PER_AGENT); end one (DELETE /mcp) or let it idle out"
            }
            held.total += 1
            held.byAgent[agent, default: 0] += 1
            return nil
        }
        if let refusal {
            throw JSONRPCRejection(status: .serviceUnavailable, code: -32000, message: "Too many sessions: \(refusal)")
        }
    }

    /// Gives back a slot of `agent`'s.
    func release(for agent: Int) {
        held.withLock { held in
            held.total = max(held.total - 1, 0)
            let remaining = held.byAgent[agent, default: 0] - 1
            held.byAgent[agent] = remaining > 0 ? remaining : nil
        }
    }
}
