import MCP
import Shared

/// Tools about assets (devices, licences, ...) linked to tickets.
enum AssetTools {
    /// This family's tools.
    static let all = [getTicketAssets]

    /// `get_ticket_assets`: the assets linked to a ticket, with HaloPSA's own field names.
    static let getTicketAssets = ToolDefinition(
        name: "get_ticket_assets",
        title: "Get a ticket's assets",
        description: """
            Lists the assets (devices, servers, licences, ...) linked to a HaloPSA ticket, with HaloPSA's own \
            field names: inventory_number (the asset tag), key_field / key_field2 / key_field3 (the display \
            fields configured for the asset type, e.g. hostname or serial number), assettype_name, client_name, \
            site_name, username and status_name.
            """,
        inputSchema: Schema.input(["ticket_id": Schema.id("The ticket id.")], required: ["ticket_id"]),
        outputSchema: Schema.object(
            [
                "ticket_id": Schema.integer(),
                "assets": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.integer(), "inventory_number": Schema.string("The asset tag."),
                            "key_field": Schema.string(), "key_field2": Schema.string(), "key_field3": Schema.string(),
                            "assettype_id": Schema.integer(), "assettype_name": Schema.string(),
                            "client_id": Schema.integer(), "client_name": Schema.string(), "site_id": Schema.integer(),
                            "site_name": Schema.string(), "username": Schema.string(), "status_name": Schema.string(),
                            "inactive": Schema.boolean(),
                        ], required: ["id"])),
            ], required: ["ticket_id", "assets"]),
        annotations: .readOnly("Get a ticket's assets")
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        let assets = try await context.withHalo { halo, credential in
            try await RecordAccess.ticket(id) { try await halo.assets(ticketID: id, as: credential) }
        }
        return .object([
            "ticket_id": .int(id),
            "assets": .array(
                assets.map { asset in
                    var entry = OutputObject(["id": .int(asset.id)])
                    entry.set("inventory_number", asset.inventoryNumber)
                    entry.set("key_field", asset.keyField)
                    entry.set("key_field2", asset.keyField2)
                    entry.set("key_field3", asset.keyField3)
                    entry.set("assettype_id", asset.assetTypeID)
                    entry.set("assettype_name", asset.assetTypeName)
                    entry.set("client_id", asset.clientID)
                    entry.set("client_name", asset.clientName)
                    entry.set("site_id", asset.siteID)
                    entry.set("site_name", asset.siteName)
                    entry.set("username", asset.username)
                    entry.set("status_name", asset.statusName)
                    if asset.inactive == true { entry.set("inactive", true) }
                    return entry.value
                }),
        ])
    }
}
