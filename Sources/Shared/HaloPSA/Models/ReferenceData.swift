/// A ticket status (`TStatus`).
public struct Status: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var shortName: String?
    public var type: Int?
    public var sequence: Int?
    public var colour: String?

    enum CodingKeys: String, CodingKey {
        case id, name, type, sequence, colour
        case shortName = "shortname"
    }
}

/// A team, which HaloPSA calls a section (`SectionDetail`).
public struct Team: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var inactive: Bool?
    public var departmentID: Int?
    public var departmentName: String?
    public var forRequests: Bool?
    public var ticketCount: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, inactive
        case departmentID = "department_id", departmentName = "department_name"
        case forRequests = "forrequests", ticketCount = "ticket_count"
    }
}

/// A ticket type (`RequestType`); the detail adds its workflow and the outcomes it allows.
public struct TicketType: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var groupName: String?
    public var agentsCanSelect: Bool?
    public var visible: Bool?
    public var inactive: Bool?
    public var workflowID: Int?
    public var workflowName: String?
    public var initialStatus: Int?
    /// `true` when every outcome is allowed; otherwise only `allowedActions`.
    public var allowAllActions: Bool?
    public var allowedActions: [Restriction]?

    enum CodingKeys: String, CodingKey {
        case id, name, visible, inactive
        case groupName = "group_name", agentsCanSelect = "agentscanselect"
        case workflowID = "workflow_id", workflowName = "workflow_name", initialStatus = "initial_status"
        case allowAllActions = "allowall_actions", allowedActions = "allowed_actions"
    }

    /// Whether this type allows outcome `outcomeID` (when the detail was not loaded, everything is allowed).
    public func allows(outcomeID: Int) -> Bool {
        guard allowAllActions == false, let allowedActions else { return true }
        return allowedActions.contains { $0.key1 == outcomeID || $0.id == outcomeID && $0.key1 == nil }
    }
}

/// An allow-list entry of a ticket type (`Restriction`); for allowed actions `key1` is the outcome id.
public struct Restriction: Codable, Sendable, Equatable {
    public var id: Int?
    public var type: Int?
    public var key1: Int?
    public var key1Name: String?

    enum CodingKeys: String, CodingKey {
        case id, type, key1
        case key1Name = "key1_name"
    }
}

/// A customer (`Area`), trimmed to the fields worth showing: the full record is ~18 KB.
public struct Client: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String?
    public var topLevelID: Int?
    public var topLevelName: String?
    public var inactive: Bool?
    public var website: String?
    public var isVIP: Bool?
    public var mainSiteID: Int?
    public var mainSiteName: String?
    public var openTicketCount: Int?
    public var notes: String?
    public var customFields: [CustomField]?

    enum CodingKeys: String, CodingKey {
        case id, name, inactive, website, notes
        case topLevelID = "toplevel_id", topLevelName = "toplevel_name", isVIP = "is_vip"
        case mainSiteID = "main_site_id", mainSiteName = "main_site_name"
        case openTicketCount = "open_ticket_count", customFields = "customfields"
    }
}

/// An asset linked to tickets (`Device_List`), with HaloPSA's own field names.
public struct Asset: Codable, Sendable, Equatable, Identifiable {
    public var id: Int
    /// The asset tag.
    public var inventoryNumber: String?
    /// Configured display fields (e.g. the hostname).
    public var keyField: String?
    public var keyField2: String?
    public var keyField3: String?
    public var clientID: Int?
    public var clientName: String?
    public var siteID: Int?
    public var siteName: String?
    public var username: String?
    public var assetTypeID: Int?
    public var assetTypeName: String?
    public var statusID: Int?
    public var statusName: String?
    public var inactive: Bool?

    enum CodingKeys: String, CodingKey {
        case id, username, inactive
        case inventoryNumber = "inventory_number", keyField = "key_field", keyField2 = "key_field2"
        case keyField3 = "key_field3", clientID = "client_id", clientName = "client_name", siteID = "site_id"
        case siteName = "site_name", assetTypeID = "assettype_id", assetTypeName = "assettype_name"
        case statusID = "status_id", statusName = "status_name"
    }
}
