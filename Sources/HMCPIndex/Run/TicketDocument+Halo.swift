import Foundation
import Shared

extension TicketDocument {
    /// The chunker's view of a HaloPSA ticket and its actions: what the index stores and searches.
    public init(ticket: Ticket, actions: [Action]) {
        self.init(
            id: ticket.id, summary: ticket.summary ?? "",
            details: ticket.detailsHTML?.isEmpty == false ? ticket.detailsHTML! : (ticket.details ?? ""),
            clientID: ticket.clientID, clientName: ticket.clientName, ticketTypeName: ticket.ticketTypeName,
            statusID: ticket.statusID, statusName: ticket.statusName, teamID: ticket.teamID, teamName: ticket.team,
            agentID: ticket.agentID, agentName: ticket.agentName, priority: ticket.priorityName,
            category: ticket.category1, dateOccurred: ticket.dateOccurred, lastActionDate: ticket.lastChange,
            isOpen: !(ticket.hasBeenClosed ?? false),
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
