import MCP
import Shared

/// Tools about customers (HaloPSA's clients).
enum ClientTools {
    /// This family's tools.
    static let all = [getClient]

    /// Longest client notes returned, in characters.
    static let notesLimit = 1500

    /// `get_client`: one client, trimmed (HaloPSA's full record is ~18 KB of billing and integration fields).
    static let getClient = ToolDefinition(
        name: "get_client",
        title: "Get a client",
        description: """
            Returns one HaloPSA client (customer): name, parent, whether it is active or VIP, website, main site, \
            how many tickets it has open, its notes as plain text and custom fields with a value. Client ids \
            appear on tickets (client_id). Billing and integration fields are left out.
            """,
        inputSchema: Schema.input(["client_id": Schema.id("The client id.")], required: ["client_id"]),
        outputSchema: Schema.object(
            [
                "id": Schema.integer(), "name": Schema.string(), "parent": Schema.string("The top-level group."),
                "inactive": Schema.boolean(), "vip": Schema.boolean(), "website": Schema.string(),
                "main_site": Schema.string(), "main_site_id": Schema.integer(), "open_tickets": Schema.integer(),
                "notes": Schema.string("Plain text; long notes are cut."), "custom_fields": TicketOutput.customFieldsSchema,
            ], required: ["id", "name", "custom_fields"]),
        annotations: .readOnly("Get a client")
    ) { arguments, context in
        let id = try arguments.requiredInteger("client_id")
        let client = try await context.withHalo { halo, credential in
            try await RecordAccess.guarding("client \(id)", hint: "Check the id; client ids appear on tickets (client_id).") {
                try await halo.client(id, as: credential)
            }
        }
        return try ToolOutput.value(
            ClientOutput(
                id: client.id, name: client.name ?? "Client \(client.id)", parent: client.topLevelName.nonBlank,
                inactive: client.inactive, vip: client.isVIP, website: client.website.nonBlank,
                mainSite: client.mainSiteName.nonBlank, mainSiteID: client.mainSiteID, openTickets: client.openTicketCount,
                notes: TextBudget.readable(html: client.notes, limit: notesLimit),
                customFields: TicketOutput.customFields(client.customFields ?? [])))
    }
}

/// `get_client`'s result.
struct ClientOutput: Encodable {
    let id: Int
    let name: String
    let parent: String?
    let inactive: Bool?
    let vip: Bool?
    let website: String?
    let mainSite: String?
    let mainSiteID: Int?
    let openTickets: Int?
    let notes: String?
    let customFields: [TicketOutput.CustomFieldValue]
}
