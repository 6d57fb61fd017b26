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
        return try ToolOutput.value(AssetListOutput(ticketID: id, assets: assets.map(AssetOutput.init)))
    }
}

/// `get_ticket_assets`' result.
struct AssetListOutput: Encodable {
    let ticketID: Int
    let assets: [AssetOutput]
}

/// One asset: its tag, key fields, type, owner and state.
struct AssetOutput: Encodable {
    let id: Int
    let inventoryNumber: String?
    let keyField: String?
    let keyField2: String?
    let keyField3: String?
    let assettypeID: Int?
    let assettypeName: String?
    let clientID: Int?
    let clientName: String?
    let siteID: Int?
    let siteName: String?
    let username: String?
    let statusName: String?
    let inactive: Bool?

    /// The output of `asset` (`inactive` only when it is).
    init(_ asset: Asset) {
        id = asset.id
        inventoryNumber = asset.inventoryNumber.nonBlank
        keyField = asset.keyField.nonBlank
        keyField2 = asset.keyField2.nonBlank
        keyField3 = asset.keyField3.nonBlank
        assettypeID = asset.assetTypeID
        assettypeName = asset.assetTypeName.nonBlank
        clientID = asset.clientID
        clientName = asset.clientName.nonBlank
        siteID = asset.siteID
        siteName = asset.siteName.nonBlank
        username = asset.username.nonBlank
        statusName = asset.statusName.nonBlank
        inactive = asset.inactive == true ? true : nil
    }
}
