import CoreMetrics
import Hummingbird
import NIOCore
import Prometheus
import Shared

/// `GET /metrics`: the process's figures in the Prometheus text format. The counters and histograms are
/// recorded where things happen; the gauges of state (sessions open, the rate-limit budget in use, the
/// served index) are read when scraped. With `HMCP_METRICS_TOKEN` set, a scrape must carry it as a
/// bearer token (compared in constant time); otherwise 401.
struct MetricsRoutes: Sendable {
    let token: String?
    let halo: any HaloAgentAPI
    let search: SearchServices?
    let streamableSessions: SessionRegistry<StreamableSession>
    let legacySessions: SessionRegistry<LegacySSESession>

    func addRoutes(to router: Router<ServeRequestContext>) {
        router.get("/metrics") { request, _ -> Response in
            guard isAuthorized(request) else {
                return Response(
                    status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\"", .cacheControl: "no-store"])
            }
            await recordState()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: MetricsBackend.registry.emitToBuffer())))
        }
    }

    private func isAuthorized(_ request: Request) -> Bool {
        guard let token else { return true }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return SecretDigest.constantTimeEquals(String(header.dropFirst("Bearer ".count)), token)
    }

    /// Sets the gauges of state from what the server holds now.
    private func recordState() async {
        Gauge(label: "hmcp_sessions_open", dimensions: [("transport", "streamable_http")]).record(await streamableSessions.count)
        Gauge(label: "hmcp_sessions_open", dimensions: [("transport", "sse")]).record(await legacySessions.count)
        let budget = halo.budgetUsage()
        Gauge(label: "hmcp_halo_rate_limit_in_use").record(budget.inUse)
        Gauge(label: "hmcp_halo_rate_limit").record(budget.limit)
        guard let search else { return }
        let (index, serving) = search.status()
        Gauge(label: "hmcp_search_available").record(search.availability == .ready ? 1 : 0)
        Gauge(label: "hmcp_index_version").record(serving.liveVersion ?? 0)
        Gauge(label: "hmcp_index_age_seconds").record(index.ageSeconds ?? 0)
        Gauge(label: "hmcp_index_queue_depth").record(index.queueDepth)
        Gauge(label: "hmcp_index_run_in_progress").record(index.runInProgress == nil ? 0 : 1)
    }
}
