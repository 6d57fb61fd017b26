/// Builds the people and organisations of a generated tenant: clients with sites, users and assets, and
/// the agent roster. The roster's shape is fixed (so tests can rely on it); only names depend on the seed.
struct OrganisationGenerator {
    /// Generated agents per team (the first is the team manager).
    static let agentsPerTeam = 4
    /// Number of generated clients.
    static let clientCount = 40

    private var random: SplitMix64

    /// A generator for `seed`.
    init(seed: UInt64) { random = SplitMix64(seed: seed, stream: 1, item: 0) }

    /// Clients with their sites, users and assets.
    mutating func clients() -> (clients: [Client], sites: [Site], users: [EndUser], assets: [Asset]) {
        var clients: [Client] = []
        var sites: [Site] = []
        var users: [EndUser] = []
        var assets: [Asset] = []
        let stems = random.sample(Names.clientStems, count: Self.clientCount)
        for (index, stem) in stems.enumerated() {
            let id = index + 1
            let kind = random.pick(Names.clientKinds)
            let name = [stem, kind.0, kind.1].filter { !$0.isEmpty }.joined(separator: " ")
            let domain = stem.lowercased() + (random.chance(0.5) ? ".co.uk" : ".com")
            let siteCount = random.int(in: 1...3)
            let firstSite = sites.count + 1
            for siteIndex in 0..<siteCount {
                let city = random.pick(Names.cities)
                let siteName = siteIndex == 0 ? "Head Office" : random.chance(0.5) ? "\(city) Office" : "\(city) Depot"
                sites.append(Site(id: sites.count + 1, clientID: id, name: siteName, city: city))
            }
            for _ in 0..<random.int(in: 6...14) {
                let first = random.pick(Names.firstNames)
                let last = random.pick(Names.surnames)
                let handle = "\(first).\(last)".lowercased().replacingOccurrences(of: "'", with: "")
                users.append(
                    EndUser(
                        id: users.count + 1, clientID: id, siteID: firstSite + random.below(siteCount),
                        name: "\(first) \(last)", email: "\(handle)@\(domain)"))
            }
            assets += clientAssets(clientID: id, stem: stem, firstSite: firstSite, siteCount: siteCount, startID: assets.count + 1)
            clients.append(
                Client(
                    id: id, name: name, website: "https://www.\(domain)", domain: domain, isVIP: random.chance(0.15),
                    notes: "Managed service customer since \(2012 + random.below(12)). \(random.pick(Self.clientNotes))",
                    colour: random.pick(["#2e86de", "#10ac84", "#ee5253", "#ff9f43", "#5f27cd", "#222f3e"]),
                    mainSiteID: firstSite, accountManagerAgentID: 3 + random.below(8 * Self.agentsPerTeam),
                    primaryAgentID: 3 + random.below(8 * Self.agentsPerTeam)))
        }
        return (clients, sites, users, assets)
    }

    private static let clientNotes = [
        "Out-of-hours support only for P1 incidents.", "All changes need approval from the office manager.",
        "Site access requires a visitor badge from reception.", "Uses a third-party line-of-business vendor for ERP.",
        "Backups replicate nightly to the secondary site.", "Prefers phone contact over e-mail.",
    ]

    private mutating func clientAssets(clientID: Int, stem: String, firstSite: Int, siteCount: Int, startID: Int) -> [Asset] {
        let prefix = String(stem.uppercased().prefix(4))
        let local = stem.lowercased() + ".local"
        var assets: [Asset] = []
        func add(_ host: String, _ model: String, _ typeID: Int, _ typeName: String, user: String = "") {
            let id = startID + assets.count
            assets.append(
                Asset(
                    id: id, inventoryNumber: "\(prefix)-\(String(format4: id))", keyField: host, keyField2: model,
                    keyField3: "SN\(String(random.next() % 90_000_000 + 10_000_000))", clientID: clientID,
                    siteID: firstSite + random.below(siteCount), username: user, assetTypeID: typeID,
                    assetTypeName: typeName))
        }
        for server in random.sample(["fs01", "dc01", "dc02", "sql01", "app01", "rds01", "backup01", "print01"], count: 4) {
            add("\(server).\(local)", random.pick(["Dell PowerEdge R650", "HPE ProLiant DL380 Gen10", "Hyper-V VM"]), 3, "Server")
        }
        for _ in 0..<random.int(in: 3...6) {
            add(
                "\(prefix)-LT-\(String(format4: random.int(in: 100...9999)))",
                random.pick(["Dell Latitude 5440", "Lenovo ThinkPad T14 Gen 4", "HP EliteBook 840 G10", "Surface Laptop 5"]),
                1, "Laptop")
        }
        add("\(prefix)-PRN-\(random.int(in: 1...9))", random.pick(["HP LaserJet M507", "Ricoh IM C3000", "Canon iR-ADV C5535"]), 4, "Printer")
        add("fw01.\(local)", random.pick(["FortiGate 60F", "Sophos XGS 2100", "Meraki MX68"]), 5, "Firewall")
        add("sw-core-01.\(local)", random.pick(["Aruba 2930F", "Cisco Catalyst 9200", "Meraki MS120"]), 6, "Switch")
        return assets
    }

    /// The agent roster: 1 = Unassigned, 2 = administrator, then `agentsPerTeam` agents for each team
    /// with varied access flags; two agents are restricted to a few clients. Usernames are unique.
    mutating func agents(clientIDs: [Int]) -> [Agent] {
        var agents = [
            Agent(
                id: Agent.unassignedID, name: "Unassigned", firstName: "Unassigned", surname: "", username: "unassigned",
                email: "", isAdmin: false, isAPIAgent: false, memberships: [], clientRestrictions: [], disabled: true),
            person(id: 2, isAdmin: true, memberships: [TeamMembership(teamID: 1, isManager: true, unassignedAccess: true, otherAgentAccess: true)]),
        ]
        let teamCount = ReferenceData.teams.count
        for index in 0..<(teamCount * Self.agentsPerTeam) {
            let team = index / Self.agentsPerTeam + 1
            let role = index % Self.agentsPerTeam
            var memberships = [
                TeamMembership(teamID: team, isManager: role == 0, unassignedAccess: role <= 2, otherAgentAccess: role <= 1)
            ]
            if index % 3 == 0 {
                memberships.append(
                    TeamMembership(teamID: team % teamCount + 1, isManager: false, unassignedAccess: true, otherAgentAccess: false))
            }
            let restricted = role == 1 && (team == 1 || team == 7)
            agents.append(
                person(
                    id: index + 3, isAdmin: false, memberships: memberships,
                    clients: restricted ? random.sample(clientIDs, count: 3).sorted() : []))
        }
        var taken: Set<String> = []
        for index in agents.indices {
            if taken.contains(agents[index].username) {
                agents[index].username += String(agents[index].id)
                agents[index].email = agents[index].username + "@helpdesk.example"
            }
            taken.insert(agents[index].username)
        }
        return agents
    }

    private mutating func person(id: Int, isAdmin: Bool, memberships: [TeamMembership], clients: [Int] = []) -> Agent {
        let first = Names.firstNames[(id * 7 + Int(random.next() % 5)) % Names.firstNames.count]
        let last = Names.surnames[(id * 11 + Int(random.next() % 7)) % Names.surnames.count]
        let username = "\(first).\(last)".lowercased().replacingOccurrences(of: "'", with: "")
        return Agent(
            id: id, name: "\(first) \(last)", firstName: first, surname: last, username: username,
            email: "\(username)@helpdesk.example", isAdmin: isAdmin, isAPIAgent: false, memberships: memberships,
            clientRestrictions: clients)
    }
}

extension String {
    /// A number as at least four digits (`0042`).
    init(format4 value: Int) {
        let text = String(value)
        self = text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }
}
