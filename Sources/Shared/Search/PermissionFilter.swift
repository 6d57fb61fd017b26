import Foundation
import Synchronization

/// Keeps only the tickets the calling user may see, checking candidates in score order against the
/// user's own HaloPSA permissions: in batches (one request answers many candidates where HaloPSA
/// allows it), with a short per-user cache of answers, over-fetching until `limit` visible tickets are
/// found or the candidates run out.
///
/// Every check spends the tenant's request budget, so a search is bounded: it examines at most
/// `candidateCap` candidates and starts no new check after `deadline`; the outcome says which bound
/// stopped it. Cancellation ends it at once.
///
/// A failed or errored check means "not visible". Only definite answers (visible, or refused) are
/// cached, so a passing HaloPSA hiccup hides a ticket for one search, not for the TTL.
public final class PermissionFilter: Sendable {
    /// HaloPSA's answer about one ticket for one user.
    public enum Visibility: Sendable, Equatable {
        /// The user may open the ticket.
        case visible
        /// HaloPSA refused it (403 or 404), or left it out of a list filtered to what the user sees.
        case hidden
        /// The check failed (timeout, 5xx, ...): treated as hidden, not cached.
        case unknown
    }

    /// Why a search stopped before it had `limit` visible tickets or ran out of candidates.
    public enum Stop: String, Sendable, Equatable {
        /// It examined as many candidates as it may.
        case candidateCap = "candidate_cap"
        /// Its time ran out.
        case deadline
    }

    /// The visible tickets found, and how far the search went.
    public struct Outcome: Sendable, Equatable {
        /// The visible tickets, in score order.
        public let ids: [Int]
        /// Candidates examined (checked or answered from the cache).
        public let examined: Int
        /// Set when a bound stopped the search while candidates were left.
        public let stop: Stop?
    }

    private struct Entry {
        let visible: Bool
        let expires: ContinuousClock.Instant
    }

    /// Candidates a search examines by default: as many as one batched check answers.
    public static let defaultCandidateCap = HaloPermissionChecks.candidatesPerCheck

    private let ttl: Duration
    private let candidateCap: Int
    private let deadline: Duration
    private let clock: any InstantSource
    private let cache = Mutex<[String: [Int: Entry]]>([:])

    /// A filter caching answers for `ttl`, examining at most `candidateCap` candidates per search and
    /// starting no check once `deadline` has passed since the search began, as `clock` tells time.
    public init(
        ttl: Duration = .seconds(60), candidateCap: Int = PermissionFilter.defaultCandidateCap,
        deadline: Duration = .seconds(20), clock: any InstantSource = ContinuousClock()
    ) {
        self.ttl = ttl
        self.candidateCap = max(1, candidateCap)
        self.deadline = deadline
        self.clock = clock
    }

    /// The first `limit` tickets of `candidates` (score order) that `user` may see, in the same order.
    ///
    /// - Parameters:
    ///   - candidates: returns the best `count` ticket ids in score order (fewer when there are no more).
    ///   - user: identifies the user for the cache (e.g. their HaloPSA agent id), never a token.
    ///   - check: asks HaloPSA with the user's own token.
    /// - Throws: `CancellationError` when the task is cancelled; whatever `candidates` or `check` throw.
    public func visibleTickets(
        limit: Int, user: String, candidates: (Int) async throws -> [Int], check: PermissionCheck
    ) async throws -> Outcome {
        guard limit > 0 else { return Outcome(ids: [], examined: 0, stop: nil) }
        let started = clock.now
        var asked = min(max(limit * 2, check.batchSize), candidateCap + 1)
        var ranked: [Int] = []
        var fetched = false
        var position = 0
        var visible: [Int] = []
        while visible.count < limit {
            let end = min(ranked.count, candidateCap)
            if position == end {
                if ranked.count > candidateCap { return Outcome(ids: visible, examined: position, stop: .candidateCap) }
                if fetched {
                    guard ranked.count == asked else { break }
                    asked = min(asked * 2, candidateCap + 1)
                }
                ranked = try await candidates(asked)
                fetched = true
                continue
            }
            let known = cachedAnswers(of: ranked[position..<end], user: user)
            while position < end, visible.count < limit, let answer = known[ranked[position]] {
                if answer { visible.append(ranked[position]) }
                position += 1
            }
            guard position < end, visible.count < limit else { continue }
            guard started.duration(to: clock.now) < deadline else {
                return Outcome(ids: visible, examined: position, stop: .deadline)
            }
            var window: [Int] = []
            var index = position
            while index < end, window.count < max(check.batchSize, limit - visible.count) {
                if known[ranked[index]] == nil { window.append(ranked[index]) }
                index += 1
            }
            let fresh = try await check.visibility(of: window)
            try Task.checkCancellation()
            remember(fresh, user: user)
            while position < index, visible.count < limit {
                let id = ranked[position]
                if known[id] ?? (fresh[id] == .visible) { visible.append(id) }
                position += 1
            }
        }
        return Outcome(ids: visible, examined: position, stop: nil)
    }

    /// Drops every cached answer of `user` (e.g. when their session ends).
    public func forget(user: String) {
        _ = cache.withLock { $0.removeValue(forKey: user) }
    }

    /// The unexpired cached answers of `user` about `ids`.
    private func cachedAnswers(of ids: ArraySlice<Int>, user: String) -> [Int: Bool] {
        let now = clock.now
        return cache.withLock { cache in
            guard let entries = cache[user] else { return [:] }
            var answers: [Int: Bool] = [:]
            for id in ids {
                if let entry = entries[id], entry.expires > now { answers[id] = entry.visible }
            }
            return answers
        }
    }

    /// Caches the definite answers among `fresh`, dropping expired entries of `user`.
    private func remember(_ fresh: [Int: Visibility], user: String) {
        let now = clock.now
        let expires = now + ttl
        cache.withLock { cache in
            var entries = cache[user, default: [:]].filter { $0.value.expires > now }
            for (id, answer) in fresh where answer != .unknown {
                entries[id] = Entry(visible: answer == .visible, expires: expires)
            }
            cache[user] = entries
        }
    }
}
