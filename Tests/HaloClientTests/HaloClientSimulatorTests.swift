import Foundation
import HaloSim
import HMCPTesting
import Shared
import Testing

/// The HaloPSA client against the simulator over loopback: every typed call, paging, errors, retries,
/// the rate limiter, token caching, hosted vs on-premise.
@Suite("HaloPSA client against the simulator", .timeLimit(.minutes(3)))
struct HaloClientSimulatorTests {
    @Test func everyTypedCallDecodes() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let me = try await client.me(as: .serviceAccount)
            #expect(me.id == sim.simulator.seeded.adminAgentID)

            let page = try await client.tickets(pageSize: 5, as: .serviceAccount)
            #expect(page.tickets.count == 5)
            #expect(page.recordCount == 300)
            let first = try #require(page.tickets.first)
            let detail = try await client.ticket(first.id, as: .serviceAccount)
            #expect(detail.id == first.id)
            #expect(detail.summary == first.summary)
            #expect(detail.workflowID != nil && detail.workflowStep != nil)
            #expect(detail.team != nil && detail.teamID != nil)

            let statuses = try await client.statuses(as: .serviceAccount)
            #expect(statuses.contains { $0.id == 9 })
            #expect(try await client.teams(showAll: true, as: .serviceAccount).count >= 2)
            let types = try await client.ticketTypes(as: .serviceAccount)
            let type = try await client.ticketType(try #require(detail.ticketTypeID), as: .serviceAccount)
            #expect(types.contains { $0.id == type.id })
            #expect(type.workflowID != nil)
            let workflows = try await client.workflows(as: .serviceAccount)
            let workflow = try await client.workflow(try #require(detail.workflowID), as: .serviceAccount)
            #expect(workflows.contains { $0.id == workflow.id })
            #expect(workflow.step(try #require(detail.workflowStep)) != nil)
            #expect(!(try await client.outcomes(as: .serviceAccount)).isEmpty)
            let customer = try await client.client(try #require(detail.clientID), as: .serviceAccount)
            #expect(customer.name == detail.clientName)
            #expect(!(try await client.clients(as: .serviceAccount)).isEmpty)
            #expect(try await client.agents(as: .serviceAccount).contains { $0.id == me.id })
            _ = try await client.assets(ticketID: first.id, as: .serviceAccount)

            let history = try await client.actions(ticketID: first.id, as: .serviceAccount)
            let actions = history.actions
            #expect(history.recordCount == actions.count)
            if let action = actions.first {
                #expect(try await client.action(action.id, ticketID: first.id, as: .serviceAccount).id == action.id)
            }
        }
    }

    @Test func createUpdateAndAnnotateATicket() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let existing = try #require(try await client.tickets(pageSize: 1, as: .serviceAccount).tickets.first)
            var new = NewTicket(summary: "Printer on floor 3 shows E-502")
            new.details = "Paper jam error after every job."
            new.clientID = existing.clientID
            new.ticketTypeID = existing.ticketTypeID
            let created = try await client.createTicket(new, as: .serviceAccount)
            #expect(created.id > 0)
            #expect(created.summary == new.summary)

            var changes = TicketChanges(id: created.id)
            changes.summary = "Printer on floor 3 shows E-502 (toner)"
            _ = try await client.updateTicket(changes, as: .serviceAccount)
            #expect(try await client.ticket(created.id, as: .serviceAccount).summary == changes.summary)

            var note = NewAction(ticketID: created.id)
            note.outcome = "Private Note"
            note.note = "Replaced the fuser."
            note.hiddenFromUser = true
            let action = try await client.createAction(note, as: .serviceAccount)
            #expect(action.ticketID == created.id)
            let history = try await client.actions(ticketID: created.id, as: .serviceAccount).actions
            #expect(history.contains { $0.id == action.id && $0.note?.contains("fuser") == true })
        }
    }

    @Test func pagingWalksEveryPageUntilRecordCount() async throws {
        try await withSimulator(tickets: 250) { sim in
            let client = sim.client()
            let pages = try await (1...3).asyncMap { try await client.tickets(page: $0, pageSize: 40, as: .serviceAccount) }
            let ids = pages.flatMap { $0.tickets.map(\.id) }
            #expect(ids.count == 120)
            #expect(Set(ids).count == 120, "pages overlap")
            #expect(pages.allSatisfy { $0.recordCount == 250 && $0.hasMore })

            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let all = try await client.allTickets(as: .serviceAccount)
            #expect(all.count == 250)
            #expect(Set(all.map(\.id)).count == 250)
            #expect(try await sim.count("GET", "/api/tickets") == 3, "250 tickets are 3 pages of 100")
            #expect(try await client.ticketIDs(as: .serviceAccount).count == 250)

            var openOnly = TicketQuery()
            openOnly.openOnly = true
            let open = try await client.allTickets(openOnly, as: .serviceAccount)
            #expect(open.allSatisfy { $0.statusID != 9 })
            #expect(open.count < 250)
        }
    }

    @Test func errorStatusesBecomeTypedErrorsWithHalosMessage() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let notFound = await #expect(throws: HaloAPIError.self) { try await client.ticket(9_999_999, as: .serviceAccount) }
            #expect(notFound?.kind == .notFound && notFound?.status == 404)

            let badToken = await #expect(throws: HaloAPIError.self) { try await client.me(as: .user(accessToken: "forged.token.value")) }
            #expect(badToken?.kind == .unauthorized && badToken?.status == 401)

            let noOutcome = await #expect(throws: HaloAPIError.self) {
                try await client.createAction(NewAction(ticketID: try await client.tickets(pageSize: 1, as: .serviceAccount).tickets[0].id), as: .serviceAccount)
            }
            #expect(noOutcome?.kind == .badRequest)
            #expect(noOutcome?.message.contains("Outcome") == true)

            let narrow = try #require(sim.simulator.seeded.agent(id: sim.simulator.seeded.narrowAgentID))
            let token = try await sim.logIn(narrow.username, client: client)
            let visible = Set(try await client.allTickets(as: .user(accessToken: token.accessToken)).map(\.id))
            let hidden = try #require(try await client.ticketIDs(as: .serviceAccount).first { !visible.contains($0) })
            let forbidden = await #expect(throws: HaloAPIError.self) { try await client.ticket(hidden, as: .user(accessToken: token.accessToken)) }
            #expect(forbidden?.kind == .forbidden && forbidden?.status == 403)

            _ = try await sim.admin("/_sim/faults", post: #"{"error_rate": 1.0}"#)
            let serverError = await #expect(throws: HaloAPIError.self) { try await client.statuses(as: .serviceAccount) }
            #expect(serverError?.kind == .serverError && serverError?.isRetryable == true)
            _ = try await sim.admin("/_sim/faults", post: "{}")

            _ = try await sim.admin("/_sim/ratelimit", post: #"{"requests": 2, "window_seconds": 60}"#)
            let limited = await #expect(throws: HaloAPIError.self) {
                for _ in 0..<4 { _ = try await client.statuses(as: .serviceAccount) }
            }
            #expect(limited?.kind == .rateLimited && limited?.status == 429)
            #expect(limited?.message.contains("Rate Limit") == true)
        }
    }

    @Test func retriesAfterA429HonouringRetryAfter() async throws {
        try await withSimulator { sim in
            let clock = ManualClock()
            let client = sim.client(sim.settings(maxRetries: 3), clock: clock)
            _ = try await client.statuses(as: .serviceAccount)  // token fetched before the burst
            _ = try await sim.admin("/_sim/faults", post: #"{"burst_429": 2, "retry_after": 1}"#)
            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let call = Task { try await client.statuses(as: .serviceAccount) }
            for answered in 1...2 {
                await clock.waitForSleepers(1)
                #expect(try await sim.count("GET", "/api/status") == answered, "waits after 429 number \(answered)")
                clock.advance(by: .milliseconds(999))
                #expect(clock.sleeping == 1, "Retry-After says a whole second")
                clock.advance(by: .milliseconds(1))
            }
            #expect(try await !call.value.isEmpty)
            #expect(try await sim.count("GET", "/api/status") == 3, "two 429s, then success")
        }
    }

    @Test(arguments: ["nan", "inf", "1e19", "-1", "Fri, 31 Dec 9999 23:59:59 GMT"])
    func anyRetryAfterIsClampedToAFiniteWait(header: String) async throws {
        try await withSimulator { sim in
            var settings = sim.settings(maxRetries: 1)
            settings.maxBackoff = 0.05
            let client = sim.client(settings)
            _ = try await client.statuses(as: .serviceAccount)  // token fetched before the burst
            let fault = String(decoding: try JSONSerialization.data(withJSONObject: ["burst_429": 1, "retry_after": header]), as: UTF8.self)
            _ = try await sim.admin("/_sim/faults", post: fault)
            #expect(!(try await client.statuses(as: .serviceAccount)).isEmpty, "retried after a wait it could take")

            let once = sim.client(sim.settings(maxRetries: 0))
            _ = try await sim.admin("/_sim/faults", post: fault)
            let limited = await #expect(throws: HaloAPIError.self) { try await once.statuses(as: .serviceAccount) }
            #expect(limited?.kind == .rateLimited)
            #expect(limited?.retryAfter == RetryAfter.wait(header))
        }
    }

    @Test func rateLimiterKeepsTheClientUnderTheTenantLimit() async throws {
        try await withSimulator { sim in
            _ = try await sim.admin("/_sim/ratelimit", post: #"{"requests": 10, "window_seconds": 2}"#)
            let client = sim.client(sim.settings(maxRetries: 0, rateLimit: 5, rateWindow: 2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<14 { group.addTask { _ = try await client.statuses(as: .serviceAccount) } }
                try await group.waitForAll()
            }
            // 16 requests (discovery, token, 14 calls) against a simulator limit of 10 per rolling 2 s: the client keeps to 5, none is refused.
            #expect(try await sim.count("GET", "/api/status") == 14)
        }
    }

    @Test func serviceTokenIsCachedSharedAndRenewed() async throws {
        // A lifetime far longer than the test takes on a loaded machine: only the clocks moved here expire it.
        try await withSimulator(configure: { $0.accessTokenLifetime = 600 }) { sim in
            let clock = ManualClock()
            let client = sim.client(clock: clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await client.statuses(as: .serviceAccount) } }
                try await group.waitForAll()
            }
            #expect(try await sim.count("POST", "/auth/token") == 1, "one token for ten concurrent calls")
            clock.advance(by: .seconds(300))
            _ = try await client.statuses(as: .serviceAccount)
            #expect(try await sim.count("POST", "/auth/token") == 1, "still fresh")
            clock.advance(by: .seconds(300))
            _ = try await sim.admin("/_sim/clock", post: #"{"advance_seconds": 600}"#)
            _ = try await client.statuses(as: .serviceAccount)
            #expect(try await sim.count("POST", "/auth/token") == 2, "renewed before use once expired")
        }
    }

    @Test func userLoginRefreshIsSingleUse() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin })
            let token = try await sim.logIn(agent.username, client: client)
            #expect(try await client.me(as: .user(accessToken: token.accessToken)).id == agent.id)
            let refreshToken = try #require(token.refreshToken)
            let renewed = try await client.refresh(refreshToken)
            #expect(try await client.me(as: .user(accessToken: renewed.accessToken)).id == agent.id)
            let reused = await #expect(throws: HaloAPIError.self) { try await client.refresh(refreshToken) }
            #expect(reused?.kind == .badRequest)
            #expect(!"\(reused!)".contains(refreshToken), "errors never echo tokens")
        }
    }

    @Test func hostedTenantIsSentAndEnforced() async throws {
        try await withSimulator(configure: { $0.tenant = "acme" }) { sim in
            let hosted = sim.client(sim.settings(tenant: "acme"))
            #expect(await hosted.authEndpoints().authURL == sim.baseURL + "/auth")
            #expect(await hosted.authorizationURL(redirectURI: "http://x/cb", state: "s", codeChallenge: "c").hasPrefix(sim.baseURL + "/auth/authorize?tenant=acme&"))
            #expect(try await hosted.me(as: .serviceAccount).id == sim.simulator.seeded.adminAgentID)
            let agent = try #require(sim.simulator.seeded.agents.first)
            _ = try await sim.logIn(agent.username, client: hosted)

            let onPremiseStyle = sim.client(sim.settings(tenant: nil))
            #expect(await onPremiseStyle.authorizationURL(redirectURI: "http://x/cb", state: "s", codeChallenge: "c").hasPrefix(sim.baseURL + "/auth/authorize?response_type=code"))
            await #expect(throws: HaloAPIError.self) { try await onPremiseStyle.me(as: .serviceAccount) }
        }
    }

    @Test func authServerFallsBackWhenDiscoveryFails() async throws {
        // No retries and a short deadline (the HTTP client retries a refused connection until it passes):
        // the fallback and the error's kind are the point.
        let client = HaloClient(settings: HaloSettings(baseURL: "http://127.0.0.1:9", requestTimeout: 0.5, maxRetries: 0), logger: .init(label: "test"))
        #expect(await client.authEndpoints().authURL == "http://127.0.0.1:9/auth")
        let unreachable = await #expect(throws: HaloAPIError.self) { try await client.me(as: .user(accessToken: "t")) }
        #expect(unreachable?.kind == .transport || unreachable?.kind == .timeout)
        #expect(unreachable?.isRetryable == true)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
