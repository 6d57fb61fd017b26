import MCP
import Shared

/// Tools over HaloPSA's reference data: the ids other tools take.
enum ReferenceTools {
    /// This family's tools.
    static let all = [listStatuses, listTeams, listTicketTypes]

    /// `list_statuses`: ticket statuses.
    static let listStatuses = ToolDefinition(
        name: "list_statuses",
        title: "List ticket statuses",
        description: """
            Lists HaloPSA's ticket statuses: id, name and kind (open, pending = on hold / waiting, closed). Use \
            the ids with list_tickets (status_id), update_ticket and create_action (new_status_id). Takes no arguments.
            """,
        inputSchema: Schema.input(),
        outputSchema: Schema.object(
            [
                "statuses": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer(), "name": Schema.string(),
                            "kind": Schema.oneOf(["open", "pending", "closed"]),
                        ], required: ["id", "name"]))
            ], required: ["statuses"]),
        annotations: .readOnly("List ticket statuses")
    ) { _, context in
        let statuses = try await context.withHalo { halo, credential in try await halo.statuses(as: credential) }
        let ordered = statuses.sorted { ($0.sequence ?? $0.id, $0.id) < ($1.sequence ?? $1.id, $1.id) }
        return try ToolOutput.value([
            "statuses": ordered.map { ReferenceEntry(id: $0.id, name: $0.name ?? "Status \($0.id)", kind: kind(ofStatusType: $0.type)) }
        ])
    }

    /// `list_teams`: the teams the caller can see.
    static let listTeams = ToolDefinition(
        name: "list_teams",
        title: "List teams",
        description: """
            Lists the HaloPSA teams you can see: id, name, department and whether it is inactive. Use the ids \
            with list_tickets (team_id), create_ticket and update_ticket. Takes no arguments.
            """,
        inputSchema: Schema.input(),
        outputSchema: Schema.object(
            [
                "teams": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer(), "name": Schema.string(), "department": Schema.string(),
                            "inactive": Schema.boolean(),
                        ], required: ["id", "name"]))
            ], required: ["teams"]),
        annotations: .readOnly("List teams")
    ) { _, context in
        let teams = try await context.withHalo { halo, credential in try await halo.teams(as: credential) }
        return try ToolOutput.value([
            "teams": teams.map { team in
                ReferenceEntry(
                    id: team.id, name: team.name ?? "Team \(team.id)", department: team.departmentName.nonBlank,
                    inactive: team.inactive == true ? true : nil)
            }
        ])
    }

    /// `list_ticket_types`: ticket types with their default workflow.
    static let listTicketTypes = ToolDefinition(
        name: "list_ticket_types",
        title: "List ticket types",
        description: """
            Lists HaloPSA's ticket types (Incident, Service Request, Problem, ...): id, name, the workflow their \
            tickets follow, and whether agents may pick the type. Use the ids with list_tickets \
            (ticket_type_id), create_ticket and update_ticket. Takes no arguments.
            """,
        inputSchema: Schema.input(),
        outputSchema: Schema.object(
            [
                "ticket_types": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer(), "name": Schema.string(), "workflow": Schema.string(),
                            "agents_can_select": Schema.boolean(),
                        ], required: ["id", "name"]))
            ], required: ["ticket_types"]),
        annotations: .readOnly("List ticket types")
    ) { _, context in
        let types = try await context.withHalo { halo, credential in try await halo.ticketTypes(as: credential) }
        return try ToolOutput.value([
            "ticket_types": types.filter { $0.inactive != true }.map { type in
                ReferenceEntry(
                    id: type.id, name: type.name ?? "Type \(type.id)", workflow: type.workflowName.nonBlank,
                    agentsCanSelect: type.agentsCanSelect)
            }
        ])
    }

    /// HaloPSA's status `type`: 0 open, 1 closed, 2 pending.
    private static func kind(ofStatusType type: Int?) -> String? {
        switch type {
        case 0: "open"
        case 1: "closed"
        case 2: "pending"
        default: nil
        }
    }
}

/// One status, team or ticket type in a reference list: its id and name, and the members of its kind.
struct ReferenceEntry: Encodable {
    let id: Int
    let name: String
    var kind: String?
    var department: String?
    var inactive: Bool?
    var workflow: String?
    var agentsCanSelect: Bool?
}
