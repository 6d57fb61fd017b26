/// Which tickets an agent may see, asked with the agent's own credential.
extension HaloClient {
    /// The ids of `ids` that HaloPSA returns for `GET /api/Tickets?ticketids=…` (one page of up to 100),
    /// a list HaloPSA filters to what the credential's agent may see. An id the answer leaves out is
    /// not visible; an id in the answer that was not asked for means HaloPSA ignored the filter.
    public func listedTicketIDs(among ids: [Int], as credential: HaloCredential) async throws -> Set<Int> {
        var query = TicketQuery()
        query.ticketIDs = Array(ids.prefix(Self.maxPageSize))
        return Set(try await tickets(query, page: 1, pageSize: Self.maxPageSize, as: credential).tickets.map(\.id))
    }
}
