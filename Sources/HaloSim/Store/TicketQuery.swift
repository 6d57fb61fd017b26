/// The filters, sort and paging of `GET /api/Tickets`, parsed from Halo's query parameters.
struct TicketQuery: Sendable {
    /// Largest `page_size` honoured (Halo documents "Maximum size: 100").
    static let maximumPageSize = 100
    /// Rows returned without `pageinate=true` and without `count`.
    static let defaultCount = 50

    var paginate = false
    var pageSize = defaultCount
    var pageNumber = 1
    var count: Int?
    var agentIDs: [Int] = []
    var teamIDs: [Int] = []
    var clientIDs: [Int] = []
    var siteID: Int?
    var userID: Int?
    var statusIDs: [Int] = []
    var ticketTypeIDs: [Int] = []
    var ticketIDs: [Int] = []
    var openOnly = false
    var closedOnly = false
    var mineOnly = false
    var deleted = false
    var search: String?
    var searchActions = false
    var dateWindow: (field: DateField, start: Int?, end: Int?)?
    var order: OrderField = .id
    var descending = false
    var idsOnly = false

    /// Ticket date fields `datesearch` may name.
    enum DateField: String, Sendable {
        case dateOccurred, dateCreated, lastActionDate, lastUpdate, dateClosed

        init?(haloName: String) {
            switch haloName.lowercased() {
            case "dateoccurred", "dateoccured": self = .dateOccurred
            case "datecreated": self = .dateCreated
            case "lastactiondate": self = .lastActionDate
            case "last_update", "lastupdate": self = .lastUpdate
            case "datecleared", "dateclosed": self = .dateClosed
            default: return nil
            }
        }

        func value(of ticket: Ticket) -> Int? {
            switch self {
            case .dateOccurred: ticket.dateOccurred
            case .dateCreated: ticket.dateCreated
            case .lastActionDate: ticket.lastActionDate
            case .lastUpdate: ticket.lastUpdate
            case .dateClosed: ticket.dateClosed
            }
        }
    }

    /// Fields `order` may name.
    enum OrderField: Sendable {
        case id, dateOccurred, lastActionDate, lastUpdate, summary, status, priority, agent, client, dateClosed

        init?(haloName: String) {
            switch haloName.lowercased() {
            case "id", "faultid": self = .id
            case "dateoccurred", "dateoccured": self = .dateOccurred
            case "lastactiondate": self = .lastActionDate
            case "last_update", "lastupdate": self = .lastUpdate
            case "summary", "symptom": self = .summary
            case "status_id", "status": self = .status
            case "priority_id", "priority": self = .priority
            case "agent_id", "agent": self = .agent
            case "client_name", "client_id", "client": self = .client
            case "dateclosed", "datecleared": self = .dateClosed
            default: return nil
            }
        }
    }

    /// Parses the query; malformed numbers, dates or unknown field names are `StoreError.invalid`.
    init(_ parameters: QueryParameters) throws {
        paginate = parameters.bool("pageinate") ?? false
        if paginate {
            pageSize = min(max(try parameters.int("page_size") ?? Self.defaultCount, 1), Self.maximumPageSize)
            pageNumber = max(try parameters.int("page_no") ?? 1, 1)
        }
        count = try parameters.int("count")
        agentIDs = try parameters.intList("agent_id") + parameters.intList("agent")
        teamIDs = try parameters.intList("team") + parameters.intList("team_id")
        clientIDs = try parameters.intList("client_id") + parameters.intList("client_ids")
        siteID = try parameters.int("site_id")
        userID = try parameters.int("user_id")
        statusIDs = try parameters.intList("status_id") + parameters.intList("status")
        ticketTypeIDs = try parameters.intList("requesttype_id") + parameters.intList("requesttype")
        ticketIDs = try parameters.intList("ticketids")
        openOnly = parameters.bool("open_only") ?? false
        closedOnly = parameters.bool("closed_only") ?? false
        mineOnly = (parameters.bool("mine") ?? false) || (parameters.bool("checkmyticketsonly") ?? false)
        deleted = parameters.bool("deleted") ?? false
        search = parameters.string("search").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        searchActions = parameters.bool("searchactions") ?? false
        idsOnly = parameters.bool("ticketidonly") ?? false
        if let name = parameters.string("datesearch"), !name.isEmpty {
            guard let field = DateField(haloName: name) else { throw StoreError.invalid("Invalid datesearch field '\(name)'") }
            dateWindow = (field, try parameters.date("startdate"), try parameters.date("enddate"))
        }
        if let name = parameters.string("order"), !name.isEmpty {
            guard let field = OrderField(haloName: name) else { throw StoreError.invalid("Invalid order field '\(name)'") }
            order = field
        }
        descending = parameters.bool("orderdesc") ?? false
    }
}
