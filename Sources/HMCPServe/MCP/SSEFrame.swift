import Foundation

/// Server-Sent Events framing for the frames we write ourselves (the SDK's formatter is internal).
enum SSEFrame {
    /// `event: message` carrying one JSON-RPC message on one line.
    static func message(_ json: Data) -> Data {
        let line = String(decoding: json, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        return Data("event: message\ndata: \(line)\n\n".utf8)
    }

    /// The classic transport's first event: where to POST messages.
    static func endpoint(_ path: String) -> Data {
        Data("event: endpoint\ndata: \(path)\n\n".utf8)
    }

    /// A comment line; SSE parsers ignore it, proxies see traffic.
    static let keepAlive = Data(": keep-alive\n\n".utf8)
}
