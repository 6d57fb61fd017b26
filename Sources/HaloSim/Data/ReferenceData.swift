import Foundation

/// The fixed configuration of the simulated tenant: statuses, outcomes, workflows, ticket types and
/// priorities. It does not depend on the seed, so tests can name ids directly.
enum ReferenceData {
    /// Ticket statuses; 9 = Closed as on default installs.
    static let statuses: [Status] = [
        Status(id: 1, name: "New", shortName: "NEW", type: 0, sequence: 1, colour: "#3a87ad"),
        Status(id: 2, name: "In Progress", shortName: "INP", type: 0, sequence: 2, colour: "#468847"),
        Status(id: 3, name: "Action Required", shortName: "ACT", type: 0, sequence: 3, colour: "#f89406"),
        Status(id: 4, name: "Waiting on User", shortName: "WOU", type: 2, sequence: 4, colour: "#999999"),
        Status(id: 5, name: "Waiting on Supplier", shortName: "WOS", type: 2, sequence: 5, colour: "#999999"),
        Status(id: 6, name: "Scheduled", shortName: "SCH", type: 0, sequence: 6, colour: "#6f5499"),
        Status(id: 7, name: "Pending Approval", shortName: "APP", type: 2, sequence: 7, colour: "#c09853"),
        Status(id: 8, name: "Resolved", shortName: "RES", type: 0, sequence: 8, colour: "#5bb75b"),
        Status(id: 9, name: "Closed", shortName: "CLO", type: 1, sequence: 9, colour: "#333333"),
    ]

    /// Outcome ids that name the built-in always-available actions.
    enum OutcomeID {
        static let logged = 1
        static let privateNote = 2
        static let emailUser = 3
        static let timeEntry = 4
        static let note = 5
        static let userReply = 6
    }

    /// Action buttons. 1–6 are general; 10–26 drive workflow transitions.
    static let outcomes: [Outcome] = [
        outcome(1, "Logged", newStatus: 1, hidden: false, system: 1),
        outcome(2, "Private Note", newStatus: nil, hidden: true, system: 8, note: true),
        outcome(3, "Email User", newStatus: nil, hidden: false, system: 3, note: true),
        outcome(4, "Time Entry", newStatus: nil, hidden: true, system: 0),
        outcome(5, "Note", newStatus: nil, hidden: false, system: 0, note: true),
        outcome(6, "User Reply", newStatus: 3, hidden: false, system: 2),
        outcome(10, "Triage", newStatus: 2, hidden: false, system: 0),
        outcome(11, "Start Work", newStatus: 2, hidden: false, system: 0),
        outcome(12, "Request Information", newStatus: 4, hidden: false, system: 0, note: true),
        outcome(13, "Customer Responded", newStatus: 3, hidden: false, system: 0),
        outcome(14, "Escalate to Supplier", newStatus: 5, hidden: true, system: 0, note: true),
        outcome(15, "Resolve", newStatus: 8, hidden: false, system: 0, note: true),
        outcome(16, "Close", newStatus: 9, hidden: false, system: 0),
        outcome(17, "Reopen", newStatus: 2, hidden: false, system: 0),
        outcome(18, "Submit for Approval", newStatus: 7, hidden: false, system: 0),
        outcome(19, "Approve", newStatus: 6, hidden: false, system: 0),
        outcome(20, "Reject", newStatus: 9, hidden: false, system: 0, note: true),
        outcome(21, "Implement", newStatus: 2, hidden: false, system: 0),
        outcome(22, "Root Cause Identified", newStatus: 3, hidden: true, system: 0, note: true),
        outcome(23, "Fulfil", newStatus: 8, hidden: false, system: 0),
        outcome(24, "Supplier Responded", newStatus: 3, hidden: true, system: 0),
        outcome(25, "Implementation Complete", newStatus: 8, hidden: false, system: 0),
        outcome(26, "Roll Back", newStatus: 6, hidden: false, system: 0, note: true),
    ]

    private static func outcome(
        _ id: Int, _ name: String, newStatus: Int?, hidden: Bool, system: Int, note: Bool = false
    ) -> Outcome {
        Outcome(
            id: id, name: name, buttonName: name, sequence: id, newStatus: newStatus, hideFromUser: hidden,
            systemID: system, mustAddNote: note)
    }

    /// Four workflows of 4–6 steps.
    static let workflows: [Workflow] = [
        workflow(
            1, "Standard Incident",
            steps: ["Triage", "Investigation", "Awaiting User", "With Supplier", "Resolved", "Closed"],
            moves: [(1, 10, 2), (2, 12, 3), (3, 13, 2), (2, 14, 4), (4, 24, 2), (2, 15, 5), (5, 16, 6), (5, 17, 2)],
            alwaysAllowed: [2, 3, 4, 5, 6], transitionBase: 100),
        workflow(
            2, "Service Request Fulfilment",
            steps: ["Submitted", "Approval", "Fulfilment", "Completed"],
            moves: [(1, 18, 2), (1, 11, 3), (2, 19, 3), (2, 20, 4), (3, 23, 4), (4, 17, 3)],
            alwaysAllowed: [2, 3, 4, 5, 6], transitionBase: 200),
        workflow(
            3, "Problem Management",
            steps: ["Logged", "Root Cause Analysis", "Known Error", "Resolved", "Closed"],
            moves: [(1, 11, 2), (2, 22, 3), (3, 15, 4), (4, 16, 5), (4, 17, 2)],
            alwaysAllowed: [2, 4, 5], transitionBase: 300),
        workflow(
            4, "Change Control",
            steps: ["Draft", "CAB Approval", "Scheduled", "Implementation", "Review", "Closed"],
            moves: [(1, 18, 2), (2, 19, 3), (2, 20, 6), (3, 21, 4), (4, 25, 5), (4, 26, 3), (5, 16, 6)],
            alwaysAllowed: [2, 4, 5], transitionBase: 400),
    ]

    private static func workflow(
        _ id: Int, _ name: String, steps: [String], moves: [(Int, Int, Int)], alwaysAllowed: [Int],
        transitionBase: Int
    ) -> Workflow {
        let stages = steps.count
        let built = steps.enumerated().map { index, stepName in
            let stepID = index + 1
            let transitions = moves.enumerated().filter { $0.element.0 == stepID }.map { offset, move in
                Transition(id: transitionBase + offset + 1, outcomeID: move.1, startStep: move.0, endStep: move.2)
            }
            return WorkflowStep(
                stepID: stepID, name: stepName, stageNumber: min(index + 1, stages), isStart: index == 0,
                isEnd: index == steps.count - 1, transitions: transitions)
        }
        return Workflow(id: id, name: name, steps: built, alwaysAllowedOutcomeIDs: alwaysAllowed)
    }

    /// Ticket type ids.
    enum TicketTypeID {
        static let incident = 1
        static let serviceRequest = 2
        static let problem = 3
        static let change = 4
        static let alert = 5
    }

    /// Five ticket types; Service Request and Change Request restrict their outcomes.
    static let ticketTypes: [TicketType] = [
        TicketType(
            id: 1, name: "Incident", sequence: 1, workflowID: 1, initialStatus: 1, defaultPriority: 3,
            defaultTeamID: 1, allowAllActions: true, allowedOutcomeIDs: []),
        TicketType(
            id: 2, name: "Service Request", sequence: 2, workflowID: 2, initialStatus: 1, defaultPriority: 4,
            defaultTeamID: 1, allowAllActions: false, allowedOutcomeIDs: [1, 2, 3, 4, 5, 6, 11, 17, 18, 19, 20, 23]),
        TicketType(
            id: 3, name: "Problem", sequence: 3, workflowID: 3, initialStatus: 1, defaultPriority: 2,
            defaultTeamID: 2, allowAllActions: true, allowedOutcomeIDs: []),
        TicketType(
            id: 4, name: "Change Request", sequence: 4, workflowID: 4, initialStatus: 1, defaultPriority: 3,
            defaultTeamID: 8, allowAllActions: false, allowedOutcomeIDs: [1, 2, 4, 5, 16, 18, 19, 20, 21, 25, 26]),
        TicketType(
            id: 5, name: "Alert", sequence: 5, workflowID: 1, initialStatus: 1, defaultPriority: 2,
            defaultTeamID: 2, allowAllActions: true, allowedOutcomeIDs: []),
    ]

    /// Priorities with their SLA targets.
    static let priorities: [Priority] = [
        Priority(id: 1, name: "P1 - Critical", responseHours: 1, fixHours: 4),
        Priority(id: 2, name: "P2 - High", responseHours: 2, fixHours: 8),
        Priority(id: 3, name: "P3 - Medium", responseHours: 4, fixHours: 24),
        Priority(id: 4, name: "P4 - Low", responseHours: 8, fixHours: 72),
    ]

    /// Team ids, names and departments (Halo's "sections").
    static let teams: [Team] = [
        Team(id: 1, name: "Service Desk", departmentID: 1, departmentName: "IT Support", email: "servicedesk"),
        Team(id: 2, name: "Network & Infrastructure", departmentID: 2, departmentName: "Infrastructure", email: "network"),
        Team(id: 3, name: "End User Computing", departmentID: 1, departmentName: "IT Support", email: "euc"),
        Team(id: 4, name: "Cloud & Identity", departmentID: 2, departmentName: "Infrastructure", email: "cloud"),
        Team(id: 5, name: "Security Operations", departmentID: 3, departmentName: "Security", email: "soc"),
        Team(id: 6, name: "Business Applications", departmentID: 4, departmentName: "Applications", email: "apps"),
        Team(id: 7, name: "Field Services", departmentID: 1, departmentName: "IT Support", email: "field"),
        Team(id: 8, name: "Change & Release", departmentID: 2, departmentName: "Infrastructure", email: "change"),
    ]
}

extension ReferenceData {
    /// The status with this id.
    static func status(_ id: Int) -> Status? { statuses.first { $0.id == id } }
    /// The outcome with this id.
    static func outcome(_ id: Int) -> Outcome? { outcomes.first { $0.id == id } }
    /// The outcome with this name (case-insensitive).
    static func outcome(named name: String) -> Outcome? {
        outcomes.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
    /// The workflow with this id.
    static func workflow(_ id: Int) -> Workflow? { workflows.first { $0.id == id } }
    /// The ticket type with this id.
    static func ticketType(_ id: Int) -> TicketType? { ticketTypes.first { $0.id == id } }
    /// The priority with this id.
    static func priority(_ id: Int) -> Priority? { priorities.first { $0.id == id } }
}
