import Foundation

/// An agent (`Uname`): who a token acts as, their teams and client restrictions.
public struct Agent: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var email: String?
    public var initials: String?
    public var firstName: String?
    public var surname: String?
    /// The primary team's name.
    public var team: String?
    public var teams: [AgentTeam]?
    /// Clients the agent is restricted to (empty: no restriction).
    public var clients: [AgentClientRestriction]?
    public var roles: [AgentRole]?
    public var isDisabled: Bool?
    public var isAgent: Bool?
    public var isAPIAgent: Bool?

    /// An agent with only an id.
    public init(id: Int) { self.id = id }

    /// Whether HaloPSA reports the agent as an administrator: one of its `roles[]` is the built-in
    /// Administrator role (by name, as `Agent/me` carries no separate flag).
    public var isAdministrator: Bool {
        roles?.contains { $0.name?.caseInsensitiveCompare("Administrator") == .orderedSame } == true
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, initials, surname, team, teams, clients, roles
        case firstName = "firstname", isDisabled = "isdisabled", isAgent = "is_agent", isAPIAgent = "isapiagent"
    }
}

/// An agent's membership of a team (`UnameSection`), with the flags that decide what they see.
public struct AgentTeam: Codable, Sendable, Equatable {
    public var teamID: Int?
    public var teamName: String?
    public var roleName: String?
    public var isManager: Bool?
    /// May see the team's unassigned tickets.
    public var unassignedAccess: Bool?
    /// May see the team's tickets assigned to other agents.
    public var otherAgentAccess: Bool?

    enum CodingKeys: String, CodingKey {
        case teamID = "team_id", teamName = "team_name", roleName = "role_name", isManager = "is_manager"
        case unassignedAccess = "unassigned_access", otherAgentAccess = "otheragent_access"
    }
}

/// A client an agent is restricted to (`UnameAreaRestriction`).
public struct AgentClientRestriction: Codable, Sendable, Equatable {
    public var clientID: Int?
    public var clientName: String?

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id", clientName = "client_name"
    }
}

/// A role of an agent.
public struct AgentRole: Codable, Sendable, Equatable {
    public var id: Int?
    public var name: String?
}
