@testable import Shared

/// Searches whose permission check answers one ticket at a time from a closure, as the tests script it.
extension SemanticSearch {
    func search(
        _ query: String, limit: Int, mode: SearchMode = .default, filter: SearchFilter = .none, user: String,
        answer: @escaping @Sendable (Int) async -> PermissionFilter.Visibility
    ) async throws -> Results {
        try await search(
            query, limit: limit, mode: mode, filter: filter, user: user, check: .perTicket(concurrency: 2, answer))
    }

    func similar(
        toTicket id: Int, limit: Int, filter: SearchFilter = .none, user: String,
        answer: @escaping @Sendable (Int) async -> PermissionFilter.Visibility
    ) async throws -> Results {
        try await similar(toTicket: id, limit: limit, filter: filter, user: user, check: .perTicket(concurrency: 2, answer))
    }
}
