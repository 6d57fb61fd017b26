import Foundation
import Shared

extension TicketDocument {
    /// The chunker's view of a HaloPSA ticket and its actions: what the index stores and searches.
    /// A ticket is open unless its status is one of `closedStatusIDs` (HaloPSA's closed-type statuses).
    public init(ticket: Ticket, actions: [Action], closedStatusIDs: Set<Int>) {
        self.init(
            id: ticket.id, summary: ticket.summary ?? "",
            // The list rows carry `details` and the detail adds `details_html`: prefer the field both
            // have, so a ticket chunks the same whichever way it was read.
            details: ticket.details?.isEmpty == false ? ticket.details! : (ticket.detailsHTML ?? ""),
            clientID: ticket.clientID, clientName: ticket.clientName, ticketTypeName: ticket.ticketTypeName,
            statusID: ticket.statusID, statusName: ticket.statusName, teamID: ticket.teamID, teamName: ticket.team,
            agentID: ticket.agentID, agentName: ticket.agentName, priority: ticket.priorityName,
            category: ticket.category1, dateOccurred: ticket.dateOccurred, lastActionDate: ticket.lastChange,
            isOpen: !closedStatusIDs.contains(ticket.statusID ?? -1),
            actions: actions.compactMap { action in
                let note = action.noteHTML?.isEmpty == false ? action.noteHTML! : (action.note ?? "")
                return ActionDocument(
                    id: action.id, outcomeName: action.outcome, who: action.who, date: action.dateTime, note: note,
                    isPrivate: action.hiddenFromUser ?? false)
            })
    }
}

extension Ticket {
    /// The latest of `lastactiondate` and `last_update`: when anything about the ticket last changed.
    public var lastChange: Date? {
        switch (lastActionDate, lastUpdate) {
        case let (action?, update?): max(action, update)
        case let (action, update): action ?? update
        }
    }
}
