/// Pre-filters from the index's own ticket table, applied before scoring: only the row ranges of
/// matching tickets are scanned. `nil` sets mean "any".
public struct SearchFilter: Sendable, Equatable {
    /// Only tickets of these clients.
    public var clientIDs: Set<Int>?
    /// Only tickets of these teams.
    public var teamIDs: Set<Int>?
    /// Only tickets in these statuses.
    public var statusIDs: Set<Int>?
    /// Only tickets that were open when indexed.
    public var openOnly: Bool
    /// Tickets never returned (e.g. the ticket whose neighbours are asked for).
    public var excludedTicketIDs: Set<Int>

    /// A filter; the defaults let every ticket through.
    public init(
        clientIDs: Set<Int>? = nil, teamIDs: Set<Int>? = nil, statusIDs: Set<Int>? = nil, openOnly: Bool = false,
        excludedTicketIDs: Set<Int> = []
    ) {
        self.clientIDs = clientIDs
        self.teamIDs = teamIDs
        self.statusIDs = statusIDs
        self.openOnly = openOnly
        self.excludedTicketIDs = excludedTicketIDs
    }

    /// The filter that lets every ticket through.
    public static let none = SearchFilter()

    /// True when the filter lets every ticket through.
    public var isEmpty: Bool { self == .none }

    /// Whether a ticket with these attributes passes.
    func admits(id: Int, clientID: Int?, teamID: Int?, statusID: Int?, isOpen: Bool) -> Bool {
        if openOnly, !isOpen { return false }
        if excludedTicketIDs.contains(id) { return false }
        return Self.passes(clientID, clientIDs) && Self.passes(teamID, teamIDs) && Self.passes(statusID, statusIDs)
    }

    private static func passes(_ value: Int?, _ allowed: Set<Int>?) -> Bool {
        guard let allowed else { return true }
        return value.map(allowed.contains) ?? false
    }
}
