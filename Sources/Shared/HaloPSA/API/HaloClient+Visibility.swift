/// Which tickets an agent may see, asked with the agent's own credential.
extension HaloClient {
    /// The longest `ticketids` list (characters) one visibility request carries, so the query string
    /// stays under the 2 KB many servers refuse above: 300 five-digit ids, 270 six-digit ones.
    public static let maxTicketIDsLength = 1_900

    /// `ids` in order, cut into runs whose comma-separated list fits `maxTicketIDsLength`.
    public static func visibilityBatches(of ids: [Int]) -> [[Int]] {
        var batches: [[Int]] = []
        var batch: [Int] = []
        var length = 0
        for id in ids {
            let digits = String(id).count
            if !batch.isEmpty, length + 1 + digits > maxTicketIDsLength {
                batches.append(batch)
                batch = []
            }
            length = batch.isEmpty ? digits : length + 1 + digits
            batch.append(id)
        }
        if !batch.isEmpty { batches.append(batch) }
        return batches
    }

    /// The ids of `ids` (one of `visibilityBatches`) that HaloPSA returns for
    /// `GET /api/Tickets?ticketids=…&ticketidonly=true`, a list HaloPSA filters to what the credential's
    /// agent may see and does not paginate, so one request answers every id however many are visible.
    /// An id the answer leaves out is not visible; an id in the answer that was not asked for means
    /// HaloPSA ignored the filter.
    public func listedTicketIDs(among ids: [Int], as credential: HaloCredential) async throws -> Set<Int> {
        var query = TicketQuery()
        query.ticketIDs = ids
        return Set(try await ticketIDs(query, as: credential))
    }
}
