import MCP
import Shared

/// The semantic-search tools: search by meaning, tickets like a ticket, the index's state, and
/// re-embed requests for the indexer. Every hit is checked with the caller's own HaloPSA token before
/// it is returned; nothing of a ticket the caller may not see leaves the server.
enum SearchTools {
    /// This family's tools.
    static let all = [semanticSearch, findSimilarTickets, embeddingStatus, reembed]

    /// Their names (left out of `tools/list` when semantic search is off).
    static let names = Set(all.map(\.name))

    private static let limit = Schema.integer("How many tickets to return (default 10, at most 50).", minimum: 1, maximum: 50)

    /// `semantic_search`: tickets whose meaning is closest to a question.
    static let semanticSearch = ToolDefinition(
        name: "semantic_search",
        title: "Search tickets by meaning",
        description: """
            Finds HaloPSA tickets whose summary, details or actions mean the same as your query, even when they \
            use other words (for example "users cannot print" finds "printer queue stuck"). Use it to find earlier \
            tickets about a problem, how it was solved, or duplicates. Write the query as a sentence or a few \
            descriptive words. Only tickets you are allowed to see in HaloPSA are returned, best first, each with \
            the best matching part as a snippet and a link. Error codes, host names, versions and ticket numbers \
            in the query are also matched exactly (mode hybrid, the default); mode semantic ranks by meaning only, \
            mode keyword by words only. Optional filters: client_id, team_id, status_id, open_only. For ticket \
            fields (status, agent, dates) use list_tickets instead.
            """,
        inputSchema: Schema.input(
            [
                "query": Schema.string("What to look for, in plain words.", minLength: 1, maxLength: 2000),
                "limit": limit,
                "mode": Schema.oneOf(
                    SearchMode.allCases.map(\.rawValue),
                    description: "hybrid (default): meaning, plus exact identifiers; semantic: meaning only; keyword: words only."),
                "client_id": Schema.id("Only tickets of this client."),
                "team_id": Schema.id("Only tickets of this team."),
                "status_id": Schema.id("Only tickets in this status."),
                "open_only": Schema.boolean("Only tickets that are open."),
            ], required: ["query"]),
        outputSchema: SearchResultsOutput.schema,
        annotations: .readOnly("Search tickets by meaning")
    ) { arguments, context in
        let services = try context.searchServices()
        let searcher = try services.searcher()
        let query = arguments.string("query") ?? ""
        guard query.contains(where: { !$0.isWhitespace }) else {
            throw ToolFailure("The query is blank. Describe the problem you are looking for in a few words.")
        }
        let filter = SearchFilter(
            clientIDs: arguments.integer("client_id").map { [$0] }, teamIDs: arguments.integer("team_id").map { [$0] },
            statusIDs: arguments.integer("status_id").map { [$0] }, openOnly: arguments.bool("open_only") ?? false)
        let limit = arguments.integer("limit") ?? 10
        let mode = arguments.string("mode").flatMap(SearchMode.init(rawValue:)) ?? .default
        return try await context.withHalo { halo, credential in
            let scope = try await services.scope(ofAgent: context.caller.agentID, halo: halo, credential: credential)
            let results = try await searching {
                // Within a search only the permission checks reach HaloPSA.
                try await HaloRequestPurpose.$current.withValue(.permissionCheck) {
                    try await searcher.search(
                        query, limit: limit, mode: mode, filter: scope.narrowing(filter), user: "\(context.caller.agentID)",
                        check: services.checks.check(halo: halo, credential: credential))
                }
            }
            context.log(.info, "semantic_search: \(results.hits.count) visible tickets from index v\(results.indexVersion)")
            return try ToolOutput.value(SearchResultsOutput(results))
        }
    }

    /// `find_similar_tickets`: tickets most like a given one.
    static let findSimilarTickets = ToolDefinition(
        name: "find_similar_tickets",
        title: "Find tickets similar to a ticket",
        description: """
            Finds the tickets most similar in meaning to one ticket (its summary, details and actions are compared \
            with every other ticket's), best first; the ticket itself is left out. Use it to spot duplicates, \
            recurring problems, or how a similar problem was solved before. You must be allowed to see the ticket; \
            only tickets you may see are returned. Optional: limit, open_only.
            """,
        inputSchema: Schema.input(
            [
                "ticket_id": Schema.id("The ticket to compare with."),
                "limit": limit,
                "open_only": Schema.boolean("Only tickets that are open."),
            ], required: ["ticket_id"]),
        outputSchema: SearchResultsOutput.schema,
        annotations: .readOnly("Find tickets similar to a ticket")
    ) { arguments, context in
        let services = try context.searchServices()
        let searcher = try services.searcher()
        let ticketID = arguments.integer("ticket_id") ?? 0
        let filter = SearchFilter(openOnly: arguments.bool("open_only") ?? false, excludedTicketIDs: [ticketID])
        let limit = arguments.integer("limit") ?? 10
        return try await context.withHalo { halo, credential in
            let scope = try await services.scope(ofAgent: context.caller.agentID, halo: halo, credential: credential)
            let results = try await searching {
                try await HaloRequestPurpose.$current.withValue(.permissionCheck) {
                    try await searcher.similar(
                        toTicket: ticketID, limit: limit, filter: scope.narrowing(filter), user: "\(context.caller.agentID)",
                        check: services.checks.check(halo: halo, credential: credential))
                }
            }
            return try ToolOutput.value(SearchResultsOutput(results))
        }
    }

    /// `reembed`: asks the indexer to embed a ticket (or everything) again.
    static let reembed = ToolDefinition(
        name: "reembed",
        title: "Ask the indexer to re-embed",
        description: """
            Queues a ticket (ticket_id) or the whole helpdesk (all: true) to be embedded again by the indexer, for \
            example after a ticket changed and semantic search still shows the old text. Give exactly one of \
            ticket_id or all. The server does not change the index itself: the indexer picks the request up on its \
            next run (see embedding_status for the queue). You must be allowed to see the ticket; all: true is for \
            HaloPSA administrators only.
            """,
        inputSchema: Schema.input([
            "ticket_id": Schema.id("The ticket to re-embed."),
            "all": Schema.boolean("Re-embed every ticket (a full indexer run)."),
        ]),
        outputSchema: Schema.object(
            [
                "target": Schema.string("What was queued."),
                "queued": Schema.boolean("False when the same request was already waiting."),
                "queue_depth": Schema.integer(),
            ], required: ["target", "queued", "queue_depth"]),
        annotations: .init(
            title: "Ask the indexer to re-embed", readOnlyHint: false, destructiveHint: false, idempotentHint: true,
            openWorldHint: false)
    ) { arguments, context in
        let services = try context.searchServices()
        let target: ReembedQueue.Target
        switch (arguments.integer("ticket_id"), arguments.bool("all") ?? false) {
        case (let id?, false):
            _ = try await context.withHalo { halo, credential in
                try await RecordAccess.ticket(id) { try await halo.ticket(id, as: credential) }
            }
            target = .ticket(id)
        case (nil, true):
            guard try await callerIsAdministrator(context) else {
                throw ToolFailure(
                    "Only HaloPSA administrators can queue a re-embed of every ticket. Re-embed one ticket with ticket_id, or ask an administrator.")
            }
            target = .all
        default:
            throw ToolFailure("Give exactly one of ticket_id (one ticket) or all: true (every ticket).")
        }
        let queued = try services.queue.enqueue(target, source: "mcp:agent:\(context.caller.agentID)")
        return try ToolOutput.value(ReembedOutput(target: target.description, queued: queued, queueDepth: try services.queue.depth()))
    }

    /// Whether HaloPSA reports the caller as an administrator, asked with the caller's own token on each
    /// call (not cached: a demotion counts at once; both callers are rare and cheap to check).
    static func callerIsAdministrator(_ context: ToolContext) async throws -> Bool {
        try await context.withHalo { halo, credential in try await halo.me(as: credential) }.isAdministrator
    }

    /// Runs a search, turning its own failures into messages for the model.
    private static func searching(
        _ body: () async throws -> SemanticSearch.Results
    ) async throws -> SemanticSearch.Results {
        do {
            return try await body()
        } catch let failure as SemanticSearch.Failure {
            throw ToolFailure(failure.description.prefix(1).uppercased() + failure.description.dropFirst() + ".")
        }
    }
}

/// `reembed`'s result.
struct ReembedOutput: Encodable {
    let target: String
    let queued: Bool
    let queueDepth: Int
}
