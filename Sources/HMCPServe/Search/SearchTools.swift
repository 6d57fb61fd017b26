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

    private static let limitSchema: Value = [
        "type": "integer", "minimum": 1, "maximum": 50, "description": "How many tickets to return (default 10, at most 50).",
    ]

    private static let resultsSchema: Value = [
        "type": "object",
        "properties": [
            "index_version": ["type": "integer", "description": "The index version that answered."],
            "ranked_by": [
                "type": "string", "enum": ["cosine", "fused", "bm25"],
                "description": """
                    What ordered the results and what their score is: cosine similarity, the fused rank of meaning \
                    and exact identifiers (0…1, with the cosine beside it), or BM25 word relevance.
                    """,
            ],
            "results": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "ticket_id": ["type": "integer"],
                        "summary": ["type": "string"],
                        "status": ["type": "string"],
                        "client": ["type": "string"],
                        "team": ["type": "string"],
                        "open": ["type": "boolean", "description": "Open when the ticket was last indexed."],
                        "score": [
                            "type": "number",
                            "description": "The score ranked_by names; it never increases down the list.",
                        ],
                        "cosine": [
                            "type": "number",
                            "description": "Cosine similarity of the best matching part (−1…1), given when ranked_by is fused.",
                        ],
                        "matched_in": ["type": "string", "enum": ["summary", "details", "action"]],
                        "snippet": ["type": "string", "description": "The best matching part of the ticket."],
                        "private": [
                            "type": "boolean",
                            "description": "The snippet comes from a private note the customer does not see (never quote it to a customer).",
                        ],
                        "url": ["type": "string", "description": "The ticket in HaloPSA."],
                    ],
                    "required": ["ticket_id", "summary", "open", "score", "matched_in", "snippet", "private", "url"],
                ],
            ],
            "notice": [
                "type": "string",
                "description": "Set when the search stopped before finding every visible match; narrow the question.",
            ],
        ],
        "required": ["index_version", "ranked_by", "results"],
    ]

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
        inputSchema: [
            "type": "object",
            "properties": [
                "query": ["type": "string", "minLength": 1, "maxLength": 2000, "description": "What to look for, in plain words."],
                "limit": limitSchema,
                "mode": [
                    "type": "string", "enum": .array(SearchMode.allCases.map { .string($0.rawValue) }),
                    "description": "hybrid (default): meaning, plus exact identifiers; semantic: meaning only; keyword: words only.",
                ],
                "client_id": Schema.id("Only tickets of this client."),
                "team_id": Schema.id("Only tickets of this team."),
                "status_id": Schema.id("Only tickets in this status."),
                "open_only": ["type": "boolean", "description": "Only tickets that are open."],
            ],
            "required": ["query"],
            "additionalProperties": false,
        ],
        outputSchema: resultsSchema,
        annotations: .init(
            title: "Search tickets by meaning", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false)
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
            return value(of: results)
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
        inputSchema: [
            "type": "object",
            "properties": [
                "ticket_id": Schema.id("The ticket to compare with."),
                "limit": limitSchema,
                "open_only": ["type": "boolean", "description": "Only tickets that are open."],
            ],
            "required": ["ticket_id"],
            "additionalProperties": false,
        ],
        outputSchema: resultsSchema,
        annotations: .init(
            title: "Find tickets similar to a ticket", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false)
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
            return value(of: results)
        }
    }

    /// `embedding_status`: what the search index holds and how fresh it is.
    static let embeddingStatus = ToolDefinition(
        name: "embedding_status",
        title: "Search index status",
        description: """
            Reports the state of the semantic search index: whether search can answer now, the version this \
            server answers from, when it was built and how old it is, the embedding model, how many re-embed \
            requests wait for the indexer, the indexer run in progress (stage and ETA), how its last run went and \
            how much of the HaloPSA request budget is in use; HaloPSA administrators also see how many tickets and \
            parts it holds, the run's progress counts and why a version was refused or the model is not loaded. Use \
            it when semantic search results look stale or empty, semantic search says it is not available, or \
            searches are slow. Takes no arguments.
            """,
        inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
        outputSchema: [
            "type": "object",
            "properties": [
                "available": [
                    "type": "string", "enum": ["ready", "no_index", "model_unavailable"],
                    "description": "Whether semantic search can answer now: no_index until the indexer publishes a version, model_unavailable when this server could not load its query model.",
                ],
                "serving_version": ["type": "integer", "description": "The version this server answers from."],
                "published_version": ["type": "integer", "description": "The version the indexer published last."],
                "built_at": ["type": "string"],
                "age_seconds": ["type": "number"],
                "tickets": ["type": "integer", "description": "Indexed tickets (shown to HaloPSA administrators only)."],
                "rows": ["type": "integer", "description": "Indexed parts: summaries, details, actions (administrators only)."],
                "model": ["type": "string", "description": "The model the published index was built with."],
                "query_model": ["type": "string", "description": "The model this server embeds queries with."],
                "dimension": ["type": "integer"],
                "changes_up_to": ["type": "string", "description": "HaloPSA changes up to this time are indexed."],
                "queue_depth": ["type": "integer"],
                "last_run": [
                    "type": "object",
                    "properties": [
                        "succeeded": ["type": "boolean"], "finished_at": ["type": "string"],
                        "message": ["type": "string", "description": "The run's summary (administrators only)."],
                    ],
                    "required": ["succeeded", "finished_at"],
                ],
                "run_in_progress": [
                    "type": "object",
                    "properties": [
                        "stage": ["type": "string"], "started_at": ["type": "string"],
                        "eta_seconds": ["type": "number", "description": "Time the current stage still needs."],
                        "done": ["type": "integer", "description": "Items of the stage done (administrators only)."],
                        "total": ["type": "integer", "description": "Items of the stage (administrators only)."],
                    ],
                    "required": ["stage", "started_at"],
                ],
                "problem": [
                    "type": "string",
                    "description": "Why the published version is not served or the query model is not loaded, if so.",
                ],
                "halo_budget": [
                    "type": "object",
                    "description": "The tenant's HaloPSA request budget: requests started in the current window, of the limit.",
                    "properties": [
                        "in_use": ["type": "integer"], "limit": ["type": "integer"], "window_seconds": ["type": "integer"],
                        "indexer": ["type": "integer", "description": "Of in_use, the indexer's requests."],
                        "shared": ["type": "boolean", "description": "Every hmcp process on this host counts against it."],
                    ],
                    "required": ["in_use", "limit", "window_seconds", "shared"],
                ],
            ],
            "required": ["available", "query_model", "queue_depth"],
        ],
        annotations: .init(
            title: "Search index status", readOnlyHint: true, destructiveHint: false, idempotentHint: true,
            openWorldHint: false)
    ) { _, context in
        let services = try context.searchServices()
        let (index, serving) = services.status()
        let isAdministrator = (try? await callerIsAdministrator(context)) ?? false
        var object: [String: Value] = ["query_model": .string(services.modelID), "queue_depth": .int(index.queueDepth)]
        let availability = services.availability
        object["available"] = .string(availability.name)
        object["serving_version"] = serving.liveVersion.map(Value.int)
        object["published_version"] = index.liveVersion.map(Value.int)
        object["built_at"] = index.createdAt.map { .string(HaloDate.format($0)) }
        object["age_seconds"] = index.ageSeconds.map { .double($0.rounded()) }
        object["model"] = index.modelID.map(Value.string)
        object["dimension"] = index.dimension.map(Value.int)
        object["changes_up_to"] = index.highWaterMark.map { .string(HaloDate.format($0)) }
        // Index-wide figures, and reasons that name tickets and rows, are for administrators only.
        if isAdministrator {
            object["tickets"] = index.tickets.map(Value.int)
            object["rows"] = index.rows.map(Value.int)
        }
        if let run = index.lastRun {
            var lastRun: [String: Value] = ["succeeded": .bool(run.succeeded), "finished_at": .string(HaloDate.format(run.finishedAt))]
            if isAdministrator { lastRun["message"] = .string(run.message) }
            object["last_run"] = .object(lastRun)
        }
        if let run = index.runInProgress {
            var progress: [String: Value] = ["stage": .string(run.stage), "started_at": .string(HaloDate.format(run.startedAt))]
            progress["eta_seconds"] = run.etaSeconds.map { .double($0.rounded()) }
            if isAdministrator, run.total > 0 {
                progress["done"] = .int(run.done)
                progress["total"] = .int(run.total)
            }
            object["run_in_progress"] = .object(progress)
        }
        if case .modelUnavailable(let reason) = availability {
            let detail = isAdministrator ? ": \(reason)" : " (an administrator sees why)"
            object["problem"] = .string("this server could not load its query model \(services.modelID)\(detail)")
        } else if let rejected = serving.rejectedVersion, rejected != serving.liveVersion {
            let reason = isAdministrator ? ": \(serving.rejection ?? "")" : " (an administrator sees why)"
            object["problem"] = .string("version \(rejected) was refused, the previous one keeps serving\(reason)")
        } else if let problem = index.problem {
            object["problem"] = .string(isAdministrator ? problem : "the published index cannot be read (an administrator sees why)")
        }
        let budget = HaloBudgetStatus(context.halo.budgetUsage())
        var budgetObject: [String: Value] = [
            "in_use": .int(budget.inUse), "limit": .int(budget.limit), "window_seconds": .int(budget.windowSeconds),
            "shared": .bool(budget.shared),
        ]
        budgetObject["indexer"] = budget.indexer.map(Value.int)
        object["halo_budget"] = .object(budgetObject)
        return .object(object)
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
        inputSchema: [
            "type": "object",
            "properties": [
                "ticket_id": Schema.id("The ticket to re-embed."),
                "all": ["type": "boolean", "description": "Re-embed every ticket (a full indexer run)."],
            ],
            "additionalProperties": false,
        ],
        outputSchema: [
            "type": "object",
            "properties": [
                "target": ["type": "string", "description": "What was queued."],
                "queued": ["type": "boolean", "description": "False when the same request was already waiting."],
                "queue_depth": ["type": "integer"],
            ],
            "required": ["target", "queued", "queue_depth"],
        ],
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
        return [
            "target": .string(target.description), "queued": .bool(queued),
            "queue_depth": .int(try services.queue.depth()),
        ]
    }

    /// Whether HaloPSA reports the caller as an administrator, asked with the caller's own token on each
    /// call (not cached: a demotion counts at once; both callers are rare and cheap to check).
    private static func callerIsAdministrator(_ context: ToolContext) async throws -> Bool {
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

    private static func value(of results: SemanticSearch.Results) -> Value {
        var object: [String: Value] = [
            "index_version": .int(results.indexVersion),
            "ranked_by": .string(results.rankedBy.rawValue),
            "results": .array(
                results.hits.map { hit in
                    var object: [String: Value] = [
                        "ticket_id": .int(hit.ticketID), "summary": .string(hit.summary), "open": .bool(hit.isOpen),
                        "score": .double(hit.score), "matched_in": .string(hit.matchedIn), "snippet": .string(hit.snippet),
                        "private": .bool(hit.isPrivate), "url": .string(hit.url),
                    ]
                    object["status"] = hit.status.map(Value.string)
                    object["client"] = hit.client.map(Value.string)
                    object["team"] = hit.team.map(Value.string)
                    object["cosine"] = hit.cosine.map(Value.double)
                    return .object(object)
                }),
        ]
        object["notice"] = notice(results).map(Value.string)
        return .object(object)
    }

    /// What to tell the model when a bound stopped the search, or nil when it ran to the end.
    static func notice(_ results: SemanticSearch.Results) -> String? {
        switch results.stop {
        case nil:
            nil
        case .candidateCap:
            "Only the best \(results.examined) candidates were checked against your HaloPSA permissions, and fewer of them than asked for are visible to you. Narrow the question (client_id, team_id, status_id, open_only, or more specific words) to find more."
        case .deadline:
            "The search ran out of time checking your HaloPSA permissions after \(results.examined) candidates. Narrow the question (client_id, team_id, status_id, open_only, or more specific words), or try again."
        }
    }
}
