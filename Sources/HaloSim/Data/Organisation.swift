/// The people and organisations of the tenant, indexed by id: clients, sites, end users, assets,
/// teams and agents.
struct Organisation: Sendable {
    private(set) var clients: [Client]
    private(set) var sites: [Site]
    private(set) var users: [EndUser]
    private(set) var assets: [Asset]
    private(set) var teams: [Team]
    private(set) var agents: [Agent]

    private var clientIndex: [Int: Int] = [:]
    private var siteIndex: [Int: Int] = [:]
    private var userIndex: [Int: Int] = [:]
    private var assetIndex: [Int: Int] = [:]
    private var teamIndex: [Int: Int] = [:]
    private var agentIndex: [Int: Int] = [:]
    private var usersByClient: [Int: [EndUser]] = [:]
    private var assetsByClient: [Int: [Asset]] = [:]
    private var membersByTeam: [Int: [Agent]] = [:]

    /// Indexes the given records.
    init(clients: [Client], sites: [Site], users: [EndUser], assets: [Asset], teams: [Team], agents: [Agent]) {
        self.clients = clients
        self.sites = sites
        self.users = users
        self.assets = assets
        self.teams = teams
        self.agents = agents
        clientIndex = Self.index(clients.map(\.id))
        siteIndex = Self.index(sites.map(\.id))
        userIndex = Self.index(users.map(\.id))
        assetIndex = Self.index(assets.map(\.id))
        teamIndex = Self.index(teams.map(\.id))
        agentIndex = Self.index(agents.map(\.id))
        usersByClient = Dictionary(grouping: users, by: \.clientID)
        assetsByClient = Dictionary(grouping: assets, by: \.clientID)
        for agent in agents where agent.id != Agent.unassignedID {
            for membership in agent.memberships { membersByTeam[membership.teamID, default: []].append(agent) }
        }
    }

    private static func index(_ ids: [Int]) -> [Int: Int] {
        Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func client(_ id: Int) -> Client? { clientIndex[id].map { clients[$0] } }
    func site(_ id: Int) -> Site? { siteIndex[id].map { sites[$0] } }
    func user(_ id: Int) -> EndUser? { userIndex[id].map { users[$0] } }
    func asset(_ id: Int) -> Asset? { assetIndex[id].map { assets[$0] } }
    func team(_ id: Int) -> Team? { teamIndex[id].map { teams[$0] } }
    func agent(_ id: Int) -> Agent? { agentIndex[id].map { agents[$0] } }
    /// The team with this name (case-insensitive), as Halo accepts `team` by name on writes.
    func team(named name: String) -> Team? { teams.first { $0.name.caseInsensitiveCompare(name) == .orderedSame } }
    /// End users of a client.
    func users(ofClient id: Int) -> [EndUser] { usersByClient[id] ?? [] }
    /// Assets of a client.
    func assets(ofClient id: Int) -> [Asset] { assetsByClient[id] ?? [] }
    /// Agents who are members of a team.
    func members(ofTeam id: Int) -> [Agent] { membersByTeam[id] ?? [] }
    /// Sites of a client.
    func sites(ofClient id: Int) -> [Site] { sites.filter { $0.clientID == id } }
}
