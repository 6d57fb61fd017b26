import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Shared

/// `GET /health` (the process answers) and `GET /ready` (the state database is readable and HaloPSA
/// answers over HTTP). Neither needs authentication nor reveals configuration. The readiness checks
/// run at most once per ``readinessLifetime``, so hitting `/ready` does not hit HaloPSA each time.
/// When semantic search is on, `/ready` also says whether it can answer (`ready`, `no_index`,
/// `model_unavailable`); that check is reported, not required, since every other tool works without it.
struct HealthRoutes: Sendable {
    /// How long one readiness answer is served.
    static let readinessLifetime = Duration.seconds(5)

    private let readiness: CachedAnswer<[String: String]>
    private let search: SearchServices?

    /// Routes that check `store` and the HaloPSA of `haloSettings` (through `httpClient`), timed by
    /// `clock`, and report `search` when semantic search is on.
    init(
        store: any StateStore, haloSettings: HaloSettings, httpClient: HTTPClient, search: SearchServices?,
        clock: any InstantSource = ContinuousClock()
    ) {
        self.search = search
        readiness = CachedAnswer(lifetime: Self.readinessLifetime, clock: clock) {
            async let database = Self.databaseCheck(store)
            async let halo = Self.haloCheck(haloSettings, httpClient)
            return ["state_database": await database, "halopsa": await halo]
        }
    }

    private struct Status: Encodable {
        let status: String
        let checks: [String: String]?
    }

    /// Registers both routes.
    func addRoutes(to router: Router<ServeRequestContext>) {
        router.get("/health") { _, _ in Responses.json(Status(status: "ok", checks: nil), noStore: true) }
        router.get("/ready") { _, _ in await readinessResponse() }
    }

    private func readinessResponse() async -> Response {
        var checks = await readiness.value()
        let ready = checks.values.allSatisfy { $0 == "ok" }
        if let search { checks["semantic_search"] = search.availability.name }
        return Responses.json(
            Status(status: ready ? "ready" : "not ready", checks: checks), status: ready ? .ok : .serviceUnavailable,
            noStore: true)
    }

    private static func databaseCheck(_ store: any StateStore) async -> String {
        do {
            try await store.checkAvailable()
            return "ok"
        } catch {
            return "unavailable"
        }
    }

    /// Any HTTP answer from HaloPSA's discovery endpoint (even an error status) proves it is reachable.
    private static func haloCheck(_ haloSettings: HaloSettings, _ httpClient: HTTPClient) async -> String {
        do {
            let request = HTTPClientRequest(url: haloSettings.apiURL + "/authinfo")
            let response = try await httpClient.execute(request, timeout: .seconds(5))
            return response.status.code < 500 ? "ok" : "error \(response.status.code)"
        } catch {
            return "unreachable"
        }
    }
}
