import GRDB

/// The columns of the `tickets` table that scoring needs, held in memory in row order: which rows
/// belong to which ticket (to group chunk scores by ticket) and the attributes the pre-filters test.
/// About 25 bytes per ticket.
public struct TicketTable: Sendable {
    /// Ticket ids, in row order.
    public let ids: [Int]
    /// `firstRows[t] ..< firstRows[t + 1]` are the rows of ticket `t`; the last entry is the row count.
    let firstRows: [Int32]
    private let clientIDs: [Int32]
    private let teamIDs: [Int32]
    private let statusIDs: [Int32]
    private let isOpen: [Bool]
    private static let none = Int32.min

    /// Number of tickets.
    public var count: Int { ids.count }
    /// Number of rows the tickets cover.
    public var rowCount: Int { Int(firstRows[firstRows.count - 1]) }

    /// One ticket as the table needs it.
    public struct Entry: Sendable {
        /// Ticket id.
        public var id: Int
        /// Number of consecutive rows (chunks) it owns.
        public var rowCount: Int
        /// Client id.
        public var clientID: Int?
        /// Team id.
        public var teamID: Int?
        /// Status id.
        public var statusID: Int?
        /// Open flag.
        public var isOpen: Bool

        /// Describes one ticket.
        public init(id: Int, rowCount: Int, clientID: Int? = nil, teamID: Int? = nil, statusID: Int? = nil, isOpen: Bool = true) {
            self.id = id
            self.rowCount = rowCount
            self.clientID = clientID
            self.teamID = teamID
            self.statusID = statusID
            self.isOpen = isOpen
        }
    }

    /// A table of `entries` whose rows follow each other from row 0.
    public init(_ entries: some Sequence<Entry>) {
        var ids: [Int] = [], firstRows: [Int32] = [0], clients: [Int32] = [], teams: [Int32] = [], statuses: [Int32] = []
        var open: [Bool] = []
        for entry in entries {
            ids.append(entry.id)
            firstRows.append(firstRows[firstRows.count - 1] + Int32(entry.rowCount))
            clients.append(entry.clientID.map { Int32(truncatingIfNeeded: $0) } ?? Self.none)
            teams.append(entry.teamID.map { Int32(truncatingIfNeeded: $0) } ?? Self.none)
            statuses.append(entry.statusID.map { Int32(truncatingIfNeeded: $0) } ?? Self.none)
            open.append(entry.isOpen)
        }
        self.ids = ids
        self.firstRows = firstRows
        clientIDs = clients
        teamIDs = teams
        statusIDs = statuses
        isOpen = open
    }

    /// Reads the table of an opened version (a lean cursor over the columns it needs).
    public init(version: IndexVersion) throws {
        let entries = try version.read { db in
            var entries: [Entry] = []
            entries.reserveCapacity(version.meta.ticketCount)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, row_count, client_id, team_id, status_id, is_open FROM tickets ORDER BY first_row"
            )
            while let row = try rows.next() {
                entries.append(Entry(
                    id: try row.decode(atIndex: 0), rowCount: try row.decode(atIndex: 1), clientID: try row.decode(atIndex: 2),
                    teamID: try row.decode(atIndex: 3), statusID: try row.decode(atIndex: 4), isOpen: try row.decode(atIndex: 5)
                ))
            }
            return entries
        }
        self.init(entries)
    }

    /// The rows of ticket index `ticket`.
    func rows(ofTicket ticket: Int) -> Range<Int> {
        Int(firstRows[ticket]) ..< Int(firstRows[ticket + 1])
    }

    /// The index of the ticket owning `row` (a binary search over the first rows).
    func ticket(ofRow row: Int) -> Int {
        var low = 0
        var high = count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(firstRows[middle]) <= row { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The ranges of ticket indexes that pass `filter`, adjacent ones merged.
    func ticketRanges(matching filter: SearchFilter) -> [Range<Int>] {
        guard !filter.isEmpty else { return count > 0 ? [0..<count] : [] }
        var ranges: [Range<Int>] = []
        var start: Int?
        for ticket in 0...count {
            let admitted = ticket < count && filter.admits(
                id: ids[ticket], clientID: value(clientIDs[ticket]), teamID: value(teamIDs[ticket]),
                statusID: value(statusIDs[ticket]), isOpen: isOpen[ticket]
            )
            if admitted, start == nil {
                start = ticket
            } else if !admitted, let first = start {
                ranges.append(first..<ticket)
                start = nil
            }
        }
        return ranges
    }

    private func value(_ stored: Int32) -> Int? {
        stored == Self.none ? nil : Int(stored)
    }
}
