/// Which tickets an agent may see: administrators see everything; otherwise the
/// ticket's team must be one of the agent's teams, and the ticket must be the agent's own, or unassigned
/// with `unassigned_access`, or another agent's with `otheragent_access` (team managers have both);
/// an agent restricted to clients only sees those clients' tickets.
enum Visibility {
    /// Whether `agent` may see `ticket`.
    static func agent(_ agent: Agent, canSee ticket: Ticket) -> Bool {
        if agent.isAdmin { return true }
        if !agent.clientRestrictions.isEmpty, !agent.clientRestrictions.contains(ticket.clientID) { return false }
        guard let membership = agent.membership(of: ticket.teamID) else { return false }
        if ticket.agentID == agent.id { return true }
        if ticket.agentID == Agent.unassignedID { return membership.unassignedAccess || membership.isManager }
        return membership.otherAgentAccess || membership.isManager
    }
}
