import Foundation

/// Turns a generated ticket's planned actions into full `Action` records, writing their text with
/// `TicketStory` (called the first time a ticket's actions are read or extended).
enum GeneratedActions {
    /// The actions of a generated ticket, ids 1…n in time order.
    static func actions(of ticket: Ticket, seed: UInt64, organisation: Organisation) -> [Action] {
        guard let scenarioIndex = ticket.scenario else { return [] }
        let story = TicketStory(
            seed: seed, ticket: ticket, scenario: ScenarioCatalogue.all[scenarioIndex], organisation: organisation)
        let requester = organisation.user(ticket.userID)
        return ticket.plannedActions.enumerated().map { index, plan in
            let outcome = ReferenceData.outcome(plan.outcomeID)
            let author = plan.agentID.flatMap(organisation.agent)
            let note = index == 0 ? plainText(ofHTML: story.detailsHTML()) : story.note(for: ticket.plannedActions, index: index)
            let html = index == 0 ? story.detailsHTML() : TicketStory.html(fromNote: note)
            let isEmail = plan.outcomeID == ReferenceData.OutcomeID.emailUser || plan.outcomeID == 12
            return Action(
                id: index + 1, ticketID: ticket.id, outcomeID: plan.outcomeID, outcomeName: outcome?.name ?? "Note",
                who: author?.name ?? requester?.name ?? "End User", whoType: author == nil ? 2 : 1,
                whoAgentID: author?.id, time: plan.time, note: note, noteHTML: html,
                hiddenFromUser: outcome?.hideFromUser ?? false, timeTaken: plan.timeTaken, oldStatus: plan.oldStatus,
                newStatus: plan.newStatus,
                emailSubject: isEmail ? "RE: [\(ticket.id)] \(ticket.summary)" : nil,
                emailTo: isEmail ? requester?.email : nil,
                emailFrom: isEmail ? author?.email : nil)
        }
    }

    /// Text of an HTML fragment: tags dropped, `<p>`/`<br>`/`<li>` turned into line breaks, entities decoded.
    static func plainText(ofHTML html: String) -> String {
        var text = ""
        var inTag = false
        var tag = ""
        for character in html {
            if character == "<" {
                inTag = true
                tag = ""
            } else if character == ">" && inTag {
                inTag = false
                let name = tag.lowercased()
                if name == "br" || name == "br/" || name == "/p" || name == "/li" || name == "/ul" { text += "\n" }
                if name == "li" { text += "- " }
            } else if inTag {
                tag.append(character)
            } else {
                text.append(character)
            }
        }
        let decoded = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n")
    }
}
