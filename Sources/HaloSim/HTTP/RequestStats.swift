import Hummingbird
import Synchronization

/// Counts requests per lower-cased path (and per "METHOD path"), so tests can count the calls a client
/// made (`GET /_sim/stats`), and the error answers per status (`"status 429"`, `"status 500"`, …, which
/// like the per-method keys are not part of the total). `/_sim/*` calls are not counted.
final class RequestStats: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Records one request.
    func record(method: String, path: String) {
        let key = path.lowercased()
        counts.withLock {
            $0[key, default: 0] += 1
            $0["\(method) \(key)", default: 0] += 1
        }
    }

    /// Records one error answer.
    func recordError(status: Int) {
        counts.withLock { $0["status \(status)", default: 0] += 1 }
    }

    /// Current counts, total under `"total"`.
    func snapshot() -> JSONValue {
        let counts = counts.withLock { $0 }
        let total = counts.filter { !$0.key.contains(" ") }.values.reduce(0, +)
        return .object([("total", .int(total))] + counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
    }

    /// Forgets every count.
    func reset() { counts.withLock { $0 = [:] } }
}

/// Feeds `RequestStats`.
struct StatsMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let stats: RequestStats

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !path.lowercased().hasPrefix("/_sim") else { return try await next(request, context) }
        stats.record(method: request.method.rawValue, path: path)
        do {
            return try await next(request, context)
        } catch let error as HaloHTTPError {
            stats.recordError(status: error.status.code)
            throw error
        }
    }
}
