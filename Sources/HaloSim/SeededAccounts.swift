/// What tests need to log in to a running simulator: the agents (with the roles that matter for
/// visibility tests) and the two registered OAuth applications. Also served at `GET /_sim/accounts`.
public struct SeededAccounts: Sendable {
    /// One agent as tests see it.
    public struct AgentAccount: Sendable, Equatable {
        /// Halo agent id.
        public let id: Int
        /// Display name.
        public let name: String
        /// Login name on the authorisation page.
        public let username: String
        /// E-mail address.
        public let email: String
        /// Sees every ticket.
        public let isAdmin: Bool
        /// Ids of the agent's teams.
        public let teamIDs: [Int]
        /// Clients the agent is restricted to (empty = no restriction).
        public let clientIDs: [Int]
    }

    /// Every agent that can log in.
    public let agents: [AgentAccount]
    /// The "Unassigned" placeholder (never logs in).
    public let unassignedAgentID: Int
    /// An administrator (sees everything); the service application acts as this agent.
    public let adminAgentID: Int
    /// An agent in exactly one team with neither unassigned nor other-agent access.
    public let narrowAgentID: Int
    /// An agent restricted to a few clients.
    public let clientRestrictedAgentID: Int
    /// A team manager.
    public let managerAgentID: Int
    /// client_credentials application (`hmcp-indexer`), acting as the administrator.
    public let serviceApplication: OAuthApplication
    /// authorization_code application (`hmcp-relay`); the secret is optional when exchanging codes.
    public let userApplication: OAuthApplication

    /// The agent with this id.
    public func agent(id: Int) -> AgentAccount? { agents.first { $0.id == id } }

    /// The agent with this username.
    public func agent(username: String) -> AgentAccount? { agents.first { $0.username == username } }

    /// Fixed client ids and secrets of the registered applications.
    public enum Credentials {
        /// Service application id.
        public static let serviceClientID = "hmcp-indexer"
        /// Service application secret (the simulator's, not a real one).
        public static let serviceClientSecret = "halo-sim-indexer-secret"
        /// User application id.
        public static let userClientID = "hmcp-relay"
        /// User application secret (optional for the user application).
        public static let userClientSecret = "halo-sim-relay-secret"
    }

    init(organisation: Organisation) {
        let people = organisation.agents.filter(\.canLogIn)
        agents = people.map { agent in
            AgentAccount(
                id: agent.id, name: agent.name, username: agent.username, email: agent.email, isAdmin: agent.isAdmin,
                teamIDs: agent.memberships.map(\.teamID), clientIDs: agent.clientRestrictions)
        }
        unassignedAgentID = Agent.unassignedID
        let admin = people.first(where: \.isAdmin)?.id ?? people.first?.id ?? Agent.unassignedID
        adminAgentID = admin
        narrowAgentID = people.first { agent in
            !agent.isAdmin && agent.clientRestrictions.isEmpty && agent.memberships.count == 1
                && !agent.memberships[0].unassignedAccess && !agent.memberships[0].otherAgentAccess && !agent.memberships[0].isManager
        }?.id ?? admin
        clientRestrictedAgentID = people.first { !$0.isAdmin && !$0.clientRestrictions.isEmpty }?.id ?? admin
        managerAgentID = people.first { !$0.isAdmin && $0.memberships.contains(where: \.isManager) }?.id ?? admin
        serviceApplication = OAuthApplication(
            clientID: Credentials.serviceClientID, clientSecret: Credentials.serviceClientSecret, kind: .service(agentID: admin))
        userApplication = OAuthApplication(
            clientID: Credentials.userClientID, clientSecret: Credentials.userClientSecret, kind: .authorizationCode)
    }

    /// The `/_sim/accounts` document.
    var json: JSONValue {
        [
            "unassigned_agent_id": .int(unassignedAgentID), "admin_agent_id": .int(adminAgentID),
            "narrow_agent_id": .int(narrowAgentID), "client_restricted_agent_id": .int(clientRestrictedAgentID),
            "manager_agent_id": .int(managerAgentID),
            "service_application": ["client_id": .string(serviceApplication.clientID), "client_secret": .string(serviceApplication.clientSecret), "grant_type": "client_credentials", "agent_id": .int(adminAgentID)],
            "user_application": ["client_id": .string(userApplication.clientID), "client_secret": .string(userApplication.clientSecret), "grant_type": "authorization_code", "secret_optional": true],
            "agents": .array(agents.map { agent in
                ["id": .int(agent.id), "name": .string(agent.name), "username": .string(agent.username), "email": .string(agent.email),
                 "is_admin": .bool(agent.isAdmin), "team_ids": .array(agent.teamIDs.map(JSONValue.int)),
                 "client_ids": .array(agent.clientIDs.map(JSONValue.int))]
            }),
        ]
    }
}
