import MCP
import Shared

extension SearchTools {
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
        inputSchema: Schema.input(),
        outputSchema: EmbeddingStatusOutput.schema,
        annotations: .readOnly("Search index status")
    ) { _, context in
        let services = try context.searchServices()
        let isAdministrator = (try? await callerIsAdministrator(context)) ?? false
        return try ToolOutput.value(
            EmbeddingStatusOutput(
                services: services, budget: HaloBudgetStatus(context.halo.budgetUsage()), forAdministrator: isAdministrator))
    }
}

/// `embedding_status`'s result. Index-wide figures, and reasons that name tickets and rows, are for
/// HaloPSA administrators only.
struct EmbeddingStatusOutput: Encodable {
    /// How the indexer's last run went.
    struct LastRun: Encodable {
        let succeeded: Bool
        let finishedAt: String
        let message: String?
    }

    /// The indexer run in progress.
    struct RunInProgress: Encodable {
        let stage: String
        let startedAt: String
        let etaSeconds: Double?
        let done: Int?
        let total: Int?
    }

    let available: String
    let servingVersion: Int?
    let publishedVersion: Int?
    let builtAt: String?
    let ageSeconds: Double?
    let tickets: Int?
    let rows: Int?
    let model: String?
    let queryModel: String
    let dimension: Int?
    let changesUpTo: String?
    let queueDepth: Int
    let lastRun: LastRun?
    let runInProgress: RunInProgress?
    let problem: String?
    let haloBudget: HaloBudgetStatus

    /// The status of `services` and the request `budget`, as an administrator or another agent may see it.
    init(services: SearchServices, budget: HaloBudgetStatus, forAdministrator isAdministrator: Bool) {
        let (index, serving) = services.status()
        let availability = services.availability
        available = availability.name
        servingVersion = serving.liveVersion
        publishedVersion = index.liveVersion
        builtAt = index.createdAt.haloFormatted
        ageSeconds = index.ageSeconds.map { $0.rounded() }
        tickets = isAdministrator ? index.tickets : nil
        rows = isAdministrator ? index.rows : nil
        model = index.modelID
        queryModel = services.modelID
        dimension = index.dimension
        changesUpTo = index.highWaterMark.haloFormatted
        queueDepth = index.queueDepth
        lastRun = index.lastRun.map { run in
            LastRun(
                succeeded: run.succeeded, finishedAt: HaloDate.format(run.finishedAt),
                message: isAdministrator ? run.message : nil)
        }
        runInProgress = index.runInProgress.map { run in
            let counts = isAdministrator && run.total > 0
            return RunInProgress(
                stage: run.stage, startedAt: HaloDate.format(run.startedAt), etaSeconds: run.etaSeconds.map { $0.rounded() },
                done: counts ? run.done : nil, total: counts ? run.total : nil)
        }
        let seeWhy = " (an administrator sees why)"
        if case .modelUnavailable(let reason) = availability {
            problem = "this server could not load its query model \(services.modelID)\(isAdministrator ? ": \(reason)" : seeWhy)"
        } else if let rejected = serving.rejectedVersion, rejected != serving.liveVersion {
            let reason = isAdministrator ? ": \(serving.rejection ?? "")" : seeWhy
            problem = "version \(rejected) was refused, the previous one keeps serving\(reason)"
        } else if let indexProblem = index.problem {
            problem = isAdministrator ? indexProblem : "the published index cannot be read\(seeWhy)"
        } else {
            problem = nil
        }
        haloBudget = budget
    }

    /// The output schema.
    static let schema = Schema.object(
        [
            "available": Schema.oneOf(
                ["ready", "no_index", "model_unavailable"],
                description:
                    "Whether semantic search can answer now: no_index until the indexer publishes a version, model_unavailable when this server could not load its query model."
            ),
            "serving_version": Schema.integer("The version this server answers from."),
            "published_version": Schema.integer("The version the indexer published last."),
            "built_at": Schema.string(),
            "age_seconds": Schema.number(),
            "tickets": Schema.integer("Indexed tickets (shown to HaloPSA administrators only)."),
            "rows": Schema.integer("Indexed parts: summaries, details, actions (administrators only)."),
            "model": Schema.string("The model the published index was built with."),
            "query_model": Schema.string("The model this server embeds queries with."),
            "dimension": Schema.integer(),
            "changes_up_to": Schema.string("HaloPSA changes up to this time are indexed."),
            "queue_depth": Schema.integer(),
            "last_run": Schema.object(
                [
                    "succeeded": Schema.boolean(), "finished_at": Schema.string(),
                    "message": Schema.string("The run's summary (administrators only)."),
                ], required: ["succeeded", "finished_at"]),
            "run_in_progress": Schema.object(
                [
                    "stage": Schema.string(), "started_at": Schema.string(),
                    "eta_seconds": Schema.number("Time the current stage still needs."),
                    "done": Schema.integer("Items of the stage done (administrators only)."),
                    "total": Schema.integer("Items of the stage (administrators only)."),
                ], required: ["stage", "started_at"]),
            "problem": Schema.string("Why the published version is not served or the query model is not loaded, if so."),
            "halo_budget": Schema.object(
                [
                    "in_use": Schema.integer(), "limit": Schema.integer(), "window_seconds": Schema.integer(),
                    "indexer": Schema.integer("Of in_use, the indexer's requests."),
                    "shared": Schema.boolean("Every hmcp process on this host counts against it."),
                ], required: ["in_use", "limit", "window_seconds", "shared"],
                description: "The tenant's HaloPSA request budget: requests started in the current window, of the limit."),
        ], required: ["available", "query_model", "queue_depth"])
}
