/// Recognises a note that repeats the ticket's details (HaloPSA's first "Logged" action usually carries
/// the details word for word): its words, lower-cased and without punctuation, appear in the same order
/// inside the details' words.
struct DetailsEcho {
    private let details: String

    /// Prepares `details` (plain text) for comparison.
    init(details: String) {
        self.details = Self.normalised(details)
    }

    /// True when `note` (plain text) has words and every one of them, in order, is part of the details.
    func contains(_ note: String) -> Bool {
        let words = Self.normalised(note)
        return !words.isEmpty && !details.isEmpty && " \(details) ".contains(" \(words) ")
    }

    /// The letters and digits of `text`, lower-cased, as words separated by single spaces.
    static func normalised(_ text: String) -> String {
        text.lowercased()
            .split { !($0.isLetter || $0.isNumber) }
            .joined(separator: " ")
    }
}
