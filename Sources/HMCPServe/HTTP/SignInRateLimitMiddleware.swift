import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// The per-address limit on the endpoints anyone may call before signing in that store a row each:
/// `POST /register` and `GET /authorize`. Over the limit the client gets 429 with `Retry-After` and
/// nothing is stored.
///
/// Behind a reverse proxy every request comes from the proxy's address; with `trustsForwardedFor`
/// the last `X-Forwarded-For` entry (the one the proxy appended) is the client's address instead.
struct SignInRateLimitMiddleware: RouterMiddleware {
    typealias Context = ServeRequestContext

    let limiter: AddressRateLimiter
    let trustsForwardedFor: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.isLimited(request), let wait = limiter.admit(clientAddress(request, context)) else {
            return try await next(request, context)
        }
        let seconds = max(1, Int(wait.inSeconds.rounded(.up)))
        let message = "Too many sign-in requests from your address (\(limiter.perMinute) a minute); try again in \(seconds) s."
        var response =
            request.method == .get
            ? Responses.errorPage(title: "Too many requests", message: message, status: .tooManyRequests)
            : Responses.json(OAuthErrorBody(error: "too_many_requests", description: message), status: .tooManyRequests)
        response.headers[.retryAfter] = "\(seconds)"
        return response
    }

    /// Whether `request` is one the limit applies to.
    static func isLimited(_ request: Request) -> Bool {
        switch (request.method, request.uri.path) {
        case (.post, "/register"), (.get, "/authorize"): true
        default: false
        }
    }

    /// The address the limit is counted against.
    func clientAddress(_ request: Request, _ context: Context) -> String {
        if trustsForwardedFor, let forwarded = request.headers[values: .xForwardedFor].last?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, set by reverse proxies.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
