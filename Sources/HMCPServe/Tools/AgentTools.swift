import MCP
import Shared

/// Tools about the calling agent.
enum AgentTools {
    /// This family's tools.
    static let all = [getMe]

    /// `get_me`: the agent the caller is signed in as (`GET /api/Agent/me` with their own token).
    static let getMe = ToolDefinition(
        name: "get_me",
        title: "Who am I in HaloPSA",
        description: """
            Returns the HaloPSA agent you are signed in as: id, name, email, primary team, team memberships \
            with roles, roles, and the clients the agent is restricted to (none listed: no restriction). \
            Use it to learn your own agent id (for example to list tickets assigned to you) or which teams' \
            tickets you can work on. Takes no arguments.
            """,
        inputSchema: Schema.input(),
        outputSchema: Schema.object(
            [
                "id": Schema.integer("The agent id."),
                "name": Schema.string(),
                "email": Schema.string(),
                "team": Schema.string("Primary team."),
                "teams": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer(), "name": Schema.string(), "role": Schema.string(),
                            "is_manager": Schema.boolean(),
                        ], required: ["id", "name"])),
                "roles": Schema.array(Schema.string()),
                "client_restrictions": Schema.array(
                    Schema.object(["id": Schema.integer(), "name": Schema.string()], required: ["id"])),
            ], required: ["id", "name", "teams", "roles", "client_restrictions"]),
        annotations: .readOnly("Who am I in HaloPSA")
    ) { _, context in
        context.reportProgress(0, total: 1, message: "Asking HaloPSA who you are")
        let agent = try await context.withHalo { halo, credential in try await halo.me(as: credential) }
        context.reportProgress(1, total: 1, message: "HaloPSA answered")
        context.log(.info, "get_me: HaloPSA agent \(agent.id)")
        return try ToolOutput.value(AgentOutput(agent))
    }
}

/// `get_me`'s result: the agent without HaloPSA's dozens of other fields.
struct AgentOutput: Encodable {
    /// A team the agent belongs to.
    struct Team: Encodable {
        let id: Int
        let name: String
        let role: String?
        let isManager: Bool?
    }

    /// A client the agent is restricted to.
    struct ClientRestriction: Encodable {
        let id: Int
        let name: String?
    }

    let id: Int
    let name: String
    let email: String?
    let team: String?
    let teams: [Team]
    let roles: [String]
    let clientRestrictions: [ClientRestriction]

    /// The output of `agent` (a name built from first name and surname when HaloPSA gives none).
    init(_ agent: Agent) {
        id = agent.id
        name = agent.name ?? [agent.firstName, agent.surname].compactMap { $0 }.joined(separator: " ")
        email = agent.email
        team = agent.team
        teams = (agent.teams ?? []).compactMap { team in
            team.teamID.map { Team(id: $0, name: team.teamName ?? "", role: team.roleName, isManager: team.isManager) }
        }
        roles = (agent.roles ?? []).compactMap(\.name)
        clientRestrictions = (agent.clients ?? []).compactMap { client in
            client.clientID.map { ClientRestriction(id: $0, name: client.clientName) }
        }
    }
}
