import Shared

/// Turns HaloPSA's "no" for one record into a message that does not tell whether the record exists:
/// a 403 and a 404 read the same, so a caller cannot probe for ids they may not see.
enum RecordAccess {
    /// Runs `body`; a 403 or 404 from HaloPSA becomes a ``ToolFailure`` about `record` (e.g. "ticket 1042").
    static func guarding<T: Sendable>(_ record: String, hint: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HaloAPIError where error.kind == .forbidden || error.kind == .notFound {
            throw ToolFailure(
                "Your HaloPSA account lacks permission for \(record), or it does not exist. \(hint)")
        }
    }

    /// ``guarding(_:hint:_:)`` for ticket `id`.
    static func ticket<T: Sendable>(_ id: Int, _ body: () async throws -> T) async throws -> T {
        try await guarding(
            "ticket \(id)", hint: "Check the id, or find tickets you can see with list_tickets or search_tickets.", body)
    }
}
