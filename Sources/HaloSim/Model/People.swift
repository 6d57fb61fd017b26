/// A customer organisation (Halo's `Area`).
struct Client: Sendable {
    var id: Int
    var name: String
    var website: String
    var domain: String
    var isVIP: Bool
    var notes: String
    var colour: String
    var mainSiteID: Int
    var accountManagerAgentID: Int
    var primaryAgentID: Int
    var inactive: Bool = false
}

/// A location of a client (Halo's `Site`).
struct Site: Sendable {
    var id: Int
    var clientID: Int
    var name: String
    var city: String
}

/// An end user of a client (Halo's `Users`), who raises tickets.
struct EndUser: Sendable {
    var id: Int
    var clientID: Int
    var siteID: Int
    var name: String
    var email: String
}

/// A team (Halo calls teams "sections").
struct Team: Sendable {
    var id: Int
    var name: String
    var departmentID: Int
    var departmentName: String
    var email: String
}

/// One agent's membership of one team, with the two access flags that drive visibility (see `Visibility`).
struct TeamMembership: Sendable {
    var teamID: Int
    var isManager: Bool
    /// May see the team's tickets assigned to the "Unassigned" placeholder (agent 1).
    var unassignedAccess: Bool
    /// May see the team's tickets assigned to other agents.
    var otherAgentAccess: Bool
}

/// A Halo agent (`Uname`): a technician who logs in, belongs to teams and may be restricted to clients.
struct Agent: Sendable {
    /// The reserved id of the "Unassigned" placeholder agent.
    static let unassignedID = 1

    var id: Int
    var name: String
    var firstName: String
    var surname: String
    /// Login name on the simulator's login form (first.last).
    var username: String
    var email: String
    /// Sees every ticket (Halo administrators and the service account's agent).
    var isAdmin: Bool
    var isAPIAgent: Bool
    var memberships: [TeamMembership]
    /// When not empty, the agent only sees tickets of these clients.
    var clientRestrictions: [Int]
    var disabled: Bool = false

    var initials: String {
        String(firstName.prefix(1)) + String(surname.prefix(1))
    }

    /// Whether this agent can log in on the authorisation page (not the placeholder, not disabled).
    var canLogIn: Bool { id != Self.unassignedID && !disabled }

    /// The membership of `teamID`, if the agent is in that team.
    func membership(of teamID: Int) -> TeamMembership? {
        memberships.first { $0.teamID == teamID }
    }
}

/// A configuration item linked to tickets (`Device`); the three key fields are what Halo shows as its name.
struct Asset: Sendable {
    var id: Int
    var inventoryNumber: String
    /// Hostname.
    var keyField: String
    /// Make and model.
    var keyField2: String
    /// Serial number.
    var keyField3: String
    var clientID: Int
    var siteID: Int
    var username: String
    var assetTypeID: Int
    var assetTypeName: String
}
