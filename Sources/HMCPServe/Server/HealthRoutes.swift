import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Shared

/// `GET /health` (the process answers) and `GET /ready` (the state database is readable and HaloPSA
/// answers over HTTP). Neither needs authentication nor reveals configuration.
struct HealthRoutes: Sendable {
    let store: any StateStore
    let haloSettings: HaloSettings
    let httpClient: HTTPClient

    private struct Status: Encodable {
        let status: String
        let checks: [String: String]?
    }

    /// Registers both routes.
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in Responses.json(Status(status: "ok", checks: nil), noStore: true) }
        router.get("/ready") { _, _ in await readiness() }
    }

    private func readiness() async -> Response {
        async let database = databaseCheck()
        async let halo = haloCheck()
        let checks = ["state_database": await database, "halopsa": await halo]
        let ready = checks.values.allSatisfy { $0 == "ok" }
        return Responses.json(
            Status(status: ready ? "ready" : "not ready", checks: checks), status: ready ? .ok : .serviceUnavailable,
            noStore: true)
    }

    private func databaseCheck() async -> String {
        do {
            try await store.checkAvailable()
            return "ok"
        } catch {
            return "unavailable"
        }
    }

    /// Any HTTP answer from HaloPSA's discovery endpoint (even an error status) proves it is reachable.
    private func haloCheck() async -> String {
        do {
            let request = HTTPClientRequest(url: haloSettings.apiURL + "/authinfo")
            let response = try await httpClient.execute(request, timeout: .seconds(5))
            return response.status.code < 500 ? "ok" : "error \(response.status.code)"
        } catch {
            return "unreachable"
        }
    }
}
