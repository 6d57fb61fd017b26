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
        var output = OutputObject(["id": .int(client.id), "name": .string(client.name ?? "Client \(client.id)")])
        output.set("parent", client.topLevelName)
        output.set("inactive", client.inactive)
        output.set("vip", client.isVIP)
        output.set("website", client.website)
        output.set("main_site", client.mainSiteName)
        output.set("main_site_id", client.mainSiteID)
        output.set("open_tickets", client.openTicketCount)
        output.set("notes", TextBudget.readable(html: client.notes, limit: notesLimit))
        output.set("custom_fields", .array(TicketOutput.customFields(client.customFields ?? [])))
        return output.value
    }
}
