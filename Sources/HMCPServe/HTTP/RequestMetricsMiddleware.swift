import CoreMetrics
import Hummingbird
import Shared

/// Counts every HTTP request by route and status (`hmcp_http_requests_total{route,status}`) and times
/// it until its answer's head (`hmcp_http_request_duration_seconds{route}`; an event stream stays open
/// longer). The route is the matched pattern (`/messages`, `/register/{id}`), `NotFound` when none matched,
/// so no path parameter, query or identifier becomes a label.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            Self.record(route: context.endpointPath, status: response.status.code, since: started)
            return response
        } catch {
            Self.record(route: context.endpointPath, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private static func record(route: String?, status: Int, since started: ContinuousClock.Instant) {
        let route = route ?? "NotFound"
        Counter(label: "hmcp_http_requests_total", dimensions: [("route", route), ("status", "\(status)")]).increment()
        Timer(label: "hmcp_http_request_duration_seconds", dimensions: [("route", route)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(started.duration(to: .now).nanoseconds)
    }
}
