import Shared

/// Checks ids the model passed against HaloPSA's reference data, so a wrong id is answered with the
/// valid choices instead of HaloPSA's bare refusal (or, for filters, a silently empty list).
enum ReferenceCheck {
    /// - Throws: ``ToolFailure`` naming the valid statuses when `id` is not one.
    static func status(_ id: Int, halo: any HaloAgentAPI, as credential: HaloCredential) async throws {
        let statuses = try await halo.statuses(as: credential)
        guard statuses.contains(where: { $0.id == id }) else {
            throw ToolFailure(
                "Status \(id) does not exist. Valid statuses: \(choices(statuses.map { ($0.id, $0.name) })). "
                    + "Call again with one of these ids.")
        }
    }

    /// - Throws: ``ToolFailure`` naming the valid ticket types when `id` is not one.
    static func ticketType(_ id: Int, halo: any HaloAgentAPI, as credential: HaloCredential) async throws {
        let types = try await halo.ticketTypes(as: credential)
        guard types.contains(where: { $0.id == id }) else {
            throw ToolFailure(
                "Ticket type \(id) does not exist. Valid ticket types: \(choices(types.map { ($0.id, $0.name) })). "
                    + "Call again with one of these ids.")
        }
    }

    /// `1 New, 2 In Progress, ...`.
    static func choices(_ entries: [(Int, String?)]) -> String {
        entries.map { id, name in name.map { "\(id) \($0)" } ?? String(id) }.joined(separator: ", ")
    }
}
