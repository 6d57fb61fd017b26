/// A workflow (`FlowHeader`): steps, their transitions, and outcomes allowed at any step.
public struct Workflow: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var active: Bool?
    public var steps: [WorkflowStep]?
    /// Outcomes usable at every step, which do not move the ticket.
    public var alwaysAllowActions: [Outcome]?

    /// A workflow with only an id.
    public init(id: Int) { self.id = id }

    enum CodingKeys: String, CodingKey {
        case id, name, active, steps
        case alwaysAllowActions = "always_allow_actions"
    }

    /// The step whose `stepID` is `stepID` (the value a ticket keeps in `workflow_step`).
    public func step(_ stepID: Int) -> WorkflowStep? {
        steps?.first { $0.stepID == stepID }
    }
}

/// A step of a workflow (`FlowDetail`).
public struct WorkflowStep: Codable, Sendable, Equatable {
    /// The step's number within its workflow: what `ticket.workflow_step` holds.
    public var stepID: Int
    public var flowID: Int?
    public var name: String?
    public var isStart: Bool?
    public var isEnd: Bool?
    /// The transitions leaving this step.
    public var actions: [WorkflowTransition]?

    enum CodingKeys: String, CodingKey {
        case name, actions
        case stepID = "step_id", flowID = "flow_id", isStart = "isstart", isEnd = "isend"
    }
}

/// A transition leaving a step (`FlowSubDetail`): running outcome `outcomeID` moves the ticket to `endStep`.
public struct WorkflowTransition: Codable, Sendable, Equatable {
    public var id: Int?
    public var flowID: Int?
    public var startStep: Int?
    public var endStep: Int?
    /// The outcome (`TOutcome`) id that performs the transition.
    public var outcomeID: Int
    public var name: String?
    public var restricted: Bool?

    enum CodingKeys: String, CodingKey {
        case id, restricted
        case flowID = "flow_id", startStep = "start_step", endStep = "end_step"
        case outcomeID = "action_id", name = "action_name"
    }
}

/// An outcome (`TOutcome`): the button an agent presses to add an action.
public struct Outcome: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    /// The outcome's name.
    public var outcome: String?
    public var buttonName: String?
    /// The status the ticket gets, if any.
    public var newStatus: Int?
    public var hideFromUser: Bool?
    public var mustAddNote: Bool?
    public var workflowID: Int?
    public var sequence: Int?

    /// An outcome with only an id.
    public init(id: Int) { self.id = id }

    enum CodingKeys: String, CodingKey {
        case id, outcome, sequence
        case buttonName = "buttonname", newStatus = "newstatus", hideFromUser = "hidefromuser"
        case mustAddNote = "mustaddnote", workflowID = "workflow_id"
    }

    /// The name to show: the button name, else the outcome name.
    public var displayName: String { buttonName ?? outcome ?? "Outcome \(id)" }
}
