import Foundation

/// Server-Sent Events framing for the frames we write ourselves (the SDK's formatter is internal).
enum SSEFrame {
    /// `event: message` carrying one JSON-RPC message on one line, with the event id `id` when given.
    static func message(_ json: Data, id: String? = nil) -> Data {
        let line = String(decoding: json, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        let idLine = id.map { "id: \($0)\n" } ?? ""
        return Data("\(idLine)event: message\ndata: \(line)\n\n".utf8)
    }

    /// An event with an id and no data: tells a Streamable HTTP client where it can resume the stream from.
    static func priming(id: String) -> Data {
        Data("id: \(id)\ndata: \n\n".utf8)
    }

    /// The classic transport's first event: where to POST messages.
    static func endpoint(_ path: String) -> Data {
        Data("event: endpoint\ndata: \(path)\n\n".utf8)
    }

    /// A comment line; SSE parsers ignore it, proxies see traffic.
    static let keepAlive = Data(": keep-alive\n\n".utf8)
}
