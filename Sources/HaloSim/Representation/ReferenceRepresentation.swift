/// Statuses, outcomes, workflows and ticket types in Halo's field names.
enum ReferenceRepresentation {
    /// A `TStatus`.
    static func status(_ status: Status) -> JSONValue {
        [
            "id": .int(status.id), "name": .string(status.name), "shortname": .string(status.shortName),
            "type": .int(status.type), "sequence": .int(status.sequence), "colour": .string(status.colour),
            "slaaction": 0, "showonquickchange": true,
        ]
    }

    /// A `TOutcome`.
    static func outcome(_ outcome: Outcome) -> JSONValue {
        let workflows = ReferenceData.workflows.filter {
            $0.boundOutcomeIDs.contains(outcome.id) || $0.alwaysAllowedOutcomeIDs.contains(outcome.id)
        }
        return [
            "id": .int(outcome.id), "outcome": .string(outcome.name), "buttonname": .string(outcome.buttonName),
            "labellong": .string(outcome.name), "sequence": .int(outcome.sequence), "hidden": false,
            "systemid": .int(outcome.systemID), "newstatus": .int(outcome.newStatus ?? 0),
            "hidefromuser": .bool(outcome.hideFromUser), "mustaddnote": .bool(outcome.mustAddNote),
            "workflows": .array(workflows.map { ["id": .int($0.id), "name": .string($0.name)] }),
        ]
    }

    /// A `FlowHeader`; steps (with their transitions) and stages only when `details` is set.
    static func workflow(_ workflow: Workflow, details: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(workflow.id)), ("name", .string(workflow.name)), ("active", true), ("notinuse", false),
        ]
        guard details else { return .object(members) }
        members.append(("steps", .array(workflow.steps.map { step(workflow, $0) })))
        members.append(("stages", .array(workflow.steps.map { step in
            ["id": .int(step.stageNumber), "flow_id": .int(workflow.id), "sequence": .int(step.stageNumber), "name": .string(step.name)]
        })))
        members.append(("always_allow_actions", .array(workflow.alwaysAllowedOutcomeIDs.compactMap(ReferenceData.outcome).map {
            ["id": .int($0.id), "outcome": .string($0.name), "buttonname": .string($0.buttonName)]
        })))
        return .object(members)
    }

    private static func step(_ workflow: Workflow, _ step: WorkflowStep) -> JSONValue {
        let transitions: [JSONValue] = step.transitions.enumerated().map { index, transition in
            let outcome = ReferenceData.outcome(transition.outcomeID)
            return [
                "id": .int(transition.id), "flow_id": .int(workflow.id), "start_step": .int(transition.startStep),
                "end_step": .int(transition.endStep), "action_id": .int(transition.outcomeID),
                "action_name": .optional(outcome?.buttonName), "action_outcome": .optional(outcome?.name),
                "seq": .int(index + 1), "restricted": false,
            ]
        }
        return [
            "fdid": .int(workflow.id * 100 + step.stepID), "step_id": .int(step.stepID), "flow_id": .int(workflow.id),
            "name": .string(step.name), "isstart": .bool(step.isStart), "isend": .bool(step.isEnd),
            "islaststep": .bool(step.isEnd), "stage_number": .int(step.stageNumber), "actions": .array(transitions),
        ]
    }

    /// A `RequestType_List` row.
    static func ticketTypeRow(_ type: TicketType) -> JSONValue {
        [
            "id": .int(type.id), "name": .string(type.name), "use": "ticket", "sequence": .int(type.sequence),
            "group_id": 0, "agentscanselect": true, "enduserscanselect": .bool(type.id != ReferenceData.TicketTypeID.alert),
            "visible": true, "default_sla": 1, "default_priority": .int(type.defaultPriority),
            "default_team": .int(type.defaultTeamID), "default_agent": 0,
            "workflow_name": .optional(ReferenceData.workflow(type.workflowID)?.name),
        ]
    }

    /// A `RequestType` detail: the row plus workflow, initial status and allowed outcomes.
    static func ticketType(_ type: TicketType) -> JSONValue {
        guard case .object(var members) = ticketTypeRow(type) else { return .null }
        members += [
            ("workflow_id", .int(type.workflowID)),
            ("initial_status", .int(type.initialStatus)),
            ("allowall_actions", .bool(type.allowAllActions)),
            ("allowed_actions", .array(type.allowedOutcomeIDs.compactMap(ReferenceData.outcome).map { outcome in
                ["id": .int(type.id * 1000 + outcome.id), "type": 0, "key1": .int(outcome.id), "key1_name": .string(outcome.name)]
            })),
            ("allowall_status", true), ("allowed_status", []), ("allowall_team", true), ("allowed_teams", []), ("fields", []),
        ]
        return .object(members)
    }
}
