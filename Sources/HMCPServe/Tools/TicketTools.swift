import MCP
import Shared

/// Tools over tickets: list, search, read, create and update.
enum TicketTools {
    /// This family's tools, reading ones first.
    static let all = [listTickets, searchTickets, getTicket, createTicket, updateTicket]

    /// `list_tickets`: one page of tickets matching filters, newest activity first.
    static let listTickets = ToolDefinition(
        name: "list_tickets",
        title: "List tickets",
        description: """
            Lists HaloPSA tickets you can see, most recently active first, one page at a time, with the total \
            number of matches. Filter by assigned agent (your own id comes from get_me), team, client, status, \
            ticket type, open tickets only, or a keyword. Rows are compact (id, summary, status, type, priority, \
            client, team, agent, dates); call get_ticket for a ticket's full text and what it can do next. Ids \
            for the filters come from list_statuses, list_teams, list_ticket_types and get_client.
            """,
        inputSchema: Schema.input(
            [
                "agent_id": Schema.id("Only tickets assigned to this agent."),
                "team_id": Schema.id("Only tickets of this team."),
                "client_id": Schema.id("Only tickets of this client."),
                "status_id": Schema.id("Only tickets in this status."),
                "ticket_type_id": Schema.id("Only tickets of this ticket type."),
                "open_only": Schema.boolean("Only tickets that are not closed (default false)."),
                "keyword": Schema.string("Only tickets whose summary or details contain this text.", minLength: 1, maxLength: 200),
            ].merging(Schema.paging(defaultSize: 25, maximumSize: 100)) { first, _ in first }),
        outputSchema: TicketPageOutput.schema,
        annotations: .readOnly("List tickets")
    ) { arguments, context in
        var query = TicketQuery()
        query.agentID = arguments.integer("agent_id")
        query.teamIDs = arguments.integer("team_id").map { [$0] } ?? []
        query.clientID = arguments.integer("client_id")
        query.statusID = arguments.integer("status_id")
        query.ticketTypeID = arguments.integer("ticket_type_id")
        query.openOnly = arguments.bool("open_only") ?? false
        query.search = arguments.string("keyword")
        return try await TicketPageOutput.fetch(query, arguments: arguments, defaultSize: 25, context: context)
    }

    /// `search_tickets`: keyword search over summaries and details (optionally the actions too).
    static let searchTickets = ToolDefinition(
        name: "search_tickets",
        title: "Search tickets",
        description: """
            Searches HaloPSA tickets you can see for words in their summary and details, and with \
            include_actions also in their notes and e-mails. Returns compact rows, most recently active first, \
            one page at a time with the total. Use it to find tickets about a subject or by a phrase a customer \
            used; use list_tickets to filter by agent, team, client, status or type instead.
            """,
        inputSchema: Schema.input(
            [
                "query": Schema.string("The words to look for.", minLength: 2, maxLength: 200),
                "include_actions": Schema.boolean("Also search the tickets' notes and e-mails (default false)."),
                "open_only": Schema.boolean("Only tickets that are not closed (default false)."),
            ].merging(Schema.paging(defaultSize: 20, maximumSize: 50)) { first, _ in first },
            required: ["query"]),
        outputSchema: TicketPageOutput.schema,
        annotations: .readOnly("Search tickets")
    ) { arguments, context in
        var query = TicketQuery()
        query.search = arguments.string("query")
        query.searchActions = arguments.bool("include_actions") ?? false
        query.openOnly = arguments.bool("open_only") ?? false
        return try await TicketPageOutput.fetch(query, arguments: arguments, defaultSize: 20, context: context)
    }

    /// `get_ticket`: one ticket in full, with what it can do next.
    static let getTicket = ToolDefinition(
        name: "get_ticket",
        title: "Get a ticket",
        description: """
            Returns one HaloPSA ticket in full: summary, details as plain text, status, type, priority, client, \
            site, end user, team, agent, dates, workflow step, custom fields with a value, and available_actions: \
            the workflow actions valid at its current step (run one with execute_workflow_action). Read its \
            history with list_actions.
            """,
        inputSchema: Schema.input(["ticket_id": Schema.id("The ticket id.")], required: ["ticket_id"]),
        outputSchema: Schema.object(
            [
                "ticket": TicketOutput.detailSchema,
                "available_actions": AvailableActions.schema,
                "available_actions_error": Schema.string("Why the available actions could not be read."),
            ], required: ["ticket"]),
        annotations: .readOnly("Get a ticket")
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        return try await context.withHalo { halo, credential in
            let ticket = try await RecordAccess.ticket(id) { try await halo.ticket(id, as: credential) }
            var output = TicketDetailOutput(ticket: .detail(ticket))
            do {
                output.availableActions = try await AvailableActions.load(for: ticket, halo: halo, as: credential).output
            } catch {
                output.availableActionsError = ToolErrorMessage.describe(error).message
            }
            return try ToolOutput.value(output)
        }
    }

    /// `create_ticket`: logs a new ticket.
    static let createTicket = ToolDefinition(
        name: "create_ticket",
        title: "Create a ticket",
        description: """
            Logs a new HaloPSA ticket for a client and returns it. Summary and client_id are required; HaloPSA \
            fills what is left out from the ticket type's defaults. Ids come from list_ticket_types, list_teams, \
            get_me, and tickets of the same client (client_id, site_id, user_id). Details are plain text. Each \
            call creates another ticket, so do not repeat a call that succeeded.
            """,
        inputSchema: Schema.input(
            [
                "summary": Schema.string("One-line title.", minLength: 1, maxLength: 250),
                "details": Schema.string("The description, plain text.", maxLength: 20_000),
                "ticket_type_id": Schema.id("Ticket type (default: HaloPSA's default type)."),
                "client_id": Schema.id("The client (customer) it is for."),
                "site_id": Schema.id("The client's site."),
                "user_id": Schema.id("The end user (customer contact) who reported it."),
                "agent_id": Schema.id("Assign to this agent."),
                "team_id": Schema.id("Assign to this team."),
                "priority_id": Schema.id("Priority id."),
                "category": Schema.string("Category, e.g. Network>VPN.", maxLength: 200),
            ], required: ["summary", "client_id"]),
        outputSchema: Schema.object(["ticket": TicketOutput.detailSchema], required: ["ticket"]),
        annotations: .init(
            title: "Create a ticket", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    ) { arguments, context in
        var ticket = NewTicket(summary: try arguments.requiredString("summary"))
        ticket.details = arguments.string("details")
        ticket.ticketTypeID = arguments.integer("ticket_type_id")
        ticket.clientID = arguments.integer("client_id")
        ticket.siteID = arguments.integer("site_id")
        ticket.userID = arguments.integer("user_id")
        ticket.agentID = arguments.integer("agent_id")
        ticket.teamID = arguments.integer("team_id")
        ticket.priorityID = arguments.integer("priority_id")
        ticket.category1 = arguments.string("category")
        let draft = ticket
        return try await context.withHalo { halo, credential in
            if let type = draft.ticketTypeID { try await ReferenceCheck.ticketType(type, halo: halo, as: credential) }
            let created = try await halo.createTicket(draft, as: credential)
            context.log(.info, "create_ticket: created ticket \(created.id)")
            return try ToolOutput.value(TicketDetailOutput(ticket: .detail(created)))
        }
    }

    /// `update_ticket`: changes only the fields given.
    static let updateTicket = ToolDefinition(
        name: "update_ticket",
        title: "Update a ticket",
        description: """
            Changes fields of an existing HaloPSA ticket: only the fields you pass change, the rest stay as they \
            are. Returns the ticket as saved. To add a note or reply use create_action; to move the ticket \
            through its workflow use get_available_actions and execute_workflow_action rather than setting a \
            status here. Ids come from list_statuses, list_ticket_types, list_teams, get_client and get_me.
            """,
        inputSchema: Schema.input(
            [
                "ticket_id": Schema.id("The ticket to change."),
                "summary": Schema.string("New one-line title.", minLength: 1, maxLength: 250),
                "details": Schema.string("New description, plain text (replaces the old one).", maxLength: 20_000),
                "status_id": Schema.id("New status."),
                "ticket_type_id": Schema.id("New ticket type."),
                "client_id": Schema.id("New client."),
                "agent_id": Schema.id("Reassign to this agent (1 = unassigned)."),
                "team_id": Schema.id("Move to this team."),
                "priority_id": Schema.id("New priority."),
                "category": Schema.string("New category.", maxLength: 200),
            ], required: ["ticket_id"]),
        outputSchema: Schema.object(
            ["ticket": TicketOutput.detailSchema, "changed": Schema.array(Schema.string(), description: "The fields sent.")],
            required: ["ticket", "changed"]),
        annotations: .init(
            title: "Update a ticket", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        var changes = TicketChanges(id: id)
        changes.summary = arguments.string("summary")
        changes.details = arguments.string("details")
        changes.statusID = arguments.integer("status_id")
        changes.ticketTypeID = arguments.integer("ticket_type_id")
        changes.clientID = arguments.integer("client_id")
        changes.agentID = arguments.integer("agent_id")
        changes.teamID = arguments.integer("team_id")
        changes.priorityID = arguments.integer("priority_id")
        changes.category1 = arguments.string("category")
        guard !changes.isEmpty else {
            throw ToolFailure(
                "Nothing to change: pass at least one field besides ticket_id (summary, details, status_id, "
                    + "ticket_type_id, client_id, agent_id, team_id, priority_id or category).")
        }
        let changed = arguments.values.keys.filter { $0 != "ticket_id" }.sorted()
        let update = changes
        return try await context.withHalo { halo, credential in
            if let status = update.statusID { try await ReferenceCheck.status(status, halo: halo, as: credential) }
            if let type = update.ticketTypeID { try await ReferenceCheck.ticketType(type, halo: halo, as: credential) }
            let saved = try await RecordAccess.ticket(id) { try await halo.updateTicket(update, as: credential) }
            return try ToolOutput.value(TicketDetailOutput(ticket: .detail(saved), changed: changed))
        }
    }
}

/// A page of tickets as `list_tickets` and `search_tickets` return it.
enum TicketPageOutput {
    /// Fetches the page the arguments ask for (`page`, `page_size`), after checking filter ids.
    static func fetch(_ filters: TicketQuery, arguments: ToolArguments, defaultSize: Int, context: ToolContext) async throws -> Value {
        var ordered = filters
        ordered.order = "lastactiondate"
        ordered.orderDescending = true
        let query = ordered
        let page = arguments.integer("page") ?? 1
        let size = arguments.integer("page_size") ?? defaultSize
        return try await context.withHalo { halo, credential in
            if let status = query.statusID { try await ReferenceCheck.status(status, halo: halo, as: credential) }
            if let type = query.ticketTypeID { try await ReferenceCheck.ticketType(type, halo: halo, as: credential) }
            let result = try await halo.tickets(query, page: page, pageSize: size, as: credential)
            return try ToolOutput.value(
                TicketListOutput(
                    tickets: result.tickets.map(TicketOutput.row), total: result.recordCount, page: result.pageNumber,
                    pageSize: result.pageSize, hasMore: result.hasMore))
        }
    }

    /// Schema of a page.
    static let schema = Schema.object(
        [
            "tickets": Schema.array(TicketOutput.rowSchema),
            "total": Schema.integer("How many tickets match in all."),
            "page": Schema.integer(), "page_size": Schema.integer(),
            "has_more": Schema.boolean("Whether a next page exists."),
        ], required: ["tickets", "total", "page", "page_size", "has_more"])
}

/// A ticket in full, as `get_ticket`, `create_ticket` and `update_ticket` return it.
struct TicketDetailOutput: Encodable {
    let ticket: TicketOutput
    var availableActions: AvailableActionsOutput?
    var availableActionsError: String?
    var changed: [String]?
}

/// A page of tickets, as `list_tickets` and `search_tickets` return it.
struct TicketListOutput: Encodable {
    let tickets: [TicketOutput]
    let total: Int
    let page: Int
    let pageSize: Int
    let hasMore: Bool
}
