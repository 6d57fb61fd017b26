import Foundation

/// Filters for `GET /api/Tickets`, in hmcp's words.
public struct TicketQuery: Sendable, Equatable {
    /// A date field HaloPSA can filter a window on (`datesearch`).
    public enum DateField: String, Sendable {
        case lastActionDate = "lastactiondate"
        case lastUpdate = "last_update"
        case dateOccurred = "dateoccurred"
        case dateClosed = "datecleared"
    }

    public var agentID: Int?
    /// Team ids (HaloPSA's `team`); there is no `team_id` filter.
    public var teamIDs: [Int] = []
    public var clientID: Int?
    public var statusID: Int?
    /// The ticket type (HaloPSA's `requesttype_id`).
    public var ticketTypeID: Int?
    public var openOnly: Bool = false
    /// Free text over summaries and details.
    public var search: String?
    /// Also search the actions' text.
    public var searchActions: Bool = false
    /// Only tickets whose `dateField` lies in `since...until`.
    public var dateField: DateField?
    public var since: Date?
    public var until: Date?
    /// Only these ticket ids.
    public var ticketIDs: [Int] = []
    /// Sort field and direction.
    public var order: String?
    public var orderDescending: Bool = false

    /// No filters.
    public init() {}

    /// The query parameters, without paging.
    var items: [(String, String)] {
        var items: [(String, String)] = []
        if let agentID { items.append(("agent_id", String(agentID))) }
        if !teamIDs.isEmpty { items.append(("team", teamIDs.map(String.init).joined(separator: ","))) }
        if let clientID { items.append(("client_id", String(clientID))) }
        if let statusID { items.append(("status_id", String(statusID))) }
        if let ticketTypeID { items.append(("requesttype_id", String(ticketTypeID))) }
        if openOnly { items.append(("open_only", "true")) }
        if let search, !search.isEmpty {
            items.append(("search", search))
            if searchActions { items.append(("searchactions", "true")) }
        }
        if let dateField, since != nil || until != nil {
            items.append(("datesearch", dateField.rawValue))
            if let since { items.append(("startdate", HaloDate.format(since))) }
            if let until { items.append(("enddate", HaloDate.format(until))) }
        }
        if !ticketIDs.isEmpty { items.append(("ticketids", ticketIDs.map(String.init).joined(separator: ","))) }
        if let order {
            items.append(("order", order))
            if orderDescending { items.append(("orderdesc", "true")) }
        }
        return items
    }
}

/// One page of tickets with the total count.
public struct TicketPage: Sendable, Equatable {
    public let tickets: [Ticket]
    /// All tickets matching the query (`record_count`).
    public let recordCount: Int
    public let pageNumber: Int
    public let pageSize: Int

    /// Whether pages after this one exist.
    public var hasMore: Bool { Paging.hasMore(page: pageNumber, size: pageSize, of: recordCount) }
}
