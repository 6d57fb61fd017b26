import Foundation

/// Reads the ticket ids out of a HaloPSA webhook delivery: `object_id`, the embedded `ticket.id`, or
/// the action's `ticket_id`; a batched delivery is an array of such objects.
public enum WebhookPayload {
    /// The distinct ticket ids the delivery is about, or `nil` when the body is not JSON.
    public static func ticketIDs(in body: Data) -> [Int]? {
        guard let json = try? JSONSerialization.jsonObject(with: body) else { return nil }
        let events = (json as? [Any]) ?? [json]
        var ids: [Int] = []
        for case let event as [String: Any] in events {
            let candidates = [
                (event["ticket"] as? [String: Any])?["id"], (event["action"] as? [String: Any])?["ticket_id"],
                event["ticket_id"], event["object_id"],
            ]
            if let id = candidates.lazy.compactMap(integer).first(where: { $0 > 0 }), !ids.contains(id) {
                ids.append(id)
            }
        }
        return ids
    }

    private static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let number as Double: Int(exactly: number)
        case let text as String: Int(text)
        default: nil
        }
    }
}
