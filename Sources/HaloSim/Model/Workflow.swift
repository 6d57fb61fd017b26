/// A ticket status (`TStatus`). Id 9 is Closed, as on default Halo installs.
struct Status: Sendable {
    /// The id of the Closed status.
    static let closedID = 9

    var id: Int
    var name: String
    var shortName: String
    /// 0 = open, 1 = closed, 2 = pending (on hold).
    var type: Int
    var sequence: Int
    var colour: String

    var isClosed: Bool { type == 1 }
}

/// An action button (`TOutcome`): what an agent does to a ticket; may set a new status.
struct Outcome: Sendable {
    var id: Int
    var name: String
    var buttonName: String
    var sequence: Int
    /// Status applied when the outcome is used; nil keeps the current status.
    var newStatus: Int?
    /// Actions with this outcome are private (hidden from the end user) by default.
    var hideFromUser: Bool
    /// Halo's system id for built-in outcomes (0 for custom ones).
    var systemID: Int
    /// Whether the outcome requires a note.
    var mustAddNote: Bool
}

/// A move from one step to another, triggered by an outcome (`FlowSubDetail`).
struct Transition: Sendable {
    var id: Int
    var outcomeID: Int
    var startStep: Int
    var endStep: Int
}

/// One step of a workflow (`FlowDetail`); `stepID` is what a ticket's `workflow_step` holds.
struct WorkflowStep: Sendable {
    var stepID: Int
    var name: String
    var stageNumber: Int
    var isStart: Bool
    var isEnd: Bool
    var transitions: [Transition]
}

/// A workflow (`FlowHeader`): steps, the transitions out of each, and outcomes allowed at any step.
struct Workflow: Sendable {
    var id: Int
    var name: String
    var steps: [WorkflowStep]
    var alwaysAllowedOutcomeIDs: [Int]

    /// The step with this id.
    func step(_ stepID: Int) -> WorkflowStep? { steps.first { $0.stepID == stepID } }

    /// The first step (where new tickets start).
    var startStep: WorkflowStep? { steps.first { $0.isStart } ?? steps.first }

    /// Every outcome id used by some transition of this workflow.
    var boundOutcomeIDs: Set<Int> { Set(steps.flatMap { $0.transitions.map(\.outcomeID) }) }
}

/// A ticket type (`RequestType`): its default workflow, initial status and allowed outcomes.
struct TicketType: Sendable {
    var id: Int
    var name: String
    var sequence: Int
    var workflowID: Int
    var initialStatus: Int
    var defaultPriority: Int
    var defaultTeamID: Int
    var allowAllActions: Bool
    var allowedOutcomeIDs: [Int]
}

/// A priority level (with its SLA hours).
struct Priority: Sendable {
    var id: Int
    var name: String
    var responseHours: Int
    var fixHours: Int
}
