import Shared

/// Sentences for a model about why a tool failed, and a short outcome name for the audit line.
enum ToolErrorMessage {
    /// The message and the outcome kind for `error`.
    static func describe(_ error: any Error) -> (message: String, kind: String) {
        switch error {
        case let failure as ToolFailure:
            return (failure.message, "tool_error")
        case let grant as HaloGrantError:
            return (grant.description, grant == .haloUnavailable ? "halo_unavailable" : "reauthorize")
        case let halo as HaloAPIError:
            return (haloMessage(halo), "halo_\(halo.kind.rawValue)")
        default:
            return ("The tool failed inside the server. Try again; if it keeps failing, tell the server's operator.", "internal")
        }
    }

    /// `text` ending with exactly one full stop.
    static func sentence(_ text: String) -> String {
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "." || last.isWhitespace { trimmed.removeLast() }
        return trimmed + "."
    }

    /// `duration` rounded up to whole seconds.
    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)
    }

    private static func haloMessage(_ error: HaloAPIError) -> String {
        switch error.kind {
        case .unauthorized:
            "HaloPSA did not accept your sign-in. Reconnect this MCP server to sign in again."
        case .forbidden:
            "Your HaloPSA account lacks the permission for this. Ask a HaloPSA administrator, or try something your role allows."
        case .notFound:
            "HaloPSA has no such record, or your account cannot see it. Check the id."
        case .badRequest:
            "HaloPSA refused the request: \(sentence(error.message)) Correct the arguments and try again."
        case .rateLimited:
            "HaloPSA is limiting the request rate\(error.retryAfter.map { "; retry in \(wholeSeconds($0)) seconds" } ?? "; retry shortly")."
        case .timeout, .transport, .serverError:
            "HaloPSA is not answering properly right now (\(error.kind.rawValue)). Try again in a minute."
        case .decoding, .unexpectedStatus, .configuration:
            "HaloPSA answered in a way the server could not use (\(error.description)). Tell the server's operator."
        }
    }
}
