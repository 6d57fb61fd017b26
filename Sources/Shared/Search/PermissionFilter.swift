import Foundation
import Synchronization

/// Keeps only the tickets the calling user may see, checking candidates in score order against the
/// user's own HaloPSA permissions (design §6): bounded parallelism, a short per-user cache of answers,
/// over-fetching until `limit` visible tickets are found or the candidates run out.
///
/// A failed or errored check means "not visible". Only definite answers (visible, or refused with
/// 403/404) are cached, so a passing HaloPSA hiccup hides a ticket for one search, not for the TTL.
public final class PermissionFilter: Sendable {
    /// HaloPSA's answer about one ticket for one user.
    public enum Visibility: Sendable, Equatable {
        /// The user may open the ticket.
        case visible
        /// HaloPSA refused it (403 or 404).
        case hidden
        /// The check failed (timeout, 5xx, ...): treated as hidden, not cached.
        case unknown
    }

    private struct Entry {
        let visible: Bool
        let expires: ContinuousClock.Instant
    }

    private let ttl: Duration
    private let concurrency: Int
    private let cache = Mutex<[String: [Int: Entry]]>([:])

    /// A filter caching answers for `ttl` and running at most `concurrency` checks at once.
    public init(ttl: Duration = .seconds(60), concurrency: Int = 8) {
        self.ttl = ttl
        self.concurrency = max(1, concurrency)
    }

    /// The first `limit` tickets of `candidates` (score order) that `user` may see, in the same order.
    ///
    /// - Parameters:
    ///   - candidates: returns the best `count` ticket ids in score order (fewer when there are no more).
    ///   - user: identifies the user for the cache (e.g. their HaloPSA agent id), never a token.
    ///   - check: asks HaloPSA with the user's own token.
    public func visibleTickets(
        limit: Int, user: String, candidates: (Int) async throws -> [Int],
        check: @escaping @Sendable (Int) async -> Visibility
    ) async throws -> [Int] {
        guard limit > 0 else { return [] }
        var asked = max(limit * 2, concurrency)
        var checked = 0
        var visible: [Int] = []
        while true {
            let ranked = try await candidates(asked)
            var index = checked
            while index < ranked.count && visible.count < limit {
                let window = Array(ranked[index ..< min(ranked.count, index + max(concurrency, limit - visible.count))])
                let answers = await visibility(of: window, user: user, check: check)
                for id in window where answers[id] == true && visible.count < limit {
                    visible.append(id)
                }
                index += window.count
            }
            checked = index
            if visible.count >= limit || ranked.count < asked { return visible }
            asked *= 2
        }
    }

    /// Drops every cached answer of `user` (e.g. when their session ends).
    public func forget(user: String) {
        _ = cache.withLock { $0.removeValue(forKey: user) }
    }

    private func visibility(
        of ids: [Int], user: String, check: @escaping @Sendable (Int) async -> Visibility
    ) async -> [Int: Bool] {
        let now = ContinuousClock.now
        var answers: [Int: Bool] = [:]
        let known = cache.withLock { cache in
            cache[user, default: [:]].filter { ids.contains($0.key) && $0.value.expires > now }
        }
        for (id, entry) in known { answers[id] = entry.visible }
        let unknown = ids.filter { answers[$0] == nil }
        let fresh = await withTaskGroup(of: (Int, Visibility).self) { group in
            var results: [(Int, Visibility)] = []
            for id in unknown.prefix(concurrency) { group.addTask { (id, await check(id)) } }
            var next = unknown.dropFirst(concurrency).makeIterator()
            while let result = await group.next() {
                results.append(result)
                if let id = next.next() { group.addTask { (id, await check(id)) } }
            }
            return results
        }
        let expires = ContinuousClock.now + ttl
        cache.withLock { cache in
            var entries = cache[user, default: [:]].filter { $0.value.expires > now }
            for (id, answer) in fresh where answer != .unknown {
                entries[id] = Entry(visible: answer == .visible, expires: expires)
            }
            cache[user] = entries
        }
        for (id, answer) in fresh { answers[id] = answer == .visible }
        return answers
    }
}
