/// How to reach one HaloPSA instance: where it is, how users and the service account log in, and how
/// politely to call it.
public struct HaloSettings: Sendable, Equatable {
    /// Instance URL without a trailing slash or `/api`, e.g. `https://acme.halopsa.com`.
    public var baseURL: String
    /// Hosted tenant name; `nil` for on-premise. Sent as `tenant=` on the auth server's URLs.
    public var tenant: String?
    /// The API application used for user logins (Authorization Code + PKCE).
    public var userClientID: String?
    /// Its secret, for a confidential application.
    public var userClientSecret: String?
    /// Scopes requested at user login.
    public var userScope: String
    /// The service account's application (Client Credentials), used by the indexer.
    public var serviceClientID: String?
    /// The service account's secret.
    public var serviceClientSecret: String?
    /// The service account's tenant when it differs from `tenant`.
    public var serviceTenant: String?
    /// Scope of the service token (`all`: without a scope HaloPSA grants no read rights).
    public var serviceScope: String
    /// Timeout of one HTTP request, in seconds.
    public var requestTimeout: Double
    /// Retries after a 429, a 5xx or a timeout.
    public var maxRetries: Int
    /// Requests allowed per `rateWindow` seconds for the whole tenant.
    public var rateLimit: Int
    /// The rate window, in seconds.
    public var rateWindow: Double
    /// Upper bound of one backoff sleep, in seconds.
    public var maxBackoff: Double
    /// The budget file shared with the other hmcp processes on the host; nil keeps the count in this process.
    public var sharedBudget: SharedBudgetSettings?

    /// Settings with hmcp's defaults for everything but the URL.
    public init(
        baseURL: String, tenant: String? = nil,
        userClientID: String? = nil, userClientSecret: String? = nil,
        userScope: String = ConfigurationVariables.haloScope.defaultValue(as: String.self),
        serviceClientID: String? = nil, serviceClientSecret: String? = nil, serviceTenant: String? = nil,
        serviceScope: String = ConfigurationVariables.embedScope.defaultValue(as: String.self),
        requestTimeout: Double = ConfigurationVariables.haloTimeout.defaultValue(as: Double.self),
        maxRetries: Int = ConfigurationVariables.haloMaxRetries.defaultValue(as: Int.self),
        rateLimit: Int = ConfigurationVariables.haloRateLimit.defaultValue(as: Int.self),
        rateWindow: Double = ConfigurationVariables.haloRateWindow.defaultValue(as: Double.self), maxBackoff: Double = 60
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.lowercased().hasSuffix("/api") { base.removeLast(4) }
        self.baseURL = base
        self.tenant = tenant.flatMap { $0.isEmpty ? nil : $0 }
        self.userClientID = userClientID
        self.userClientSecret = userClientSecret.flatMap { $0.isEmpty ? nil : $0 }
        self.userScope = userScope
        self.serviceClientID = serviceClientID
        self.serviceClientSecret = serviceClientSecret
        self.serviceTenant = serviceTenant.flatMap { $0.isEmpty ? nil : $0 }
        self.serviceScope = serviceScope
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
        self.maxBackoff = maxBackoff
    }

    /// `{baseURL}/api`.
    public var apiURL: String { baseURL + "/api" }

    /// Hosted instances have a tenant; on-premise ones do not.
    public var isHosted: Bool { tenant != nil }

    /// Identifies the tenant for the shared rate limiter.
    var tenantKey: String { baseURL.lowercased() + "#" + (tenant ?? "") }
}

/// Where the tenant's request budget is shared between hmcp processes, and who this process is.
public struct SharedBudgetSettings: Sendable, Equatable {
    /// The budget file (`budget.sqlite` in the data directory).
    public var path: String
    /// Interactive (`hmcp-serve`) or background (`hmcp-index`).
    public var role: SharedRequestBudget.Role
    /// The share of the window background work may use while users are active (0…1).
    public var backgroundShare: Double

    /// Settings for a process of `role` sharing the budget in `path`.
    public init(path: String, role: SharedRequestBudget.Role, backgroundShare: Double = 0.5) {
        self.path = path
        self.role = role
        self.backgroundShare = backgroundShare
    }
}

extension HaloSettings {
    /// Reads the `HMCP_HALO_*` and `HMCP_EMBED_CLIENT_*` variables.
    init(values: ConfigurationValues) throws {
        typealias V = ConfigurationVariables
        self.init(
            baseURL: try values.url(V.haloURL) ?? "",
            tenant: values.string(V.haloTenant),
            userClientID: values.string(V.haloClientID),
            userClientSecret: values.string(V.haloClientSecret),
            userScope: values.string(V.haloScope) ?? V.haloScope.defaultValue(as: String.self),
            serviceClientID: values.string(V.embedClientID),
            serviceClientSecret: values.string(V.embedClientSecret),
            serviceTenant: values.string(V.embedTenant),
            serviceScope: values.string(V.embedScope) ?? V.embedScope.defaultValue(as: String.self),
            requestTimeout: Double(try values.integer(V.haloTimeout, in: 1...600)),
            maxRetries: try values.integer(V.haloMaxRetries, in: 0...20),
            rateLimit: try values.integer(V.haloRateLimit, in: 1...100_000),
            rateWindow: Double(try values.integer(V.haloRateWindow, in: 1...86_400)))
    }
}
