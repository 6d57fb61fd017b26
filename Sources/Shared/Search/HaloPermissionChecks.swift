import Logging
import Synchronization

/// Permission checks against HaloPSA for one tenant: a batch of candidates per
/// `GET /api/Tickets?ticketids=…&ticketidonly=true` with the user's own token (a ticket in the answer is
/// visible, one left out is not; as many ids as fit the query string, 300 five-digit ones), or one `GET /api/Tickets/{id}` per candidate once HaloPSA has shown it ignores
/// the filter (an answer holding tickets that were not asked for). The switch is logged once and
/// holds for the life of the process.
///
/// A 401 is thrown, not turned into "not visible", so the caller renews the token and tries again.
public final class HaloPermissionChecks: Sendable {
    private let concurrency: Int
    private let logger: Logger
    private let batchIgnored = Mutex(false)

    /// Candidates the filter hands over per batched check: a search's whole default candidate cap, one
    /// request when the ids fit the query string.
    public static let candidatesPerCheck = 300

    /// Checks for one tenant; per-ticket checks run at most `concurrency` at once.
    public init(concurrency: Int = 8, logger: Logger) {
        self.concurrency = max(1, concurrency)
        self.logger = logger
    }

    /// Whether HaloPSA was seen ignoring `ticketids`, so checks go ticket by ticket.
    public var checksEachTicket: Bool { batchIgnored.withLock { $0 } }

    /// The check for a user whose credential is `credential`.
    public func check(halo: any HaloAgentAPI, credential: HaloCredential) -> PermissionCheck {
        let single = PermissionCheck.perTicket(concurrency: concurrency) { id in
            try await Self.visibility(of: id, halo: halo, credential: credential)
        }
        if checksEachTicket { return single }
        return PermissionCheck(batchSize: Self.candidatesPerCheck) { [self] ids in
            if checksEachTicket { return try await single.visibility(of: ids) }
            var answers: [Int: PermissionFilter.Visibility] = [:]
            for batch in HaloClient.visibilityBatches(of: ids) {
                let listed: Set<Int>
                do {
                    listed = try await halo.listedTicketIDs(among: batch, as: credential)
                } catch let error as HaloAPIError where error.kind != .unauthorized {
                    continue
                }
                guard listed.isSubset(of: batch) else {
                    noteIgnoredFilter()
                    return try await single.visibility(of: ids)
                }
                for id in batch { answers[id] = listed.contains(id) ? .visible : .hidden }
            }
            return answers
        }
    }

    /// Checks one ticket: 403 or 404 mean hidden, a 401 or cancellation is thrown, anything else is unknown.
    public static func visibility(of id: Int, halo: any HaloAgentAPI, credential: HaloCredential) async throws -> PermissionFilter.Visibility {
        do {
            _ = try await halo.ticket(id, as: credential)
            return .visible
        } catch let error as HaloAPIError {
            switch error.kind {
            case .forbidden, .notFound: return .hidden
            case .unauthorized: throw error
            default: return .unknown
            }
        }
    }

    private func noteIgnoredFilter() {
        let first = batchIgnored.withLock { ignored in
            defer { ignored = true }
            return !ignored
        }
        if first {
            logger.warning(
                "HaloPSA ignored the ticketids filter (its answer held tickets that were not asked for); permission checks now ask ticket by ticket")
        }
    }
}
