/// Every `HMCP_*` variable hmcp understands: the seed project's table plus what hmcp's design adds.
///
/// This table is the single source for loading, `--help`, redaction and `.env.example`.
public enum ConfigurationVariables {
    // HaloPSA connection (the seed's required block).
    static let haloURL = ConfigurationVariable(
        "HMCP_HALO_URL", "HaloPSA instance URL, e.g. https://acme.halopsa.com (hosted) or https://psa.example.com (on-premise)",
        requiredBy: [.serve, .index])
    static let haloClientID = ConfigurationVariable(
        "HMCP_HALO_CLIENT_ID", "HaloPSA API application client ID for user logins (Authorization Code flow)",
        requiredBy: [.serve])
    static let haloClientSecret = ConfigurationVariable(
        "HMCP_HALO_CLIENT_SECRET", "Client secret of that application (leave empty for a native/public application)",
        secret: true)
    static let haloTenant = ConfigurationVariable(
        "HMCP_HALO_TENANT", "Tenant name for hosted HaloPSA; leave empty for on-premise")
    /// Scopes requested for user logins (`HMCP_HALO_SCOPE`).
    public static let haloScope = ConfigurationVariable(
        "HMCP_HALO_SCOPE", "Scopes requested for user logins", default: "all offline_access")
    /// HaloPSA requests per window (`HMCP_HALO_RATE_LIMIT`).
    public static let haloRateLimit = ConfigurationVariable(
        "HMCP_HALO_RATE_LIMIT", "Client-side limit: HaloPSA requests per window, shared by all calls to one tenant", default: "250")
    /// Seconds of that window (`HMCP_HALO_RATE_WINDOW`).
    public static let haloRateWindow = ConfigurationVariable(
        "HMCP_HALO_RATE_WINDOW", "Length of that window in seconds", default: "300")
    /// Seconds one HaloPSA request may take (`HMCP_HALO_TIMEOUT`).
    public static let haloTimeout = ConfigurationVariable(
        "HMCP_HALO_TIMEOUT", "Timeout of one HaloPSA request in seconds", default: "30")
    /// Retries of a failed HaloPSA request (`HMCP_HALO_MAX_RETRIES`).
    public static let haloMaxRetries = ConfigurationVariable(
        "HMCP_HALO_MAX_RETRIES", "Retries of a HaloPSA request after a 429, 5xx or timeout", default: "4")
    static let haloConcurrency = ConfigurationVariable(
        "HMCP_HALO_CONCURRENCY", "Concurrent HaloPSA requests of the indexer", default: "4")
    static let haloSharedBudget = ConfigurationVariable(
        "HMCP_HALO_SHARED_BUDGET",
        "true makes every hmcp process using this data directory share one HaloPSA request budget (budget.sqlite)",
        default: "true")
    static let indexerBudgetShare = ConfigurationVariable(
        "HMCP_INDEXER_BUDGET_SHARE", "Percent of the HaloPSA request budget the indexer may use while users are active",
        default: "50")

    // The server.
    static let encryptionKey = ConfigurationVariable(
        "HMCP_ENCRYPTION_KEY", "Key (32+ characters) from which the AES-256-GCM key for stored HaloPSA tokens is derived",
        requiredBy: [.serve], secret: true)
    static let encryptionKeyPrevious = ConfigurationVariable(
        "HMCP_ENCRYPTION_KEY_PREVIOUS", "The key before a rotation: only used to decrypt tokens sealed with it", secret: true)
    static let publicDomain = ConfigurationVariable(
        "HMCP_PUBLIC_DOMAIN", "Public domain of this server (seed name), e.g. mcp.example.com; https is assumed")
    static let publicURL = ConfigurationVariable(
        "HMCP_PUBLIC_URL", "Public origin of this server, e.g. https://mcp.example.com (wins over HMCP_PUBLIC_DOMAIN)")
    /// Bind address of hmcp-serve (`HMCP_HOST`).
    public static let host = ConfigurationVariable("HMCP_HOST", "Bind address of hmcp-serve", default: "0.0.0.0")
    /// Listen port of hmcp-serve (`HMCP_PORT`).
    public static let port = ConfigurationVariable("HMCP_PORT", "Listen port of hmcp-serve", default: "8080")
    static let databaseURL = ConfigurationVariable(
        "HMCP_DATABASE_URL", "State database (OAuth clients, sessions, sealed tokens): sqlite:PATH; default DATA_DIR/state.sqlite")
    static let allowedOrigins = ConfigurationVariable(
        "HMCP_ALLOWED_ORIGINS", "Comma-separated browser origins allowed to call the server (the public origin is always allowed)")
    /// Seconds an idle MCP session lives (`HMCP_SESSION_IDLE_SECONDS`).
    public static let sessionIdleSeconds = ConfigurationVariable(
        "HMCP_SESSION_IDLE_SECONDS", "An MCP session without a request for this many seconds is closed", default: "3600")
    /// Lifetime of an MCP access token (`HMCP_ACCESS_TOKEN_TTL`).
    public static let accessTokenTTL = ConfigurationVariable(
        "HMCP_ACCESS_TOKEN_TTL", "Lifetime of an MCP access token in seconds", default: "3600")
    /// Lifetime of an MCP refresh token (`HMCP_REFRESH_TOKEN_TTL`).
    public static let refreshTokenTTL = ConfigurationVariable(
        "HMCP_REFRESH_TOKEN_TTL", "Lifetime of an MCP refresh token in seconds", default: "2592000")
    /// Whether writing tools are hidden (`HMCP_READ_ONLY`).
    public static let readOnly = ConfigurationVariable(
        "HMCP_READ_ONLY", "true hides every tool that writes to HaloPSA", default: "false")
    static let tools = ConfigurationVariable(
        "HMCP_TOOLS", "Comma-separated allowlist of tool names; empty means all tools")
    /// Seconds a visibility answer is cached (`HMCP_PERMISSION_CACHE_TTL`).
    public static let permissionCacheTTL = ConfigurationVariable(
        "HMCP_PERMISSION_CACHE_TTL", "Seconds a per-user ticket visibility check is cached", default: "60")
    /// Visibility checks at once per search (`HMCP_PERMISSION_CONCURRENCY`).
    public static let permissionConcurrency = ConfigurationVariable(
        "HMCP_PERMISSION_CONCURRENCY", "Concurrent visibility checks per search", default: "8")
    static let searchCandidateCap = ConfigurationVariable(
        "HMCP_SEARCH_CANDIDATE_CAP", "Most candidates one semantic search checks against the caller's HaloPSA permissions",
        default: "\(PermissionFilter.defaultCandidateCap)")
    /// Seconds after which a search starts no new permission check (`HMCP_SEARCH_DEADLINE_SECONDS`).
    public static let searchDeadline = ConfigurationVariable(
        "HMCP_SEARCH_DEADLINE_SECONDS", "A semantic search starts no new permission check after this many seconds", default: "20")
    /// Sign-in requests per minute per client address (`HMCP_SIGNIN_RATE_LIMIT`).
    public static let signInRateLimit = ConfigurationVariable(
        "HMCP_SIGNIN_RATE_LIMIT", "POST /register and GET /authorize requests one client address may make per minute; more get 429",
        default: "20")
    /// Whether the client address comes from `X-Forwarded-For` (`HMCP_TRUST_FORWARDED_FOR`).
    public static let trustForwardedFor = ConfigurationVariable(
        "HMCP_TRUST_FORWARDED_FOR", "true takes the client address from X-Forwarded-For (only behind a reverse proxy that sets it)",
        default: "false")
    /// Most MCP sessions open at once (`HMCP_MAX_SESSIONS`).
    public static let maxSessions = ConfigurationVariable(
        "HMCP_MAX_SESSIONS", "Most MCP sessions open at once (both transports); more get 503", default: "1000")
    /// Most MCP sessions per agent (`HMCP_MAX_SESSIONS_PER_AGENT`).
    public static let maxSessionsPerAgent = ConfigurationVariable(
        "HMCP_MAX_SESSIONS_PER_AGENT", "Most MCP sessions one HaloPSA agent may hold open; more get 503", default: "20")
    static let metricsToken = ConfigurationVariable(
        "HMCP_METRICS_TOKEN", "Bearer token GET /metrics requires; empty leaves /metrics open (protect it at the proxy then)",
        secret: true)

    // Semantic search and the indexer.
    static let semanticSearch = ConfigurationVariable(
        "HMCP_SEMANTIC_SEARCH", "Enable the semantic search tools", default: "true")
    static let embedderURL = ConfigurationVariable(
        "HMCP_EMBEDDER_URL", "Seed's embedder sidecar URL: accepted but unused, hmcp embeds queries in-process")
    static let embedClientID = ConfigurationVariable(
        "HMCP_EMBED_CLIENT_ID", "Service account client ID used by the indexer (Client Credentials flow)",
        requiredBy: [.index])
    static let embedClientSecret = ConfigurationVariable(
        "HMCP_EMBED_CLIENT_SECRET", "Service account client secret", requiredBy: [.index], secret: true)
    static let embedTenant = ConfigurationVariable(
        "HMCP_EMBED_TENANT", "Service account tenant (hosted only); defaults to HMCP_HALO_TENANT")
    /// Scope of the service account token (`HMCP_EMBED_SCOPE`).
    public static let embedScope = ConfigurationVariable(
        "HMCP_EMBED_SCOPE", "Scope of the service account token (without it HaloPSA grants no read rights)", default: "all")
    static let webhookSecret = ConfigurationVariable(
        "HMCP_WEBHOOK_SECRET", "HaloPSA webhook secret: the Basic auth password or the HMAC key of the Token header", secret: true)
    static let webhookUsername = ConfigurationVariable(
        "HMCP_WEBHOOK_USERNAME", "Basic auth user name HaloPSA sends with webhooks (Basic mode)", default: "halopsa")
    static let webhookHost = ConfigurationVariable(
        "HMCP_WEBHOOK_HOST", "Bind address of the webhook listener", default: "0.0.0.0")
    static let webhookPort = ConfigurationVariable(
        "HMCP_WEBHOOK_PORT", "Listen port of the webhook listener", default: "8081")
    static let webhookDebounce = ConfigurationVariable(
        "HMCP_WEBHOOK_DEBOUNCE_SECONDS", "Quiet time after a webhook before the incremental run starts", default: "20")
    static let embedProvider = ConfigurationVariable(
        "HMCP_EMBED_PROVIDER", "Embedding provider: local, openai or ollama", default: "local")
    static let embedModel = ConfigurationVariable(
        "HMCP_EMBED_MODEL",
        "Model: for local a directory or a name under models/ (default all-MiniLM-L6-v2); otherwise the provider's model name")
    static let embedAPIKey = ConfigurationVariable(
        "HMCP_EMBED_API_KEY", "API key for the openai provider", secret: true)
    /// Base URL of an OpenAI-compatible provider (`HMCP_EMBED_API_URL`).
    public static let embedAPIURL = ConfigurationVariable(
        "HMCP_EMBED_API_URL", "Base URL of an OpenAI-compatible API (POST {url}/embeddings)",
        default: "https://api.openai.com/v1")
    /// Base URL of Ollama (`HMCP_EMBED_OLLAMA_URL`).
    public static let embedOllamaURL = ConfigurationVariable(
        "HMCP_EMBED_OLLAMA_URL", "Ollama base URL (POST {url}/api/embed)", default: "http://127.0.0.1:11434")
    /// Texts per embedding batch (`HMCP_EMBED_BATCH_SIZE`).
    public static let embedBatchSize = ConfigurationVariable(
        "HMCP_EMBED_BATCH_SIZE", "Texts per embedding batch", default: "32")
    static let embedMaxLength = ConfigurationVariable(
        "HMCP_EMBED_MAX_LENGTH", "Maximum tokens per text for the local model (default: the model's own, e.g. 256 for all-MiniLM-L6-v2, 512 for bge)")
    static let embedThreads = ConfigurationVariable(
        "HMCP_EMBED_THREADS", "Threads of the local model (default: one per processor)")
    /// The local model's arithmetic (`HMCP_EMBED_PRECISION`).
    public static let embedPrecision = ConfigurationVariable(
        "HMCP_EMBED_PRECISION",
        "Arithmetic of the local model: auto (int8 where the CPU has AVX-512 VNNI, else fp32), fp32 or int8", default: "auto")
    static let embedDimension = ConfigurationVariable(
        "HMCP_EMBED_DIMENSION", "Vector width of a remote model hmcp does not know (else asked of the provider once)")
    static let embedQueryPrefix = ConfigurationVariable(
        "HMCP_EMBED_QUERY_PREFIX",
        "Text put before every question, e.g. \"query: \" for E5 models (default: the model folder's prompts.query, else none)")
    static let embedDocumentPrefix = ConfigurationVariable(
        "HMCP_EMBED_DOCUMENT_PREFIX",
        "Text put before every ticket chunk, e.g. \"passage: \" for E5 models (default: the model folder's prompts.document or prompts.passage, else none)")
    static let embedInputTypeQuery = ConfigurationVariable(
        "HMCP_EMBED_INPUT_TYPE_QUERY", "input_type sent with questions to the openai or ollama provider, e.g. query")
    static let embedInputTypeDocument = ConfigurationVariable(
        "HMCP_EMBED_INPUT_TYPE_DOCUMENT", "input_type sent with ticket chunks to the openai or ollama provider, e.g. passage or document")
    static let dataDir = ConfigurationVariable(
        "HMCP_DATA_DIR", "Folder for state.sqlite, queue.sqlite and index/", default: "./data")
    static let indexKeep = ConfigurationVariable(
        "HMCP_INDEX_KEEP", "Index versions kept on disk (the live one included)", default: "3")
    static let metricsTextfile = ConfigurationVariable(
        "HMCP_METRICS_TEXTFILE",
        "File hmcp-index replaces after each run with its figures, for node_exporter's textfile collector (a *.prom path); empty: none")

    // Both programs.
    /// Seconds an idle HTTP connection lives (`HMCP_HTTP_IDLE_TIMEOUT_SECONDS`).
    public static let httpIdleTimeout = ConfigurationVariable(
        "HMCP_HTTP_IDLE_TIMEOUT_SECONDS", "An HTTP connection with no request in progress this long is closed (server and webhook listener)",
        default: "60")
    static let logLevel = ConfigurationVariable(
        "HMCP_LOG_LEVEL", "trace, debug, info, notice, warning, error or critical", default: "info")

    /// Every variable, in the order `.env.example` lists them.
    public static let all: [ConfigurationVariable] = [
        haloURL, haloClientID, haloClientSecret, haloTenant, haloScope,
        haloRateLimit, haloRateWindow, haloTimeout, haloMaxRetries, haloConcurrency, haloSharedBudget, indexerBudgetShare,
        encryptionKey, encryptionKeyPrevious, publicDomain, publicURL, host, port, databaseURL,
        allowedOrigins, sessionIdleSeconds, accessTokenTTL, refreshTokenTTL, readOnly, tools,
        permissionCacheTTL, permissionConcurrency, searchCandidateCap, searchDeadline, signInRateLimit, trustForwardedFor, maxSessions, maxSessionsPerAgent, metricsToken,
        semanticSearch, embedderURL, embedClientID, embedClientSecret, embedTenant, embedScope,
        webhookSecret, webhookUsername, webhookHost, webhookPort, webhookDebounce,
        embedProvider, embedModel, embedAPIKey, embedAPIURL, embedOllamaURL,
        embedBatchSize, embedMaxLength, embedThreads, embedPrecision, embedDimension,
        embedQueryPrefix, embedDocumentPrefix, embedInputTypeQuery, embedInputTypeDocument, dataDir, indexKeep, metricsTextfile,
        httpIdleTimeout, logLevel,
    ]

    /// The variable called `name`, if hmcp knows it.
    public static func named(_ name: String) -> ConfigurationVariable? {
        all.first { $0.name == name }
    }
}
