import Foundation
import Hummingbird

/// An error answer in one of the body shapes Halo uses. Which shape goes with which failure is
/// decided here and nowhere else (see `InferredBehaviour` #21):
/// - validation of tickets / reference queries: 400 `{"ClassName": …, "Message": …}` (.NET exception);
/// - validation of actions: 400 plain text;
/// - unknown ids and hidden records: 404/403 `{"Message": …}`;
/// - missing scope: 403 `{"resultCode": …, "errorMessage": …}`;
/// - bad or missing bearer: 401 `{"Message": "Authorization has been denied for this request."}`;
/// - rate limit: 429 plain text "Rate Limit Reached - N Requests per rolling 5 minute window";
/// - injected faults: 500 `{"ClassName": "System.Exception", "Message": …}`;
/// - OAuth endpoints: `{"error": …, "error_description": …}`.
struct HaloHTTPError: HTTPResponseError {
    /// HTTP status.
    var status: HTTPResponse.Status
    /// Body text.
    var body: String
    /// `Content-Type` of the body.
    var contentType: String
    /// Extra headers (`Retry-After`, `WWW-Authenticate`).
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> HaloHTTPError {
        HaloHTTPError(status: status, body: value.serialized(), contentType: "application/json; charset=utf-8", headers: headers)
    }

    private static func text(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> HaloHTTPError {
        HaloHTTPError(status: status, body: message, contentType: "text/plain; charset=utf-8", headers: headers)
    }

    /// 401 for a missing, malformed, badly signed or expired bearer token.
    static let unauthorized = json(
        .unauthorized, ["Message": "Authorization has been denied for this request."],
        headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])

    /// 403 for a token without the scope an endpoint needs.
    static func missingScope(_ area: String) -> HaloHTTPError {
        json(.forbidden, ["resultCode": 403, "errorMessage": .string("The API application does not have permission to access \(area).")])
    }

    /// 429 from the rolling-window limit or a fault burst.
    static func rateLimited(limit: Int, retryAfter: String?) -> HaloHTTPError {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = retryAfter }
        return text(.tooManyRequests, "Rate Limit Reached - \(limit) Requests per rolling 5 minute window", headers: headers)
    }

    /// 500 from fault injection.
    static let injectedFault = json(
        .internalServerError, ["ClassName": "System.Exception", "Message": "An unexpected error occurred. Please try again later."])

    /// 400 with a .NET-exception-shaped body.
    static func validation(_ message: String) -> HaloHTTPError {
        json(.badRequest, ["ClassName": "Halo.Exceptions.ValidationException", "Message": .string(message)])
    }

    /// 400 with a plain-text body.
    static func plainBadRequest(_ message: String) -> HaloHTTPError { text(.badRequest, message) }

    /// 404 for an unknown id.
    static func notFound(_ message: String) -> HaloHTTPError { json(.notFound, ["Message": .string(message)]) }

    /// An OAuth error answer.
    static func oauth(_ error: OAuthError) -> HaloHTTPError {
        json(.init(code: error.status), ["error": .string(error.code), "error_description": .string(error.explanation)])
    }

    /// The answer for a store refusal; `forbiddenStatus` (403/404) answers records the caller may not see,
    /// a 404 then being indistinguishable from a real "not found".
    static func from(_ error: StoreError, forbiddenStatus: Int) -> HaloHTTPError {
        switch error {
        case .invalid(let message): validation(message)
        case .invalidAction(let message): plainBadRequest(message)
        case .notFound(let message): notFound(message)
        case .hidden(let message):
            forbiddenStatus == 404 ? notFound("The requested record was not found") : json(.forbidden, ["Message": .string(message)])
        }
    }
}
