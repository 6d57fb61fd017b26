import Foundation

/// Loads a dataset from a JSON file in Halo's own shapes, for tests that need exact data:
///
/// ```json
/// { "teams":   [{"id": 1, "name": "Service Desk", "department_id": 1, "department_name": "IT"}],
///   "agents":  [{"id": 2, "name": "Ann Admin", "email": "ann@x", "username": "ann", "is_admin": true,
///                "teams": [{"team_id": 1, "is_manager": false, "unassigned_access": true, "otheragent_access": false}],
///                "clients": [{"client_id": 3}]}],
///   "clients": [{"id": 1, "name": "Acme", "website": "https://acme.example", "is_vip": false, "notes": ""}],
///   "sites":   [{"id": 1, "client_id": 1, "name": "Head Office"}],
///   "users":   [{"id": 1, "client_id": 1, "site_id": 1, "name": "Jane Doe", "emailaddress": "jane@acme.example"}],
///   "assets":  [{"id": 1, "client_id": 1, "inventory_number": "A-1", "key_field": "fs01", "assettype_name": "Server"}],
///   "tickets": [{"id": 5, "summary": "…", "details_html": "<p>…</p>", "client_id": 1, "team_id": 1, "agent_id": 2,
///                "tickettype_id": 1, "status_id": 1, "dateoccurred": "2025-01-02T09:00:00", "asset_ids": [1]}],
///   "actions": [{"ticket_id": 5, "outcome_id": 2, "note": "…", "who_agentid": 2, "datetime": "…"}] }
/// ```
/// Only `teams`, `agents`, `clients` and `tickets` are required. Agent 1 ("Unassigned") is added when
/// absent; `team` (name) may replace `team_id`; omitted ticket fields take the ticket type's defaults.
/// Statuses, outcomes, workflows and ticket types are the simulator's own (`ReferenceData`).
enum FixtureLoader {
    /// Reads `path`; throws `SimulatorStartError` naming the file, the record and the problem.
    static func load(_ path: String) throws -> Dataset {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SimulatorStartError("fixture \(path): cannot read the file (\(error.localizedDescription))")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw SimulatorStartError("fixture \(path): not valid JSON")
        }
        do {
            return try FixtureReader(root: root).dataset()
        } catch let error as FixtureError {
            throw SimulatorStartError("fixture \(path): \(error.location): \(error.problem)")
        }
    }
}

/// A problem at one place of a fixture.
struct FixtureError: Error {
    var location: String
    var problem: String
}

/// Turns a fixture document into a dataset.
private struct FixtureReader {
    let root: JSONValue

    func dataset() throws -> Dataset {
        let teams = try records("teams", required: true).enumerated().map { index, item in
            Team(
                id: try int(item, "id", at: "teams[\(index)]"), name: try string(item, "name", at: "teams[\(index)]"),
                departmentID: item["department_id"]?.intValue ?? 1, departmentName: item["department_name"]?.stringValue ?? "IT",
                email: item["emailaddress"]?.stringValue ?? "team\(index + 1)")
        }
        let clients = try records("clients", required: true).enumerated().map { index, item in
            let name = try string(item, "name", at: "clients[\(index)]")
            let website = item["website"]?.stringValue ?? ""
            return Client(
                id: try int(item, "id", at: "clients[\(index)]"), name: name, website: website,
                domain: URL(string: website)?.host ?? name.lowercased().filter(\.isLetter) + ".example",
                isVIP: item["is_vip"]?.boolValue ?? false, notes: item["notes"]?.stringValue ?? "",
                colour: item["colour"]?.stringValue ?? "#2e86de", mainSiteID: item["main_site_id"]?.intValue ?? 0,
                accountManagerAgentID: item["accountmanagertech"]?.intValue ?? 0, primaryAgentID: item["pritech"]?.intValue ?? 0,
                inactive: item["inactive"]?.boolValue ?? false)
        }
        let sites = try records("sites").enumerated().map { index, item in
            Site(
                id: try int(item, "id", at: "sites[\(index)]"), clientID: try int(item, "client_id", at: "sites[\(index)]"),
                name: item["name"]?.stringValue ?? "Head Office", city: item["city"]?.stringValue ?? "")
        }
        let users = try records("users").enumerated().map { index, item in
            EndUser(
                id: try int(item, "id", at: "users[\(index)]"), clientID: try int(item, "client_id", at: "users[\(index)]"),
                siteID: item["site_id"]?.intValue ?? 0, name: try string(item, "name", at: "users[\(index)]"),
                email: item["emailaddress"]?.stringValue ?? item["email"]?.stringValue ?? "")
        }
        let assets = try records("assets").enumerated().map { index, item in
            Asset(
                id: try int(item, "id", at: "assets[\(index)]"), inventoryNumber: item["inventory_number"]?.stringValue ?? "",
                keyField: item["key_field"]?.stringValue ?? "", keyField2: item["key_field2"]?.stringValue ?? "",
                keyField3: item["key_field3"]?.stringValue ?? "", clientID: try int(item, "client_id", at: "assets[\(index)]"),
                siteID: item["site_id"]?.intValue ?? 0, username: item["username"]?.stringValue ?? "",
                assetTypeID: item["assettype_id"]?.intValue ?? 0, assetTypeName: item["assettype_name"]?.stringValue ?? "")
        }
        var agents = try records("agents", required: true).enumerated().map { index, item in try agent(item, at: "agents[\(index)]") }
        if !agents.contains(where: { $0.id == Agent.unassignedID }) {
            agents.insert(
                Agent(
                    id: Agent.unassignedID, name: "Unassigned", firstName: "Unassigned", surname: "", username: "unassigned",
                    email: "", isAdmin: false, isAPIAgent: false, memberships: [], clientRestrictions: [], disabled: true),
                at: 0)
        }
        let organisation = Organisation(clients: clients, sites: sites, users: users, assets: assets, teams: teams, agents: agents)
        var tickets: [Ticket] = []
        for (index, item) in try records("tickets", required: true).enumerated() {
            tickets.append(try ticket(item, at: "tickets[\(index)]", organisation: organisation))
        }
        let actions = try self.actions(tickets: &tickets, organisation: organisation)
        return Dataset(organisation: organisation, tickets: tickets, actions: actions)
    }

    private func agent(_ item: JSONValue, at location: String) throws -> Agent {
        let name = try string(item, "name", at: location)
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        let email = item["email"]?.stringValue ?? ""
        let memberships = try (item["teams"]?.elements ?? []).enumerated().map { index, team in
            TeamMembership(
                teamID: try int(team, "team_id", at: "\(location).teams[\(index)]"), isManager: team["is_manager"]?.boolValue ?? false,
                unassignedAccess: team["unassigned_access"]?.boolValue ?? false,
                otherAgentAccess: team["otheragent_access"]?.boolValue ?? false)
        }
        return Agent(
            id: try int(item, "id", at: location), name: name, firstName: item["firstname"]?.stringValue ?? parts.first ?? name,
            surname: item["surname"]?.stringValue ?? (parts.count > 1 ? parts[1] : ""),
            username: item["username"]?.stringValue ?? (email.isEmpty ? name.lowercased().replacingOccurrences(of: " ", with: ".") : String(email.prefix { $0 != "@" })),
            email: email, isAdmin: item["is_admin"]?.boolValue ?? item["isadmin"]?.boolValue ?? false,
            isAPIAgent: item["isapiagent"]?.boolValue ?? false, memberships: memberships,
            clientRestrictions: (item["clients"]?.elements ?? []).compactMap { $0["client_id"]?.intValue },
            disabled: item["isdisabled"]?.boolValue ?? false)
    }

    private func ticket(_ item: JSONValue, at location: String, organisation: Organisation) throws -> Ticket {
        let typeID = item["tickettype_id"]?.intValue ?? ReferenceData.TicketTypeID.incident
        guard let type = ReferenceData.ticketType(typeID) else { throw FixtureError(location: location, problem: "unknown tickettype_id \(typeID)") }
        let clientID = try int(item, "client_id", at: location)
        guard organisation.client(clientID) != nil else { throw FixtureError(location: location, problem: "unknown client_id \(clientID)") }
        let teamID = item["team_id"]?.intValue ?? item["team"]?.stringValue.flatMap { organisation.team(named: $0)?.id } ?? type.defaultTeamID
        guard organisation.team(teamID) != nil else { throw FixtureError(location: location, problem: "unknown team \(teamID)") }
        let agentID = item["agent_id"]?.intValue ?? Agent.unassignedID
        guard organisation.agent(agentID) != nil else { throw FixtureError(location: location, problem: "unknown agent_id \(agentID)") }
        let opened = try date(item, "dateoccurred", at: location) ?? TicketGenerator.anchor
        let lastAction = try date(item, "lastactiondate", at: location) ?? opened
        let workflowID = item["workflow_id"]?.intValue ?? type.workflowID
        let workflow = ReferenceData.workflow(workflowID)
        let history = try (item["workflow_history"]?.elements ?? []).enumerated().map { index, entry in
            WorkflowHistoryEntry(
                id: entry["id"]?.intValue ?? index + 1, flowID: entry["flow_id"]?.intValue ?? workflowID,
                movedFrom: entry["moved_from"]?.intValue ?? 0, movedTo: entry["moved_to"]?.intValue ?? 0,
                movedDate: try date(entry, "moved_date", at: "\(location).workflow_history[\(index)]") ?? lastAction,
                actionID: entry["action_id"]?.intValue ?? 0)
        }
        var ticket = Ticket(
            id: try int(item, "id", at: location), summary: try string(item, "summary", at: location),
            detailsHTML: item["details_html"]?.stringValue ?? item["details"]?.stringValue.map(TicketStory.html(fromNote:)) ?? "",
            statusID: item["status_id"]?.intValue ?? type.initialStatus, ticketTypeID: type.id,
            priorityID: item["priority_id"]?.intValue ?? type.defaultPriority, clientID: clientID,
            siteID: item["site_id"]?.intValue ?? 0, userID: item["user_id"]?.intValue ?? 0, teamID: teamID, agentID: agentID,
            category1: item["category_1"]?.stringValue ?? "", dateOccurred: opened,
            dateCreated: try date(item, "datecreated", at: location) ?? opened, dateClosed: try date(item, "dateclosed", at: location),
            lastActionDate: lastAction, lastUpdate: try date(item, "last_update", at: location) ?? lastAction, workflowID: workflowID,
            workflowStep: item["workflow_step"]?.intValue ?? workflow?.startStep?.stepID ?? 1,
            workflowStepStarted: try date(item, "workflow_stepstarted", at: location) ?? lastAction, workflowHistory: history,
            hasBeenClosed: item["hasbeenclosed"]?.boolValue ?? false)
        ticket.deleted = item["deleted"]?.boolValue ?? false
        ticket.assetIDs = (item["asset_ids"]?.elements ?? []).compactMap(\.intValue)
        ticket.customFields = (item["customfields"]?.elements ?? []).enumerated().compactMap { index, field in
            guard let name = field["name"]?.stringValue else { return nil }
            let value = field["value"].map { $0.stringValue ?? $0.serialized() } ?? ""
            return CustomFieldValue(id: field["id"]?.intValue ?? index + 1, name: name, label: field["label"]?.stringValue ?? name, value: value)
        }
        if ReferenceData.status(ticket.statusID)?.isClosed == true { ticket.hasBeenClosed = true }
        return ticket
    }

    private func actions(tickets: inout [Ticket], organisation: Organisation) throws -> [Int: [Action]] {
        var byTicket: [Int: [Action]] = [:]
        let ticketIndex = Dictionary(tickets.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, item) in try records("actions").enumerated() {
            let location = "actions[\(index)]"
            let ticketID = try int(item, "ticket_id", at: location)
            guard let position = ticketIndex[ticketID] else { throw FixtureError(location: location, problem: "unknown ticket_id \(ticketID)") }
            let outcome = item["outcome_id"]?.intValue.flatMap(ReferenceData.outcome)
                ?? item["outcome"]?.stringValue.flatMap(ReferenceData.outcome(named:))
            guard let outcome else { throw FixtureError(location: location, problem: "unknown or missing outcome") }
            let author = item["who_agentid"]?.intValue.flatMap(organisation.agent)
            let html = item["note_html"]?.stringValue ?? item["note"]?.stringValue.map(TicketStory.html(fromNote:)) ?? ""
            let ticket = tickets[position]
            let existing = byTicket[ticketID] ?? []
            let action = Action(
                id: item["id"]?.intValue ?? (existing.map(\.id).max() ?? 0) + 1, ticketID: ticketID, outcomeID: outcome.id,
                outcomeName: outcome.name, who: item["who"]?.stringValue ?? author?.name ?? "End User",
                whoType: item["who_type"]?.intValue ?? (author == nil ? 2 : 1), whoAgentID: author?.id,
                time: try date(item, "datetime", at: location) ?? ticket.lastActionDate,
                note: item["note"]?.stringValue ?? GeneratedActions.plainText(ofHTML: html), noteHTML: html,
                hiddenFromUser: item["hiddenfromuser"]?.boolValue ?? outcome.hideFromUser,
                important: item["important"]?.boolValue ?? false, timeTaken: item["timetaken"]?.doubleValue ?? 0,
                oldStatus: item["old_status"]?.intValue ?? ticket.statusID, newStatus: item["new_status"]?.intValue ?? ticket.statusID)
            byTicket[ticketID] = existing + [action]
        }
        for ticket in tickets where byTicket[ticket.id] == nil { byTicket[ticket.id] = [] }
        return byTicket
    }

    private func records(_ key: String, required: Bool = false) throws -> [JSONValue] {
        guard let value = root[key] else {
            if required { throw FixtureError(location: key, problem: "missing (an array is required)") }
            return []
        }
        guard let elements = value.elements else { throw FixtureError(location: key, problem: "must be an array") }
        for (index, element) in elements.enumerated() where element.members == nil {
            throw FixtureError(location: "\(key)[\(index)]", problem: "must be an object")
        }
        return elements
    }

    private func int(_ item: JSONValue, _ key: String, at location: String) throws -> Int {
        guard let value = item[key]?.intValue else { throw FixtureError(location: location, problem: "\(key) must be an integer") }
        return value
    }

    private func string(_ item: JSONValue, _ key: String, at location: String) throws -> String {
        guard let value = item[key]?.stringValue, !value.isEmpty else { throw FixtureError(location: location, problem: "\(key) must be a non-empty string") }
        return value
    }

    private func date(_ item: JSONValue, _ key: String, at location: String) throws -> Int? {
        guard let value = item[key], value != .null else { return nil }
        guard let text = value.stringValue, let time = HaloDate.parse(text) else {
            throw FixtureError(location: location, problem: "\(key) is not a date")
        }
        return time
    }
}
