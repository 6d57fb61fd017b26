/// Teams, agents, clients and assets in Halo's field names.
struct OrganisationRepresentation {
    let organisation: Organisation

    /// A `SectionDetail`; with `members`, its agents as `UnameSection` rows.
    func team(_ team: Team, members: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .int(team.id)), ("name", .string(team.name)), ("sequence", .int(team.id)), ("forrequests", true),
            ("foropps", false), ("forprojects", false), ("department_id", .int(team.departmentID)),
            ("department_name", .string(team.departmentName)), ("inactive", false),
            ("emailaddress", .string("\(team.email)@helpdesk.example")),
        ]
        let agents = organisation.members(ofTeam: team.id)
        fields.append(("managers", .array(agents.filter { $0.membership(of: team.id)?.isManager == true }.map { agent in
            ["id": .int(agent.id), "name": .string(agent.name)]
        })))
        if members {
            fields.append(("agents", .array(agents.compactMap { agent in agent.membership(of: team.id).map { section($0, agent: agent) } })))
        }
        return .object(fields)
    }

    private func section(_ membership: TeamMembership, agent: Agent) -> JSONValue {
        [
            "agent_id": .int(agent.id), "agent_name": .string(agent.name), "team_id": .int(membership.teamID),
            "team_name": .optional(organisation.team(membership.teamID)?.name), "role_id": .int(membership.isManager ? 2 : 1),
            "role_name": .string(membership.isManager ? "Team Leader" : "Member"), "is_manager": .bool(membership.isManager),
            "unassigned_access": .bool(membership.unassignedAccess), "otheragent_access": .bool(membership.otherAgentAccess),
            "fortickets": true, "foropps": false, "forprojects": false, "in_section": true,
        ]
    }

    /// A `Uname`: the agent with teams, client restrictions and flags.
    func agent(_ agent: Agent) -> JSONValue {
        let primary = agent.memberships.first.flatMap { organisation.team($0.teamID) }
        return [
            "id": .int(agent.id), "name": .string(agent.name), "email": .string(agent.email),
            "initials": .string(agent.initials), "firstname": .string(agent.firstName), "surname": .string(agent.surname),
            "team": .optional(primary?.name), "team_id": .optional(primary?.id),
            "teams": .array(agent.memberships.map { section($0, agent: agent) }),
            "departments": .array(Set(agent.memberships.compactMap { organisation.team($0.teamID)?.departmentID }).sorted().map { id in
                ["id": .int(id), "name": .optional(organisation.teams.first { $0.departmentID == id }?.departmentName)]
            }),
            "clients": .array(agent.clientRestrictions.map { id in
                ["client_id": .int(id), "client_name": .optional(organisation.client(id)?.name), "role_id": 0, "role_name": ""]
            }),
            "roles": .array(agent.isAdmin ? [["id": 1, "name": "Administrator"]] : [["id": 2, "name": "Technician"]]),
            "role_list": .string(agent.isAdmin ? "Administrator" : "Technician"), "isdisabled": .bool(agent.disabled),
            "is_agent": true, "isapiagent": .bool(agent.isAPIAgent), "licence_type": "psa",
            "one_client": .bool(agent.clientRestrictions.count == 1), "_canupdate": .bool(agent.isAdmin),
        ]
    }

    /// A `Client` list row.
    func clientRow(_ client: Client) -> JSONValue {
        [
            "id": .int(client.id), "name": .string(client.name), "toplevel_id": 1, "toplevel_name": "Customers",
            "inactive": .bool(client.inactive), "colour": .string(client.colour), "website": .string(client.website),
            "is_vip": .bool(client.isVIP), "main_site_id": .int(client.mainSiteID),
            "main_site_name": .optional(organisation.site(client.mainSiteID)?.name),
        ]
    }

    /// The full `Area` record: the row plus notes, account team, custom fields and Halo's many billing
    /// and integration fields (real records are ~18 KB; clients must trim them).
    func client(_ client: Client, openTickets: Int) -> JSONValue {
        guard case .object(var members) = clientRow(client) else { return .null }
        let site = organisation.site(client.mainSiteID)
        members += [
            ("notes", .string(client.notes)), ("open_ticket_count", .int(openTickets)),
            ("pritech", .int(client.primaryAgentID)), ("pritech_name", .optional(organisation.agent(client.primaryAgentID)?.name)),
            ("sectech", 0), ("accountmanagertech", .int(client.accountManagerAgentID)),
            ("accountmanagertech_name", .optional(organisation.agent(client.accountManagerAgentID)?.name)),
            ("email_domain", .string(client.domain)), ("main_site_city", .optional(site?.city)),
            ("sites", .array(organisation.sites(ofClient: client.id).map { ["id": .int($0.id), "name": .string($0.name)] })),
            ("customfields", .array([
                ["id": 201, "name": "CFContractLevel", "label": "Contract Level", "type": 0,
                 "value": .string(client.isVIP ? "Platinum" : "Standard"), "display": .string(client.isVIP ? "Platinum" : "Standard")],
            ])),
        ]
        members += Self.billingFields(clientID: client.id)
        return .object(members)
    }

    /// Filler with Halo's flavour: the long tail of billing, integration and policy fields on `Area`.
    private static func billingFields(clientID: Int) -> [(String, JSONValue)] {
        let flags = [
            "taxable", "stopped", "is_account", "dontinvoice", "excludefrombilling", "confirmemail", "actionemail",
            "clearemail", "messagegroup_use_default", "overridepdftemplatequote", "overridepdftemplateinvoice",
            "use_contract_hourly_rate", "prepay_recurring_charge_enabled", "customer_relationship_manager",
            "allowall_tickettypes", "allowall_category1", "allowall_category2", "allowall_category3", "allowall_category4",
        ]
        let integrations = [
            "itglue", "autotask", "connectwise", "xero", "quickbooks", "sage", "datto", "ninja", "ncentral", "liongard",
            "azure", "intune", "snelstart", "servicenow", "jira", "teams", "slack", "mailchimp", "hubspot", "salesforce",
            "dynamics", "kaseya", "syncro", "atera", "splashtop", "teamviewer", "auvik", "meraki", "sophos", "mimecast",
            "proofpoint", "knowbe4", "huntress", "sentinelone", "crowdstrike", "passportal",
        ]
        var integrationFields: [(String, JSONValue)] = []
        for name in integrations {
            integrationFields += [
                ("\(name)_id", .int(0)), ("\(name)_name", .string("")), ("\(name)_url", .string("")),
                ("\(name)_sync", .bool(false)), ("\(name)_lastsync", .null), ("\(name)_override", .bool(false)),
            ]
        }
        var fields: [(String, JSONValue)] = flags.map { ($0, .bool(false)) }
        let numbers = [
            "default_currency_code", "invoice_delivery_method", "default_tax_code", "payment_terms_days",
            "contract_hours_per_month", "prepay_balance", "prepay_threshold", "sla_id", "priority_id", "tax_id",
            "pdf_template_id", "quote_template_id", "invoice_template_id", "messagegroup_id", "ticket_invoices_for_each_site",
            "mailbox_override", "service_availability_hours_id", "default_contract_id", "itglue_id", "autotask_id",
            "connectwise_id", "xero_id", "quickbooks_id", "sage_id", "datto_id", "ninja_id", "ncentral_id",
        ]
        fields += numbers.enumerated().map { index, name in (name, .int((clientID * 31 + index * 7) % 97)) }
        let texts = [
            "billing_address_line1", "billing_address_line2", "billing_town", "billing_county", "billing_postcode",
            "billing_country", "accounts_email", "accounts_phone", "vat_number", "company_number", "purchase_order_ref",
            "invoice_notes", "quote_notes", "external_reference", "logo_url", "portal_welcome_text",
            "ticket_footer_text", "out_of_hours_instructions", "escalation_contact", "onboarding_checklist",
        ]
        fields += texts.map { ($0, .string("")) }
        return fields + integrationFields
    }

    /// A `Device_List` row.
    func asset(_ asset: Asset) -> JSONValue {
        let client = organisation.client(asset.clientID)
        return [
            "id": .int(asset.id), "inventory_number": .string(asset.inventoryNumber), "key_field": .string(asset.keyField),
            "key_field2": .string(asset.keyField2), "key_field3": .string(asset.keyField3), "client_id": .int(asset.clientID),
            "client_name": .optional(client?.name), "site_id": .int(asset.siteID),
            "site_name": .optional(organisation.site(asset.siteID)?.name), "username": .string(asset.username),
            "assettype_id": .int(asset.assetTypeID), "assettype_name": .string(asset.assetTypeName), "status_id": 1,
            "status_name": "Active", "inactive": false, "fields": [], "customfields": [],
        ]
    }
}
