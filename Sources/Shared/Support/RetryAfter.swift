import Foundation

/// A server's `Retry-After` header as a wait we can actually take: HaloPSA and the embedding providers
/// both send it, and a faulty or hostile one may send anything (`inf`, `nan`, `1e19`, a date in year 9999).
public enum RetryAfter {
    /// The longest wait a header can ask for; longer (or infinite) requests are cut to it.
    public static let longest: Duration = .seconds(300)

    /// The wait `header` asks for, clamped to `0...longest`; `nil` when there is no header or it is
    /// neither a number of seconds nor an HTTP date. A date counts from `now`.
    public static func wait(_ header: String?, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header) { return clamped(seconds) }
        return httpDate(header).flatMap { clamped($0.timeIntervalSince(now)) }
    }

    /// `seconds` as a duration in `0...longest`; `nil` for NaN.
    static func clamped(_ seconds: Double) -> Duration? {
        guard !seconds.isNaN else { return nil }
        let bounded = min(max(seconds, 0), longest.inSeconds)
        return .milliseconds(Int64((bounded * 1000).rounded(.up)))
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
