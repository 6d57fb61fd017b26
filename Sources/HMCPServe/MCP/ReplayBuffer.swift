import Foundation

/// The latest events a Streamable HTTP session sent, kept so a client that lost a stream can resume it
/// with `Last-Event-ID`. Bounded by count and bytes (the oldest go first), so a long session's memory
/// stays flat; a client resuming from an event that has gone is told so.
struct ReplayBuffer: Sendable {
    /// One sent event: a message, or a priming event (no message) that only marks a stream's start.
    struct Event: Sendable {
        let streamID: String
        let eventID: String
        let message: Data?
    }

    /// Most events kept.
    let maximumEvents: Int
    /// Most message bytes kept (the newest event is kept whatever its size).
    let maximumBytes: Int
    private(set) var events: [Event] = []
    private(set) var bytes = 0
    private var counter = 0

    /// An empty buffer keeping at most `maximumEvents` events and `maximumBytes` bytes of messages.
    init(maximumEvents: Int = 64, maximumBytes: Int = 1 << 20) {
        self.maximumEvents = maximumEvents
        self.maximumBytes = maximumBytes
    }

    /// Records an event on `streamID` and returns its new event id.
    mutating func append(streamID: String, message: Data?) -> String {
        counter += 1
        let eventID = "\(streamID)_\(counter)"
        events.append(Event(streamID: streamID, eventID: eventID, message: message))
        bytes += message?.count ?? 0
        var dropped = 0
        while events.count - dropped > 1, events.count - dropped > maximumEvents || bytes > maximumBytes {
            bytes -= events[dropped].message?.count ?? 0
            dropped += 1
        }
        events.removeFirst(dropped)
        return eventID
    }

    /// The stream `eventID` belongs to and the messages sent on it after that event, or `nil` when the
    /// event is unknown or no longer kept.
    func messages(after eventID: String) -> (streamID: String, messages: [(eventID: String, message: Data)])? {
        guard let index = events.firstIndex(where: { $0.eventID == eventID }) else { return nil }
        let streamID = events[index].streamID
        let later = events[(index + 1)...].compactMap { event in
            event.streamID == streamID ? event.message.map { (eventID: event.eventID, message: $0) } : nil
        }
        return (streamID, later)
    }

    /// Forgets every event (the session ended).
    mutating func removeAll() {
        events.removeAll()
        bytes = 0
    }
}
