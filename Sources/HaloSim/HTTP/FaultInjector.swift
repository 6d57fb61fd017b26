import Hummingbird
import ServiceLifecycle
import Synchronization

/// Injected unreliability for `/api/*` (error rate, 429 bursts, latency, dropped connections), seeded so
/// a run is reproducible; adjustable while running through `POST /_sim/faults`.
final class FaultInjector: Sendable {
    /// What to do with one request.
    enum Verdict: Sendable, Equatable {
        case proceed
        case rateLimited(retryAfter: String?)
        case serverError
        case drop
    }

    private struct State {
        var faults: Faults
        var random: SplitMix64
    }

    private let state: Mutex<State>

    /// Starts with `faults`; draws come from a generator seeded with `seed`.
    init(faults: Faults, seed: UInt64) {
        state = Mutex(State(faults: faults, random: SplitMix64(seed: seed, stream: 9, item: 0)))
    }

    /// The current settings.
    var faults: Faults { state.withLock { $0.faults } }

    /// Replaces the settings.
    func update(_ faults: Faults) { state.withLock { $0.faults = faults } }

    /// Decides the fate of one request (consuming one burst 429 if any are left) and its added latency.
    func verdict() -> (Verdict, latencyMs: Int) {
        state.withLock { state in
            let latency = state.faults.addedLatencyMs
            if state.faults.burst429 > 0 {
                state.faults.burst429 -= 1
                return (.rateLimited(retryAfter: state.faults.retryAfter), latency)
            }
            if state.faults.dropRate > 0, state.random.chance(state.faults.dropRate) { return (.drop, latency) }
            if state.faults.errorRate > 0, state.random.chance(state.faults.errorRate) { return (.serverError, latency) }
            if state.faults.throttleRate > 0, state.random.chance(state.faults.throttleRate) {
                return (.rateLimited(retryAfter: state.faults.retryAfter), latency)
            }
            return (.proceed, latency)
        }
    }
}

/// Applies `FaultInjector` verdicts. A dropped connection is an answer whose body fails after the head
/// promised content, which makes the server close the connection mid-response.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let injector: FaultInjector

    /// Thrown inside a response body to cut the connection.
    struct DroppedConnection: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (verdict, latency) = injector.verdict()
        // Added latency ends early when the simulator stops, so a stop never waits it out.
        if latency > 0 { try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(latency)) } }
        switch verdict {
        case .proceed: return try await next(request, context)
        case .rateLimited(let retryAfter): throw HaloHTTPError.rateLimited(limit: 300, retryAfter: retryAfter)
        case .serverError: throw HaloHTTPError.injectedFault
        case .drop:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(contentLength: 64) { _ in
                throw DroppedConnection()
            })
        }
    }
}

/// Answers everything but the simulator's own `/_sim/` routes with an HTML maintenance page while
/// `Faults.maintenanceStatus` is set.
struct MaintenanceMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let injector: FaultInjector

    /// The page, as an upgrading instance shows it.
    static let page = """
        <!DOCTYPE html>
        <html><head><title>Down for maintenance</title></head>
        <body><h1>We'll be back soon</h1><p>HaloPSA is being upgraded. Please try again in a few minutes.</p></body></html>
        """

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let status = injector.faults.maintenanceStatus, !request.uri.path.lowercased().hasPrefix("/_sim/") else {
            return try await next(request, context)
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: Self.page)))
    }
}
