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
        inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
        outputSchema: [
            "type": "object",
            "properties": [
                "id": ["type": "integer", "description": "The agent id."],
                "name": ["type": "string"],
                "email": ["type": "string"],
                "team": ["type": "string", "description": "Primary team."],
                "teams": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "id": ["type": "integer"], "name": ["type": "string"], "role": ["type": "string"],
                            "is_manager": ["type": "boolean"],
                        ],
                        "required": ["id", "name"],
                    ],
                ],
                "roles": ["type": "array", "items": ["type": "string"]],
                "client_restrictions": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": ["id": ["type": "integer"], "name": ["type": "string"]],
                        "required": ["id"],
                    ],
                ],
            ],
            "required": ["id", "name", "teams", "roles", "client_restrictions"],
        ],
        annotations: .init(
            title: "Who am I in HaloPSA", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false)
    ) { _, context in
        context.reportProgress(0, total: 1, message: "Asking HaloPSA who you are")
        let agent = try await context.withHalo { halo, credential in try await halo.me(as: credential) }
        context.reportProgress(1, total: 1, message: "HaloPSA answered")
        context.log(.info, "get_me: HaloPSA agent \(agent.id)")
        return trimmed(agent)
    }

    /// The agent without HaloPSA's dozens of other fields.
    static func trimmed(_ agent: Agent) -> Value {
        var object: [String: Value] = [
            "id": .int(agent.id),
            "name": .string(agent.name ?? [agent.firstName, agent.surname].compactMap { $0 }.joined(separator: " ")),
            "teams": .array(
                (agent.teams ?? []).compactMap { team in
                    guard let id = team.teamID else { return nil }
                    var entry: [String: Value] = ["id": .int(id), "name": .string(team.teamName ?? "")]
                    if let role = team.roleName { entry["role"] = .string(role) }
                    if let manager = team.isManager { entry["is_manager"] = .bool(manager) }
                    return .object(entry)
                }),
            "roles": .array((agent.roles ?? []).compactMap { $0.name.map(Value.string) }),
            "client_restrictions": .array(
                (agent.clients ?? []).compactMap { client in
                    guard let id = client.clientID else { return nil }
                    var entry: [String: Value] = ["id": .int(id)]
                    if let name = client.clientName { entry["name"] = .string(name) }
                    return .object(entry)
                }),
        ]
        if let email = agent.email { object["email"] = .string(email) }
        if let team = agent.team { object["team"] = .string(team) }
        return .object(object)
    }
}
