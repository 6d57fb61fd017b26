import AsyncHTTPClient
import Logging
import Shared

/// `hmcp-index check`: proves the service account can read HaloPSA, and shows what it sees.
public struct HaloCheck: Sendable {
    /// What the check found.
    public struct Report: Sendable, CustomStringConvertible {
        public let authURL: String
        public let agent: Agent
        public let ticketCount: Int
        public let openTicketCount: Int
        public let newestTickets: [Ticket]

        public var description: String {
            var lines = [
                "HaloPSA authorization server: \(authURL)",
                "service account acts as: \(agent.name ?? "?") (agent \(agent.id))",
                "tickets visible: \(ticketCount) (\(openTicketCount) open)",
                "most recently active:",
            ]
            for ticket in newestTickets {
                let status = ticket.statusName ?? ticket.statusID.map { "status \($0)" } ?? "?"
                lines.append("  #\(ticket.id) [\(status)] \(ticket.summary ?? "") — \(ticket.clientName ?? "")")
            }
            return lines.joined(separator: "\n")
        }
    }

    private let client: HaloClient

    /// A check through `client`'s service account.
    public init(client: HaloClient) {
        self.client = client
    }

    /// Runs the check; any HaloPSA failure is thrown as `HaloAPIError`.
    public func run(show count: Int = 5) async throws -> Report {
        let endpoints = await client.authEndpoints()
        let agent = try await client.me(as: .serviceAccount)
        let all = try await client.tickets(pageSize: 1, as: .serviceAccount)
        var openOnly = TicketQuery()
        openOnly.openOnly = true
        let open = try await client.tickets(openOnly, pageSize: 1, as: .serviceAccount)
        var newest = TicketQuery()
        newest.order = "lastactiondate"
        newest.orderDescending = true
        let recent = try await client.tickets(newest, pageSize: count, as: .serviceAccount)
        return Report(
            authURL: endpoints.authURL, agent: agent, ticketCount: all.recordCount, openTicketCount: open.recordCount,
            newestTickets: recent.tickets)
    }
}
