import Foundation

/// HaloPSA's timestamps: ISO-8601, UTC, often without a `Z` (`2025-03-05T14:20:11`), sometimes with up to
/// seven fractional digits or an offset. Values without a zone are UTC.
public enum HaloDate {
    /// Parses any of HaloPSA's forms; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = 0.0
        if index < bytes.count, bytes[index] == 84 || bytes[index] == 32 {  // "T" or " "
            index += 1
            guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
            var second = 0
            if expect(58) {
                guard let parsed = number(2) else { return nil }
                second = parsed
            }
            seconds = Double(hour * 3600 + minute * 60 + second)
            if expect(46) {  // fraction
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    seconds += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        if index < bytes.count {
            if bytes[index] == 90 || bytes[index] == 122 {  // Z
                index += 1
            } else if bytes[index] == 43 || bytes[index] == 45 {  // + or -
                let sign = bytes[index] == 43 ? -1.0 : 1.0
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(58)
                let minutes = number(2) ?? 0
                seconds += sign * Double(hours * 3600 + minutes * 60)
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days) * 86_400 + seconds)
    }

    /// The first and last second of years 1 to 9999, the range ``format(_:)`` writes.
    static let formattable: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// Formats a date the way HaloPSA accepts it in queries: `2025-03-05T14:20:11Z` (UTC). A date outside
    /// years 1 to 9999 (say from a corrupt file) is written as the nearest end of that range.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let total = Int(seconds.isNaN ? 0 : min(max(seconds, formattable.lowerBound), formattable.upperBound).rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
            secondsOfDay / 3600, (secondsOfDay / 60) % 60, secondsOfDay % 60)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension JSONDecoder {
    /// A decoder for HaloPSA bodies: HaloPSA's date forms; unknown fields are ignored by `Decodable`.
    static func halo() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = HaloDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a HaloPSA date: \(text)")
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    /// An encoder for HaloPSA bodies: dates as `yyyy-MM-ddTHH:mm:ssZ`.
    static func halo() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(HaloDate.format(date))
        }
        return encoder
    }
}
