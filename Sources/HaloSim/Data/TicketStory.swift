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

    /// The plain-text note of the planned action at `index` (0-based).
    func note(for plan: PlannedAction, index: Int) -> String {
        var random = stream("action\(index)")
        let outcomes = ReferenceData.OutcomeID.self
        let template: String
        switch plan.outcomeID {
        case outcomes.logged: template = random.pick(scenario.openings)
        case outcomes.privateNote, 22, 14, 24: template = random.pick(scenario.notes)
        case outcomes.emailUser, 12: template = "Hi {first},\n\n" + random.pick(scenario.replies)
        case outcomes.userReply, 13: template = random.pick(scenario.userReplies)
        case 15, 23, 25: template = random.pick(scenario.resolutions)
        case outcomes.timeEntry: template = random.pick(["Remote session to investigate.", "Worked on the issue, see notes.", "Follow-up checks."])
        case outcomes.note: template = "Update: " + random.pick(scenario.notes)
        case 10: template = "Triaged as \(scenario.category.replacingOccurrences(of: ">", with: " / ")) and assigned to the right team."
        case 16: template = random.pick(["Closing as resolved; no response from the user.", "Confirmed fixed with the user. Closing."])
        case 18: template = "Submitted for approval."
        case 19: template = random.pick(["Approved.", "Approved by the line manager.", "CAB approved; schedule for the next window."])
        case 20: template = random.pick(["Rejected - not approved by the budget holder.", "Rejected by CAB: insufficient rollback plan."])
        default: template = random.pick(scenario.notes)
        }
        return expand(template)
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
