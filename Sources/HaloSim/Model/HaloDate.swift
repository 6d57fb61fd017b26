import Foundation

/// Halo's date-time text: ISO-8601 in UTC, emitted without a zone suffix (`2025-03-05T14:20:11`), parsed
/// with or without `Z`, fractional seconds or a time part. Times are whole seconds since 1970 internally.
enum HaloDate {
    /// `yyyy-MM-ddTHH:mm:ss` for a time in seconds since 1970 (UTC).
    static func format(_ seconds: Int) -> String {
        let (days, secondOfDay) = seconds.quotientAndRemainderFloor(dividingBy: 86_400)
        let (year, month, day) = civilDate(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    }

    /// The webhook timestamp style: `yyyy-MM-ddTHH:mm:ss.fffffffZ` (seven fractional digits).
    static func formatPrecise(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let ticks = Int(((seconds - Double(whole)) * 10_000_000).rounded(.down))
        return format(whole) + "." + pad(ticks, 7) + "Z"
    }

    /// Parses `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.fff]][Z|±hh:mm]` (a space may replace `T`); nil if malformed.
    static func parse(_ text: String) -> Int? {
        let characters = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= characters.count else { return nil }
            var value = 0
            for byte in characters[from..<from + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), characters.count >= 10, characters[4] == 45, characters[7] == 45,
            let month = number(5, 2), let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = days(fromCivil: year, month, day) * 86_400
        guard characters.count > 10 else { return seconds }
        guard characters[10] == 84 || characters[10] == 32, let hour = number(11, 2), characters.count >= 16,
            characters[13] == 58, let minute = number(14, 2), hour < 24, minute < 60
        else { return nil }
        seconds += hour * 3600 + minute * 60
        var index = 16
        if index < characters.count, characters[index] == 58 {
            guard let second = number(index + 1, 2), second < 61 else { return nil }
            seconds += second
            index += 3
        }
        if index < characters.count, characters[index] == 46 {
            index += 1
            while index < characters.count, characters[index] >= 48, characters[index] <= 57 { index += 1 }
        }
        if index == characters.count { return seconds }
        if characters[index] == 90, index + 1 == characters.count { return seconds }
        if characters[index] == 43 || characters[index] == 45, let hours = number(index + 1, 2) {
            let minutes = characters.count >= index + 6 ? (number(index + 4, 2) ?? 0) : 0
            let offset = (hours * 3600 + minutes * 60) * (characters[index] == 43 ? 1 : -1)
            return seconds - offset
        }
        return nil
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
    private static func civilDate(fromDays days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// (year, month, day) → days since 1970-01-01.
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Int {
    /// Quotient and non-negative remainder (floor division), for dates before 1970.
    fileprivate func quotientAndRemainderFloor(dividingBy divisor: Int) -> (Int, Int) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
