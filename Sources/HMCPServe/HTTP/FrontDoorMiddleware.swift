import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Shared

/// The first thing every request meets: the DNS-rebinding `Host` check, the `Origin` check, CORS
/// (preflights answered here, without authentication) and one access-log line per request.
///
/// The log line names the method, the path (never the query, which can carry codes and states), the
/// status and the duration; Hummingbird's request id is in the logger's metadata.
struct FrontDoorMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: OriginPolicy

    static var allowedMethods: String { "GET, POST, DELETE, OPTIONS" }
    static var allowedHeaders: String {
        "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, X-MCP-Readonly, X-MCP-Tools"
    }
    static var exposedHeaders: String { "Mcp-Session-Id, WWW-Authenticate, Mcp-Protocol-Version" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let origin = request.headers[.origin]
        var response: Response
        if !policy.allows(host: request.head.authority) {
            response = Responses.json(
                OAuthErrorBody(error: "forbidden", description: "Host header not allowed"), status: .forbidden)
        } else if let origin, !policy.allows(origin: origin, method: request.method, path: request.uri.path) {
            response = Responses.json(
                OAuthErrorBody(error: "forbidden", description: "Origin \(origin) is not allowed"), status: .forbidden)
        } else if request.method == .options {
            response = Responses.empty(.noContent, headers: Self.preflightHeaders(for: request))
        } else {
            do {
                response = try await next(request, context)
            } catch {
                log(request, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started, context)
                throw error
            }
        }
        if let origin, policy.allows(origin: origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
        }
        log(request, status: response.status.code, since: started, context)
        return response
    }

    private static func preflightHeaders(for request: Request) -> HTTPFields {
        var headers: HTTPFields = [:]
        headers[.accessControlAllowMethods] = allowedMethods
        headers[.accessControlAllowHeaders] = allowedHeaders
        headers[.accessControlMaxAge] = "600"
        headers[.allow] = allowedMethods
        return headers
    }

    private func log(_ request: Request, status: Int, since started: ContinuousClock.Instant, _ context: Context) {
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\(String(format: "%.1f", elapsed.inSeconds * 1000))",
            ])
    }
}
