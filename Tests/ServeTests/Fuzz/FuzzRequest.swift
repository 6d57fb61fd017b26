import NIOHTTP1

/// One HTTP request of a fuzz case, and which answers count as clean.
struct FuzzRequest: Sendable {
    /// What a clean answer looks like.
    enum Expectation: Sendable {
        /// A `tools/call` with this id: a JSON-RPC result (possibly `isError`) or a protocol error, never an
        /// internal error or an internal failure message.
        case toolAnswer(id: Int)
        /// Anything but a 5xx: the server refused or accepted it.
        case noServerError
    }

    var method: HTTPMethod
    /// Path and query, from the server's origin.
    var path: String
    var headers: [(String, String)]
    var body: [UInt8]?
    var expectation: Expectation
    /// A short description for failure reports.
    var summary: String
}
