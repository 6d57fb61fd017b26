import AsyncHTTPClient

/// An `hmcp-serve` that tests talk to over loopback HTTP: in this process (``LiveStack``) or as a child
/// process (``ServeProcess``).
protocol RunningServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    var baseURL: String { get }
    /// An HTTP client that does not follow redirects.
    var http: HTTPClient { get }
}
