import Foundation
import Hummingbird

/// Everything the routes share: the data, the simulator's time, the authorisation server, the admin-adjustable knobs and the
/// webhook emitter.
struct SimulatorServices: Sendable {
    let store: HelpdeskStore
    /// The simulator's "now", which `/_sim/clock` moves.
    let time: SimulatedTime
    let authorization: AuthorizationServer
    let accounts: SeededAccounts
    let stats: RequestStats
    let faults: FaultInjector
    let rateLimiter: RateLimiter
    let webhooks: WebhookEmitter?
    /// Hosted-mode tenant name, enforced on `/auth/*`.
    let tenant: String?
    /// 403 or 404 for records the caller may not see.
    let forbiddenStatus: Int
    /// Real HaloPSA's data-losing behaviours, as configured.
    let quirks: Quirks

    var tickets: TicketRepresentation { TicketRepresentation(store: store) }
    var organisation: OrganisationRepresentation { OrganisationRepresentation(organisation: store.organisation) }

    /// The HTTP error for a store refusal.
    func httpError(_ error: StoreError) -> HaloHTTPError {
        HaloHTTPError.from(error, forbiddenStatus: forbiddenStatus)
    }

    /// Reports changes to the webhook receiver, if one is configured.
    func publish(_ events: [ChangeEvent]) {
        guard let webhooks else { return }
        for event in events { webhooks.enqueue(event, ticket: tickets.webhookObject(event.ticket)) }
    }
}

/// Small helpers shared by the route files.
enum HTTPSupport {
    /// Largest request body accepted.
    static let maximumBody = 4 * 1024 * 1024

    /// A JSON answer.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// An HTML answer.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The decoded query parameters of a request.
    static func query(_ request: Request) -> QueryParameters {
        QueryParameters(FormEncoding.pairs(request.uri.query ?? ""))
    }

    /// The body as text.
    static func bodyText(_ request: Request) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBody)
        return String(buffer: buffer)
    }

    /// The body as the items of a Halo upsert: a JSON array, or a single object taken as a one-item array.
    /// Returns the items and whether the caller sent an array.
    static func upsertItems(_ request: Request, invalid: (String) -> HaloHTTPError) async throws -> [JSONValue] {
        let text = try await bodyText(request)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid("The request body is empty.") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(text.utf8))
        } catch {
            throw invalid("The request body is not valid JSON.")
        }
        switch value {
        case .array(let items): return items
        case .object: return [value]
        default: throw invalid("The request body must be a JSON array of objects.")
        }
    }

    /// A path parameter as an integer (400 when malformed).
    static func id(_ context: SimulatorContext, _ name: String = "id") throws -> Int {
        guard let value = context.parameters.get(name), let id = Int(value) else {
            throw HaloHTTPError.validation("The value '\(context.parameters.get(name) ?? "")' is not a valid id.")
        }
        return id
    }

    /// Refuses with 403 unless the caller's scopes allow `area` (see `ScopeCheck`).
    static func requireScope(_ principal: Principal, area: String?, write: Bool) throws {
        guard ScopeCheck.allows(principal.claims.scopes, area: area, write: write) else {
            throw HaloHTTPError.missingScope(area ?? "the API")
        }
    }

    /// The answer to an upsert: one object for one item, an array for several (`InferredBehaviour` #7).
    static func upsertAnswer(_ values: [JSONValue]) -> Response {
        json(values.count == 1 ? values[0] : .array(values))
    }

    /// A paged or unpaged list envelope following Halo's paging rules.
    static func envelope(key: String, rows: [JSONValue], total: Int, paging: (pageNumber: Int, pageSize: Int)?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let paging { members += [("page_no", .int(paging.pageNumber)), ("page_size", .int(paging.pageSize))] }
        members += [("record_count", .int(total)), (key, .array(rows))]
        return .object(members)
    }
}
