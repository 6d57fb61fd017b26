/// Writes a generated ticket's text: summary, HTML details and the notes of its actions. Every piece
/// is a pure function of (seed, ticket id, piece), so text can be produced lazily, in any order, and
/// always comes out the same; a `{slot}` has one value per ticket wherever it appears.
struct TicketStory {
    let seed: UInt64
    let ticket: Ticket
    let scenario: Scenario
    let organisation: Organisation

    /// The one-line summary.
    func summary() -> String {
        var random = stream("summary")
        return expand(random.pick(scenario.summaries))
    }

    /// The details as HTML: paragraphs, a bullet list, a sign-off; text is entity-escaped.
    func detailsHTML() -> String {
        var random = stream("details")
        var html = "<p>" + escape(expand(random.pick(scenario.openings))) + "</p>"
        for paragraph in random.sample(scenario.paragraphs, count: random.int(in: 1...2)) {
            html += "<p>" + escape(expand(paragraph)) + "</p>"
        }
        let bullets = random.sample(scenario.bullets, count: random.int(in: 2...max(2, scenario.bullets.count)))
        html += "<ul>" + bullets.map { "<li>" + escape(expand($0)) + "</li>" }.joined() + "</ul>"
        let signOff = random.pick(["Kind regards,", "Thanks,", "Many thanks,", "Cheers,"])
        html += "<p>" + escape(signOff) + "<br>" + escape(slot("user")) + "<br>" + escape(slot("client")) + "</p>"
        return html
    }

    /// The plain-text note of the planned action at `index` (0-based) of `plans`. Successive notes of the
    /// same kind take successive templates, so a ticket does not repeat itself; an end user who writes
    /// before anyone has written to them is chasing.
    func note(for plans: [PlannedAction], index: Int) -> String {
        let plan = plans[index]
        let kind = NoteKind(outcomeID: plan.outcomeID)
        let earlier = plans[..<index]
        var random = stream("action\(index)")
        let templates: [String]
        switch kind {
        case .opening: templates = scenario.openings
        case .investigation: templates = scenario.notes
        case .reply: templates = scenario.replies.map { "Hi {first},\n\n" + $0 }
        case .userReply:
            let contacted = earlier.contains { NoteKind(outcomeID: $0.outcomeID) == .reply }
            templates = contacted ? scenario.userReplies : Self.chasers
        case .resolution: templates = scenario.resolutions
        case .timeEntry: templates = ["Remote session to investigate.", "Worked on the issue, see notes.", "Follow-up checks."]
        case .update: templates = scenario.notes.map { "Update: " + $0 }
        case .fixed(let text): templates = text
        }
        let occurrence = earlier.filter { NoteKind(outcomeID: $0.outcomeID) == kind }.count
        let base = random.below(templates.count)
        return expand(templates[(base + occurrence) % templates.count])
    }

    private static let chasers = [
        "Any update on this please?", "Just chasing this - it is still happening today.", "Is there any news on this?",
        "This is still a problem for us, could someone take a look?",
    ]

    /// Which family of text an action's outcome calls for.
    private enum NoteKind: Equatable {
        case opening, investigation, reply, userReply, resolution, timeEntry, update
        case fixed([String])

        init(outcomeID: Int) {
            switch outcomeID {
            case ReferenceData.OutcomeID.logged: self = .opening
            case ReferenceData.OutcomeID.privateNote, 14, 22, 24: self = .investigation
            case ReferenceData.OutcomeID.emailUser, 12: self = .reply
            case ReferenceData.OutcomeID.userReply, 13: self = .userReply
            case 15, 23, 25: self = .resolution
            case ReferenceData.OutcomeID.timeEntry: self = .timeEntry
            case ReferenceData.OutcomeID.note: self = .update
            case 10: self = .fixed(["Triaged and assigned to the right team.", "Triaged: {category}."])
            case 16: self = .fixed(["Closing as resolved; no response from the user.", "Confirmed fixed with the user. Closing."])
            case 18: self = .fixed(["Submitted for approval."])
            case 19: self = .fixed(["Approved.", "Approved by the line manager.", "CAB approved; schedule for the next window."])
            case 20: self = .fixed(["Rejected - not approved by the budget holder.", "Rejected by CAB: insufficient rollback plan."])
            default: self = .fixed(["Status updated.", "Picked this up.", "Work started."])
            }
        }
    }

    /// `note` as HTML: paragraphs and line breaks, entity-escaped.
    static func html(fromNote note: String) -> String {
        note.components(separatedBy: "\n\n").map { paragraph in
            "<p>" + paragraph.components(separatedBy: "\n").map(escape).joined(separator: "<br>") + "</p>"
        }.joined()
    }

    /// The value of `{name}` for this ticket.
    func slot(_ name: String) -> String {
        if let values = scenario.slots[name] {
            var random = stream("slot:" + name)
            return expand(random.pick(values))
        }
        var random = stream("slot:" + name)
        let client = organisation.client(ticket.clientID)
        let requester = organisation.user(ticket.userID)
        switch name {
        case "client": return client?.name ?? "the client"
        case "category": return scenario.category.replacingOccurrences(of: ">", with: " / ")
        case "stem": return client.map { String($0.domain.prefix { $0 != "." }) } ?? "corp"
        case "domain": return client?.domain ?? "example.com"
        case "local": return (client.map { String($0.domain.prefix { $0 != "." }) } ?? "corp") + ".local"
        case "site": return organisation.site(ticket.siteID)?.name ?? "Head Office"
        case "user": return requester?.name ?? "the user"
        case "first": return requester.map { String($0.name.prefix { $0 != " " }) } ?? "there"
        case "username": return requester.map { String($0.email.prefix { $0 != "@" }) } ?? "user"
        case "colleague":
            let others = organisation.users(ofClient: ticket.clientID).filter { $0.id != ticket.userID }
            return others.isEmpty ? "my manager" : random.pick(others).name
        case "host", "laptop", "printer", "firewall", "switch", "dc":
            return assetName(slot: name, random: &random)
        case "app": return random.pick(ScenarioCatalogue.applications)
        case "time": return random.pick(["08:45", "09:10", "10:30", "11:55", "13:20", "14:05", "15:40", "16:15"])
        case "day": return random.pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
        case "newstarter": return random.pick(Names.firstNames) + " " + random.pick(Names.surnames)
        default: return "{\(name)}"
        }
    }

    private func assetName(slot: String, random: inout SplitMix64) -> String {
        let typeID = AssetSlot.typeID(for: slot)
        let linked = ticket.assetIDs.compactMap(organisation.asset).filter { $0.assetTypeID == typeID }
        let candidates = linked.isEmpty ? organisation.assets(ofClient: ticket.clientID).filter { $0.assetTypeID == typeID } : linked
        if slot == "dc", let controller = candidates.first(where: { $0.keyField.hasPrefix("dc") }) {
            return controller.keyField
        }
        return candidates.isEmpty ? "srv01.corp.local" : candidates[0].keyField
    }

    /// `template` with every `{slot}` replaced (values may themselves contain slots).
    func expand(_ template: String, depth: Int = 0) -> String {
        guard depth < 4, template.contains("{") else { return template }
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            output += expand(slot(String(rest[rest.index(after: open)..<close])), depth: depth + 1)
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private func stream(_ label: String) -> SplitMix64 {
        SplitMix64(seed: seed, stream: Self.fnv1a(label), item: UInt64(ticket.id))
    }

    /// FNV-1a: a stable string hash (Swift's `Hasher` is randomised per process).
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// HTML-escapes text (`&`, `<`, `>`, quotes).
    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    private func escape(_ text: String) -> String { Self.escape(text) }
}

/// Which asset type a `{slot}` names.
enum AssetSlot {
    /// Slots that name an asset.
    static let names = ["host", "laptop", "printer", "firewall", "switch", "dc"]

    /// The asset type id behind a slot.
    static func typeID(for slot: String) -> Int {
        switch slot {
        case "laptop": 1
        case "printer": 4
        case "firewall": 5
        case "switch": 6
        default: 3
        }
    }
}
