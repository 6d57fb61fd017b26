import Foundation

/// Every failure of a HaloPSA call, with the HTTP status, HaloPSA's own message and whether retrying can help.
public struct HaloAPIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// 400: HaloPSA refused the input.
        case badRequest
        /// 401: the token is missing, expired or invalid (or bad client credentials at the token endpoint).
        case unauthorized
        /// 403: the caller lacks the permission or scope.
        case forbidden
        /// 404: no such record.
        case notFound
        /// 429: the tenant's rate limit was reached.
        case rateLimited
        /// 5xx.
        case serverError
        /// Any other unexpected status.
        case unexpectedStatus
        /// No answer in time.
        case timeout
        /// The connection failed or dropped.
        case transport
        /// A 2xx answer whose body could not be read.
        case decoding
        /// The client is not configured for this call (e.g. no service account).
        case configuration
    }

    /// The failure's kind.
    public let kind: Kind
    /// The HTTP status, when there was an answer.
    public let status: Int?
    /// HaloPSA's message (or ours for transport failures); never contains a token.
    public let message: String
    /// The wait HaloPSA's `Retry-After` asked for, when it sent a usable one (see ``RetryAfter``).
    public let retryAfter: Duration?
    /// The OAuth error code of a token endpoint's answer (`{"error": "invalid_grant", ...}`), if any.
    public let oauthError: String?

    /// Creates an error.
    public init(kind: Kind, status: Int? = nil, message: String, retryAfter: Duration? = nil, oauthError: String? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.oauthError = oauthError
    }

    /// Whether the same request may succeed later: 429, 5xx, timeouts and dropped connections.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .serverError, .timeout, .transport: true
        default: false
        }
    }

    /// `HaloPSA 404: Ticket not found`.
    public var description: String {
        if let status { return "HaloPSA \(status): \(message)" }
        return "HaloPSA \(kind.rawValue): \(message)"
    }

    /// Maps an error answer to an error, reading HaloPSA's message from any of its body shapes.
    static func from(status: Int, body: Data, retryAfter: Duration?) -> HaloAPIError {
        let kind: Kind =
            switch status {
            case 400: .badRequest
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 429: .rateLimited
            case 500...599: .serverError
            default: .unexpectedStatus
            }
        let message = HaloErrorBody.message(from: body) ?? HTTPStatusText.reason(status)
        return HaloAPIError(
            kind: kind, status: status, message: message, retryAfter: retryAfter, oauthError: HaloErrorBody.oauthError(from: body))
    }
}

/// Reads HaloPSA's error message from the shapes it uses:
/// `{resultCode, errorMessage}`, `{ClassName, Message}`, `{Message}`, `{message}`, OAuth
/// `{error, error_description}`, ASP.NET field maps (`{"errors": {"[0].id": ["..."]}}`), or plain text.
enum HaloErrorBody {
    static func message(from body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        guard let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return plainText(body)
        }
        if let text = json as? String { return clean(text) }
        guard let object = json as? [String: Any] else { return plainText(body) }
        for key in ["errorMessage", "Message", "message", "error_description", "title"] {
            if let text = object[key] as? String, !text.isEmpty { return clean(text) }
        }
        if let errors = object["errors"] as? [String: Any] {
            let parts = errors.keys.sorted().compactMap { key -> String? in
                let messages = (errors[key] as? [String]) ?? [(errors[key] as? String)].compactMap { $0 }
                return messages.isEmpty ? nil : "\(key): \(messages.joined(separator: " "))"
            }
            if !parts.isEmpty { return clean(parts.joined(separator: "; ")) }
        }
        if let error = object["error"] as? String { return clean(error) }
        return plainText(body)
    }

    /// The `error` code of an OAuth error answer (RFC 6749 §5.2), when the body is one.
    static func oauthError(from body: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return nil }
        return object["error"] as? String
    }

    private static func plainText(_ body: Data) -> String? {
        guard let text = String(data: body, encoding: .utf8) else { return nil }
        let trimmed = clean(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// One line, at most 500 characters: HaloPSA sometimes answers with a whole HTML page.
    private static func clean(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return oneLine.count > 500 ? String(oneLine.prefix(500)) + "…" : oneLine
    }
}

/// Short reason phrases for statuses HaloPSA answers without a body.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
