import Foundation
import Hummingbird

/// The simulator's own control surface under `/_sim/` (not Halo's; unauthenticated, for tests on loopback):
/// - `GET /_sim/accounts`: seeded agents, roles and the test OAuth applications (their secrets are the
///   simulator's fixed test credentials);
/// - `GET /_sim/visibility?agent_id=N`: `{"ticket_ids": [...]}`, every ticket the agent may see;
/// - `GET|POST /_sim/faults`: `{error_rate, burst_429, throttle_rate, latency_ms, drop_rate, retry_after, maintenance_status}`
///   (POST replaces, absent fields become 0 / none; `retry_after`, a number or any string, is sent verbatim as `Retry-After`);
/// - `GET|POST /_sim/ratelimit`: `{requests, window_seconds, retry_after}` or `{"enabled": false}`;
/// - `GET /_sim/stats`: request counts per path (and per "METHOD path"), and error answers per status
///   (`"status 429"`, …; neither kind is part of `total`); `POST /_sim/reset-stats` clears them;
/// - `GET|POST /_sim/clock`: `{now, ahead_seconds}`, the simulator's time in seconds since 1970 and how far it
///   runs ahead of the system's; POST `{"advance_seconds": N}` moves it forward (token and code expiry, rate
///   windows and change stamps follow it).
struct AdminRoutes {
    let services: SimulatorServices

    func register(on router: Router<SimulatorContext>) {
        router.get("_sim/accounts") { _, _ in HTTPSupport.json(services.accounts.json) }
        router.get("_sim/visibility") { request, _ in
            guard let agentID = try? HTTPSupport.query(request).int("agent_id"),
                let agent = services.store.organisation.agent(agentID)
            else { throw HaloHTTPError.validation("agent_id must name an agent") }
            return HTTPSupport.json(["agent_id": .int(agentID), "ticket_ids": .array(services.store.visibleTicketIDs(of: agent).map(JSONValue.int))])
        }
        router.get("_sim/faults") { _, _ in HTTPSupport.json(Self.json(services.faults.faults)) }
        router.post("_sim/faults") { request, _ in
            let body = try await Self.object(request)
            let faults = Faults(
                errorRate: body["error_rate"]?.doubleValue ?? 0, burst429: body["burst_429"]?.intValue ?? 0,
                throttleRate: body["throttle_rate"]?.doubleValue ?? 0,
                addedLatencyMs: body["latency_ms"]?.intValue ?? 0, dropRate: body["drop_rate"]?.doubleValue ?? 0,
                retryAfter: body["retry_after"].flatMap { value in value.stringValue ?? value.intValue.map { String($0) } },
                maintenanceStatus: body["maintenance_status"]?.intValue)
            services.faults.update(faults)
            return HTTPSupport.json(Self.json(faults))
        }
        router.get("_sim/ratelimit") { _, _ in HTTPSupport.json(Self.json(services.rateLimiter.limit)) }
        router.post("_sim/ratelimit") { request, _ in
            let body = try await Self.object(request)
            if body["enabled"]?.boolValue == false {
                services.rateLimiter.update(nil)
            } else {
                guard let requests = body["requests"]?.intValue, requests > 0 else {
                    throw HaloHTTPError.validation("requests must be a positive integer")
                }
                services.rateLimiter.update(RateLimit(
                    requests: requests, windowSeconds: max(body["window_seconds"]?.intValue ?? 300, 1),
                    sendsRetryAfter: body["retry_after"]?.boolValue ?? true))
            }
            return HTTPSupport.json(Self.json(services.rateLimiter.limit))
        }
        router.get("_sim/clock") { _, _ in HTTPSupport.json(Self.json(services.time)) }
        router.post("_sim/clock") { request, _ in
            guard let seconds = try await Self.object(request)["advance_seconds"]?.doubleValue, seconds >= 0 else {
                throw HaloHTTPError.validation("advance_seconds must be a number of seconds, not negative")
            }
            services.time.advance(by: seconds)
            return HTTPSupport.json(Self.json(services.time))
        }
        router.get("_sim/stats") { _, _ in HTTPSupport.json(services.stats.snapshot()) }
        router.post("_sim/reset-stats") { _, _ in
            services.stats.reset()
            return HTTPSupport.json(services.stats.snapshot())
        }
    }

    private static func object(_ request: Request) async throws -> JSONValue {
        let text = try await HTTPSupport.bodyText(request)
        guard let value = try? JSONValue.parse(Data(text.utf8)), value.members != nil else {
            throw HaloHTTPError.validation("The body must be a JSON object")
        }
        return value
    }

    private static func json(_ faults: Faults) -> JSONValue {
        [
            "error_rate": .double(faults.errorRate), "burst_429": .int(faults.burst429), "throttle_rate": .double(faults.throttleRate),
            "latency_ms": .int(faults.addedLatencyMs),
            "drop_rate": .double(faults.dropRate), "retry_after": .optional(faults.retryAfter),
            "maintenance_status": .optional(faults.maintenanceStatus),
        ]
    }

    private static func json(_ time: SimulatedTime) -> JSONValue {
        ["now": .double(time.seconds), "ahead_seconds": .double(time.aheadBy)]
    }

    private static func json(_ limit: RateLimit?) -> JSONValue {
        guard let limit else { return ["enabled": false] }
        return ["enabled": true, "requests": .int(limit.requests), "window_seconds": .int(limit.windowSeconds), "retry_after": .bool(limit.sendsRetryAfter)]
    }
}
