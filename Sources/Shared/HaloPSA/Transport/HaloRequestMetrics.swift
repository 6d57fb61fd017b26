import CoreMetrics

/// The HaloPSA request figures, through swift-metrics (whatever backend the program bootstrapped):
/// `hmcp_halo_requests_total{purpose,status}`, `hmcp_halo_request_duration_seconds{purpose}`,
/// `hmcp_halo_rate_limited_total{purpose}` (429 answers) and `hmcp_halo_retries_total{purpose}`.
enum HaloRequestMetrics {
    /// One answered (or failed) exchange: `status` is the HTTP status, or `timeout` / `transport`.
    static func answered(status: String, nanoseconds: Int64) {
        let purpose = HaloRequestPurpose.current.rawValue
        Counter(label: "hmcp_halo_requests_total", dimensions: [("purpose", purpose), ("status", status)]).increment()
        Timer(label: "hmcp_halo_request_duration_seconds", dimensions: [("purpose", purpose)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
        if status == "429" {
            Counter(label: "hmcp_halo_rate_limited_total", dimensions: [("purpose", purpose)]).increment()
        }
    }

    /// A request about to be sent again.
    static func retried() {
        Counter(label: "hmcp_halo_retries_total", dimensions: [("purpose", HaloRequestPurpose.current.rawValue)]).increment()
    }
}
