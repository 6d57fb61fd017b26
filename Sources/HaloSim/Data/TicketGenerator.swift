import Foundation

/// Generates tickets deterministically: ticket `n` depends only on the seed and `n`, never on how many
/// tickets are generated, so `--tickets 100` is a prefix of `--tickets 100000`. Each ticket walks its
/// ticket type's workflow from the start step, leaving a plan of actions (text written lazily) and a
/// `workflow_history` consistent with its current step and status.
struct TicketGenerator {
    /// Generated data ends at this instant (2025-10-01T00:00:00Z) so datasets do not depend on the clock.
    static let anchor = 1_759_276_800
    /// Id of the first generated ticket.
    static let firstTicketID = 1001
    /// How far back generated tickets start (two years).
    static let span = 730 * 86_400

    let seed: UInt64
    let organisation: Organisation

    private let clientIDs: [Int]
    private let assetSlotsByScenario: [[String]]

    /// A generator over `organisation`.
    init(seed: UInt64, organisation: Organisation) {
        self.seed = seed
        self.organisation = organisation
        clientIDs = organisation.clients.map(\.id)
        assetSlotsByScenario = ScenarioCatalogue.all.map { scenario in
            let text = ([scenario.summaries, scenario.openings, scenario.paragraphs, scenario.bullets, scenario.notes,
                scenario.replies, scenario.resolutions].flatMap { $0 } + scenario.slots.values.flatMap { $0 }).joined()
            return AssetSlot.names.filter { text.contains("{\($0)}") }
        }
    }

    /// Tickets `firstTicketID ..< firstTicketID + count`.
    func tickets(count: Int) -> [Ticket] {
        var tickets: [Ticket] = []
        tickets.reserveCapacity(count)
        for offset in 0..<count { tickets.append(ticket(id: Self.firstTicketID + offset)) }
        return tickets
    }

    /// The generated ticket with this id.
    func ticket(id: Int) -> Ticket {
        var random = SplitMix64(seed: seed, stream: 2, item: UInt64(id))
        let scenarioIndex = random.below(ScenarioCatalogue.all.count)
        let scenario = ScenarioCatalogue.all[scenarioIndex]
        let typeID = random.pick(scenario.ticketTypes)
        let type = ReferenceData.ticketType(typeID) ?? ReferenceData.ticketTypes[0]
        let workflow = ReferenceData.workflow(type.workflowID) ?? ReferenceData.workflows[0]
        let clientID = clientIDs[min(random.below(clientIDs.count), random.below(clientIDs.count))]
        let users = organisation.users(ofClient: clientID)
        let user = users.isEmpty ? nil : random.pick(users)
        let teamID = random.chance(0.8) ? scenario.teamID : random.int(in: 1...organisation.teams.count)
        let members = organisation.members(ofTeam: teamID).filter { !$0.isAdmin }
        let agentID = random.chance(0.25) || members.isEmpty ? Agent.unassignedID : random.pick(members).id
        let age = Int(pow(random.unit(), 1.4) * Double(Self.span))
        let opened = Self.anchor - age - random.below(3600)

        var ticket = Ticket(
            id: id, summary: "", detailsHTML: nil, statusID: type.initialStatus, ticketTypeID: type.id,
            priorityID: random.pick(scenario.priorities), clientID: clientID,
            siteID: user?.siteID ?? organisation.sites(ofClient: clientID).first?.id ?? 0, userID: user?.id ?? 0,
            teamID: teamID, agentID: agentID, category1: scenario.category, dateOccurred: opened, dateCreated: opened,
            dateClosed: nil, lastActionDate: opened, lastUpdate: opened, workflowID: workflow.id,
            workflowStep: workflow.startStep?.stepID ?? 1, workflowStepStarted: opened, workflowHistory: [],
            hasBeenClosed: false, scenario: scenarioIndex)
        ticket.assetIDs = assetSlotsByScenario[scenarioIndex].compactMap { slot in
            let candidates = organisation.assets(ofClient: clientID).filter { $0.assetTypeID == AssetSlot.typeID(for: slot) }
            return candidates.isEmpty ? nil : random.pick(candidates).id
        }
        let worker = agentID != Agent.unassignedID ? agentID : (members.isEmpty ? 2 : random.pick(members).id)
        walk(&ticket, type: type, workflow: workflow, worker: worker, age: age, random: &random)
        ticket.summary = TicketStory(seed: seed, ticket: ticket, scenario: scenario, organisation: organisation).summary()
        return ticket
    }

    /// Plans the ticket's actions: "Logged", then notes and workflow moves until the walk ends.
    private func walk(
        _ ticket: inout Ticket, type: TicketType, workflow: Workflow, worker: Int, age: Int, random: inout SplitMix64
    ) {
        let allowed = { (outcome: Int) in type.allowAllActions || type.allowedOutcomeIDs.contains(outcome) }
        let notes = workflow.alwaysAllowedOutcomeIDs.filter(allowed)
        var time = ticket.dateOccurred
        var plans = [PlannedAction(outcomeID: ReferenceData.OutcomeID.logged, time: time, oldStatus: 0, newStatus: ticket.statusID, agentID: nil, timeTaken: 0)]
        let moveBudget = age > 45 * 86_400 ? 12 : random.int(in: 0...3)
        var moves = 0
        func advance() -> Bool {
            time += random.int(in: 600...(2 * 86_400))
            return time < Self.anchor
        }
        while moves < moveBudget, let step = workflow.step(ticket.workflowStep), !step.transitions.isEmpty {
            for _ in 0..<random.int(in: 0...2) where !notes.isEmpty {
                guard advance() else { break }
                let outcome = random.pick(notes)
                let byUser = outcome == ReferenceData.OutcomeID.userReply
                let newStatus = ReferenceData.outcome(outcome)?.newStatus ?? ticket.statusID
                plans.append(PlannedAction(outcomeID: outcome, time: time, oldStatus: ticket.statusID, newStatus: newStatus,
                    agentID: byUser ? nil : worker, timeTaken: byUser ? 0 : Double(random.int(in: 1...12)) * 0.125))
                ticket.statusID = newStatus
            }
            guard advance() else { break }
            let forward = step.transitions.filter { $0.endStep > step.stepID }
            let candidates = step.transitions.filter { allowed($0.outcomeID) }
            guard !candidates.isEmpty else { break }
            let preferred = forward.filter { allowed($0.outcomeID) }
            let move = !preferred.isEmpty && random.chance(0.8) ? random.pick(preferred) : random.pick(candidates)
            let newStatus = ReferenceData.outcome(move.outcomeID)?.newStatus ?? ticket.statusID
            plans.append(PlannedAction(outcomeID: move.outcomeID, time: time, oldStatus: ticket.statusID, newStatus: newStatus,
                agentID: worker, timeTaken: Double(random.int(in: 0...8)) * 0.25))
            ticket.workflowHistory.append(WorkflowHistoryEntry(
                id: ticket.id * 100 + ticket.workflowHistory.count + 1, flowID: workflow.id, movedFrom: step.stepID,
                movedTo: move.endStep, movedDate: time, actionID: plans.count))
            ticket.statusID = newStatus
            ticket.workflowStep = move.endStep
            ticket.workflowStepStarted = time
            if newStatus == Status.closedID {
                ticket.hasBeenClosed = true
                ticket.dateClosed = time
            } else if ticket.dateClosed != nil {
                ticket.dateClosed = nil
            }
            moves += 1
        }
        ticket.plannedActions = plans
        ticket.lastActionDate = plans.last?.time ?? ticket.dateOccurred
        ticket.lastUpdate = ticket.lastActionDate
        ticket.onHold = ReferenceData.status(ticket.statusID)?.type == 2
    }
}
