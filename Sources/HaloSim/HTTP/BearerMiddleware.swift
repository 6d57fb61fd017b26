import Foundation
import Hummingbird

/// Requires a valid, unexpired bearer token on `/api/*` and puts the caller in the context (401 otherwise).
struct BearerMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let authorization: AuthorizationServer
    let organisation: Organisation
    let time: SimulatedTime

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.count > 7,
            header.prefix(7).lowercased() == "bearer ",
            let claims = authorization.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), now: time.wholeSeconds),
            let agent = organisation.agent(claims.agentID)
        else { throw HaloHTTPError.unauthorized }
        var context = context
        context.principal = Principal(agent: agent, claims: claims)
        return try await next(request, context)
    }
}
