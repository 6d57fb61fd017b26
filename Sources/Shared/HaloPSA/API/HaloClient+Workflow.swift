/// Workflows and outcomes: what a ticket can do next.
extension HaloClient {
    /// Every workflow (without steps).
    public func workflows(as credential: HaloCredential) async throws -> [Workflow] {
        let list: HaloList<Workflow> = try await getList("/Workflow", listKey: "workflows", as: credential)
        return list.records
    }

    /// One workflow with its steps, their transitions and the always-allowed outcomes.
    public func workflow(_ id: Int, as credential: HaloCredential) async throws -> Workflow {
        try await get("/Workflow/\(id)", query: [("includedetails", "true")], as: credential)
    }

    /// Outcomes, optionally narrowed to a ticket type / workflow / step context.
    public func outcomes(
        ticketTypeID: Int?, workflowID: Int?, workflowStep: Int?, as credential: HaloCredential
    ) async throws -> [Outcome] {
        var query: [(String, String)] = []
        if let ticketTypeID { query.append(("tickettype_id", String(ticketTypeID))) }
        if let workflowID { query.append(("workflow_id", String(workflowID))) }
        if let workflowStep { query.append(("workflow_step", String(workflowStep))) }
        let list: HaloList<Outcome> = try await getList("/Outcome", query: query, listKey: "outcomes", as: credential)
        return list.records
    }
}
