import Foundation

/// Finds the identifier-shaped tokens of a query: the words keyword search matches exactly and a
/// sentence embedding blurs. Hybrid ranking fuses in keyword search only when a query holds one, because
/// fusion helps exact look-ups but hurts paraphrased questions, whose rare words are everyday words.
///
/// A token is identifier-shaped when it is
/// - a ticket number (`#1042`), or a bare number of four or more digits, or of three after a cue word
///   (`error 809`, `event 7031`);
/// - a hex code (`0x80070005`);
/// - a mix of letters and digits (`KB5034441`, `AADSTS50076`, `fs01`, `T46U`, `CVE-2024-21413`), except
///   ordinals, times and quantities (`3rd`, `9am`, `50GB`);
/// - a dotted version with at least two dots (`7.0.7`, `2.3.6.0`);
/// - a host or domain name (`srv-db01.contoso.local`, `www.contoso.com`) or a mailbox (`hr@contoso.com`);
/// - a name joined by underscores (`KRB_AP_ERR_SKEW`) or written in camel case (`FortiClient`).
public enum IdentifierTokens {
    /// The identifier-shaped tokens of `text`, in order, without the punctuation around them.
    public static func find(in text: String) -> [String] {
        var found: [String] = []
        var previous = ""
        for raw in text.split(whereSeparator: \.isWhitespace) {
            let word = raw.trimmingCharacters(in: edgePunctuation)
            defer { previous = word.lowercased() }
            guard !word.isEmpty else { continue }
            if isTicketNumber(raw) || isIdentifier(word, after: previous) { found.append(word) }
        }
        return found
    }

    /// True when `text` holds at least one identifier-shaped token.
    public static func occur(in text: String) -> Bool {
        !find(in: text).isEmpty
    }

    private static let edgePunctuation = CharacterSet.punctuationCharacters.union(.symbols).subtracting(CharacterSet(charactersIn: "\\"))

    private static let cueWords: Set<String> = ["error", "event", "code", "ticket", "id", "status", "port"]

    private static func isTicketNumber(_ raw: Substring) -> Bool {
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?()[]\"'"))
        return trimmed.count > 1 && trimmed.first == "#" && trimmed.dropFirst().allSatisfy(\.isASCIIDigit)
    }

    private static func isIdentifier(_ word: String, after previous: String) -> Bool {
        let letters = word.contains(where: \.isLetter)
        let digits = word.contains(where: \.isASCIIDigit)
        if !letters {
            guard digits else { return false }
            if word.allSatisfy(\.isASCIIDigit) { return word.count >= 4 || (word.count == 3 && cueWords.contains(previous)) }
            return word.filter { $0 == "." }.count >= 2 && word.allSatisfy { $0.isASCIIDigit || $0 == "." }
        }
        if word.contains("@") { return isMailbox(word) }
        if isHostName(word) { return true }
        if word.contains("_") { return true }
        if digits { return !isQuantity(word) }
        return isCamelCase(word)
    }

    private static func isMailbox(_ word: String) -> Bool {
        let parts = word.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && isHostName(String(parts[1]))
    }

    /// Dot-separated labels of letters, digits and hyphens ending in a label of two or more letters, with
    /// a digit, three or more labels, or a common top-level domain (`fs01.local`, `www.contoso.com`,
    /// `contoso.co.uk`), so that a `first.last` user name is not taken for a host.
    private static func isHostName(_ word: String) -> Bool {
        let labels = word.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, word.count >= 4, let last = labels.last, last.count >= 2, last.allSatisfy(\.isLetter) else { return false }
        let wellFormed = labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        return wellFormed && (labels.count >= 3 || word.contains(where: \.isASCIIDigit) || topLevelDomains.contains(last.lowercased()))
    }

    private static let topLevelDomains: Set<String> = [
        "com", "net", "org", "local", "lan", "internal", "corp", "io", "co", "uk", "us", "eu", "de", "fr", "nl", "ie", "au",
        "ca", "info", "biz", "gov", "edu", "app", "dev", "cloud",
    ]

    /// Ordinals, times of day and amounts with a unit (`3rd`, `9am`, `50GB`, `4G`): numbers in everyday
    /// wording, not identifiers.
    private static func isQuantity(_ word: String) -> Bool {
        let unit = word.drop { $0.isASCIIDigit || $0 == "." || $0 == "," }
        return unit.count < word.count && word.first?.isASCIIDigit == true && units.contains(unit.lowercased())
    }

    private static let units: Set<String> = [
        "st", "nd", "rd", "th", "am", "pm", "s", "ms", "m", "min", "mins", "h", "hr", "hrs", "k", "kb", "mb", "gb", "tb",
        "mbps", "gbps", "g", "x", "%",
    ]

    /// Letters only: a capital, lower case, then another capital (`FortiClient`, `GlobalProtect`, not `Wi-Fi`).
    private static func isCamelCase(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.allSatisfy(\.isLetter) else { return false }
        let rest = word.dropFirst()
        guard let lower = rest.firstIndex(where: \.isLowercase), lower == rest.startIndex else { return false }
        return rest[lower...].contains(where: \.isUppercase)
    }
}

extension Character {
    /// True for `0`–`9`.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
