import Crypto
import Foundation
import HaloSim
import Testing

/// Every ticket or action change is POSTed to the configured receiver with Basic auth or the HMAC
/// `Token` header, asynchronously and with retries.
@Suite("Webhooks", .timeLimit(.minutes(1)))
struct WebhookTests {
    private func createAndTriage(_ sim: SimulatorHarness) async throws -> Int {
        let token = try await sim.serviceToken()
        let created = try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"summary\": \"Hook me\", \"client_id\": 2}]")
        let id = try #require(try created.object()["id"] as? Int)
        let moved = try await sim.send(.POST, "/api/Actions", token: token, json: "[{\"ticket_id\": \(id), \"outcome_id\": 10, \"note\": \"go\"}]")
        #expect(moved.status == 200)
        return id
    }

    @Test("Basic authentication and the delivery payload")
    func basicDeliveries() async throws {
        let receiver = try await WebhookReceiver.start()
        do {
            try await SimulatorHarness.run(tickets: 5, {
                $0.webhook = WebhookTarget(url: receiver.url, authentication: .basic(user: "halo", password: "s3cret"))
            }) { sim in
                let id = try await createAndTriage(sim)
                let deliveries = try await receiver.waitForSuccesses(2)
                let expected = "Basic " + Data("halo:s3cret".utf8).base64EncodedString()
                #expect(deliveries.allSatisfy { $0.headers[.authorization] == expected })
                let created = try deliveries[0].json()
                #expect(created["event"] as? String == "New Ticket Logged")
                #expect(created["object_id"] as? Int == id)
                #expect((created["ticket"] as? [String: Any])?["id"] as? Int == id)
                for key in ["id", "webhook_id", "notification_id", "escmsg_id", "message", "agent_id", "timestamp"] {
                    #expect(created[key] != nil, "missing \(key)")
                }
                #expect((created["timestamp"] as? String)?.hasSuffix("Z") == true)
                let changed = try deliveries[1].json()
                #expect(changed["event"] as? String == "Ticket Status Changed")
                #expect((changed["ticket"] as? [String: Any])?["status_id"] as? Int == 2)
                #expect((changed["action"] as? [String: Any])?["outcome_id"] as? Int == 10)
            }
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    @Test("HMAC mode signs the raw body in the Token header, and failed deliveries are retried")
    func hmacDeliveriesWithRetry() async throws {
        let receiver = try await WebhookReceiver.start(failures: 1)
        do {
            try await SimulatorHarness.run(tickets: 5, {
                $0.webhook = WebhookTarget(url: receiver.url, authentication: .hmac(secret: "shared-secret"))
            }) { sim in
                _ = try await createAndTriage(sim)
                let deliveries = try await receiver.waitForSuccesses(2)
                let key = SymmetricKey(data: Data("shared-secret".utf8))
                for delivery in deliveries {
                    let mac = HMAC<SHA256>.authenticationCode(for: Data(delivery.body.utf8), using: key)
                    #expect(delivery.headers[.init("Token")!] == Data(mac).base64EncodedString())
                    #expect(delivery.headers[.authorization] == nil)
                }
                let all = receiver.deliveries
                #expect(all.first?.status == 500)
                #expect(all.count >= 3)
                #expect(all[0].body == all[1].body, "the refused delivery is sent again unchanged")
            }
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }
}
