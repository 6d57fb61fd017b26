import Foundation
import Logging
import MCP
import Shared

/// What a running tool may use: the caller, HaloPSA with the caller's own token, and the request's
/// progress and log notifications (delivered on the stream that carries the tool's result).
public struct ToolContext: Sendable {
    /// Who called.
    public let caller: AuthenticatedCaller
    let halo: any HaloAgentAPI
    let grants: HaloGrantBroker
    let progressToken: ProgressToken?
    let minimumLogLevel: LogLevel
    let notify: @Sendable (Data) -> Void
    let logger: Logger
    /// Semantic search, when the server offers it.
    let search: SearchServices?

    /// The semantic-search services.
    /// - Throws: ``ToolFailure`` when semantic search is turned off on this server.
    func searchServices() throws -> SearchServices {
        guard let search else {
            throw ToolFailure("Semantic search is turned off on this server (HMCP_SEMANTIC_SEARCH=false). Use search_tickets.")
        }
        return search
    }

    /// Runs `body` against HaloPSA with the caller's own HaloPSA credential (refreshed as needed), so
    /// HaloPSA's permissions for that agent apply.
    public func withHalo<T: Sendable>(_ body: @Sendable (any HaloAgentAPI, HaloCredential) async throws -> T) async throws -> T {
        try await grants.withCredential(grantID: caller.grantID) { credential in
            try await body(halo, credential)
        }
    }

    /// Sends `notifications/progress` if the client asked for progress (a `progressToken` in `_meta`).
    /// `progress` must increase from one call to the next.
    public func reportProgress(_ progress: Double, total: Double? = nil, message: String? = nil) {
        guard let progressToken else { return }
        send(
            ProgressNotification.message(
                .init(progressToken: progressToken, progress: progress, total: total, message: message)))
    }

    /// Sends `notifications/message` at `level` if the client's `logging/setLevel` lets it through.
    public func log(_ level: LogLevel, _ message: String) {
        guard LogLevel.allCases.firstIndex(of: level)! >= LogLevel.allCases.firstIndex(of: minimumLogLevel)! else { return }
        send(LogMessageNotification.message(.init(level: level, logger: "hmcp", data: .string(message))))
    }

    private func send<N: MCP.Notification>(_ message: Message<N>) {
        do {
            notify(try Responses.encoder.encode(message))
        } catch {
            logger.error("notification could not be encoded", metadata: ["method": "\(N.name)"])
        }
    }
}
