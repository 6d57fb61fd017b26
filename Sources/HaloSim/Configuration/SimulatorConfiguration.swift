import Logging

/// Everything a running simulator can be told: where to listen, what data to serve, how strict and
/// how unreliable to be. Every field has a default that gives a quiet, well-behaved on-premise Halo.
public struct SimulatorConfiguration: Sendable {
    /// Interface to bind (loopback by default).
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free port (read it back from `HaloSimulator.port`).
    public var port: Int = 0
    /// Seed of the deterministic data generator: the same seed gives the same data.
    public var seed: UInt64 = 42
    /// Number of generated tickets (ignored when `fixtureFile` is set).
    public var ticketCount: Int = 2000
    /// A JSON file in Halo's own shapes (`tickets`, `actions`, `agents`, `teams`, `clients`, …) to serve
    /// instead of generated data.
    public var fixtureFile: String? = nil
    /// Hosted mode when set: the `tenant` query parameter is required on `/auth/token` and `/auth/authorize`.
    public var tenant: String? = nil
    /// Status answered for a ticket detail the agent may not see (403 or 404).
    public var forbiddenTicketStatus: Int = 403
    /// Rolling-window rate limit on `/api/*`; off when nil.
    public var rateLimit: RateLimit? = nil
    /// Where ticket and action changes are POSTed; no webhooks when nil.
    public var webhook: WebhookTarget? = nil
    /// Lifetime of issued access tokens, in seconds.
    public var accessTokenLifetime: Int = 3600
    /// Faults injected into `/api/*` answers (also adjustable at `POST /_sim/faults`).
    public var faults: Faults = .none
    /// Behaviours of real HaloPSA that lose data unless a client handles them (`InferredBehaviour` #31–#33).
    public var quirks: Quirks = Quirks()
    /// Logger for the simulator and its HTTP server.
    public var logger: Logger

    /// A configuration with every default; `logger` defaults to a `halo-sim` logger at `.warning`.
    public init(logger: Logger? = nil) {
        if let logger {
            self.logger = logger
        } else {
            var fallback = Logger(label: "halo-sim")
            fallback.logLevel = .warning
            self.logger = fallback
        }
    }
}

/// A rolling-window request ceiling, as hosted Halo enforces per tenant ("N Requests per rolling 5 minute window").
public struct RateLimit: Sendable, Equatable {
    /// Requests allowed inside any window.
    public var requests: Int
    /// Window length in seconds (Halo's is 300).
    public var windowSeconds: Int
    /// Whether 429 answers carry a `Retry-After` header (unconfirmed for real Halo, so switchable).
    public var sendsRetryAfter: Bool

    /// A limit of `requests` per `windowSeconds`, with `Retry-After` on by default.
    public init(requests: Int, windowSeconds: Int = 300, sendsRetryAfter: Bool = true) {
        self.requests = requests
        self.windowSeconds = windowSeconds
        self.sendsRetryAfter = sendsRetryAfter
    }
}

/// Where and how webhook deliveries are sent.
public struct WebhookTarget: Sendable, Equatable {
    /// How the receiver authenticates a delivery.
    public enum Authentication: Sendable, Equatable {
        /// No authentication header.
        case none
        /// HTTP Basic authentication with this user and password.
        case basic(user: String, password: String)
        /// A `Token` header carrying base64(HMAC-SHA256(secret, raw body)).
        case hmac(secret: String)
    }

    /// Absolute `http(s)` URL receiving the POSTs.
    public var url: String
    /// Authentication of each delivery.
    public var authentication: Authentication
    /// Delivery attempts per event before it is dropped (with a log line).
    public var attempts: Int

    /// A target at `url` authenticated by `authentication`, tried up to `attempts` times.
    public init(url: String, authentication: Authentication, attempts: Int = 4) {
        self.url = url
        self.authentication = authentication
        self.attempts = attempts
    }
}

/// Unreliability injected into `/api/*` answers (and, for maintenance, every answer), for exercising client retries.
public struct Faults: Sendable, Equatable {
    /// Probability (0…1) that a request is answered 500 with a .NET-style error body.
    public var errorRate: Double
    /// Number of upcoming requests answered 429 regardless of the rate limit.
    public var burst429: Int
    /// Probability (0…1) that a request is answered 429 (with `retryAfter`) regardless of the rate limit.
    public var throttleRate: Double
    /// Milliseconds added before every answer.
    public var addedLatencyMs: Int
    /// Probability (0…1) that the connection is closed without an answer.
    public var dropRate: Double
    /// The `Retry-After` header sent with injected 429s, verbatim (seconds, an HTTP date, or anything a
    /// misbehaving HaloPSA or proxy might send, like `inf`); no header when nil.
    public var retryAfter: String?
    /// When set, every request outside `/_sim/` (the sign-in and token endpoints included) is answered
    /// with this status and an HTML maintenance page, as a HaloPSA instance being upgraded (or the
    /// proxy in front of it) answers.
    public var maintenanceStatus: Int?

    /// No faults at all.
    public static let none = Faults()

    /// Faults with the given settings; every parameter defaults to "off".
    public init(
        errorRate: Double = 0, burst429: Int = 0, throttleRate: Double = 0, addedLatencyMs: Int = 0, dropRate: Double = 0,
        retryAfter: String? = nil, maintenanceStatus: Int? = nil
    ) {
        self.errorRate = errorRate
        self.burst429 = burst429
        self.throttleRate = throttleRate
        self.addedLatencyMs = addedLatencyMs
        self.dropRate = dropRate
        self.retryAfter = retryAfter
        self.maintenanceStatus = maintenanceStatus
    }
}

/// Behaviours production integrations recorded on real HaloPSA tenants that lose data silently unless a
/// client handles them (each member says what was seen).
public struct Quirks: Sendable, Equatable {
    /// Rows `GET /api/Actions` returns when the request has no `count` (real HaloPSA stops at about 52;
    /// `record_count` still counts them all); nil lists every action.
    public var actionListCap: Int?
    /// Most rows `GET /api/Actions` returns even with a larger `count`; nil honours `count` in full. No
    /// tenant was seen doing this: it lets tests reach a client's "still short" path.
    public var actionCountCeiling: Int?
    /// Whether an action's status change and workflow move reach the ticket. Off reproduces the tenant where
    /// "the action lands but the status doesn't move", as one production client recorded.
    public var actionsChangeTicket: Bool
    /// Whether `GET /api/Tickets` ignores `ticketids` and answers as if it were absent. No tenant was seen
    /// doing this (the filter is documented but unconfirmed): it lets tests reach a client's fallback.
    public var ignoresTicketIDs: Bool

    /// Real HaloPSA's default action-list cap.
    public static let haloActionListCap = 52

    /// The default: the action-list cap on at HaloPSA's size, `count` honoured, actions moving tickets,
    /// `ticketids` honoured.
    public init(
        actionListCap: Int? = Quirks.haloActionListCap, actionCountCeiling: Int? = nil, actionsChangeTicket: Bool = true,
        ignoresTicketIDs: Bool = false
    ) {
        self.actionListCap = actionListCap
        self.actionCountCeiling = actionCountCeiling
        self.actionsChangeTicket = actionsChangeTicket
        self.ignoresTicketIDs = ignoresTicketIDs
    }
}
