/// Splits plain text into pieces that each fit a token budget, cutting at the coarsest boundary
/// that works (paragraph, then line, then sentence, then word, then character) and starting each
/// piece after the first with the previous piece's last units, up to `overlap` tokens.
struct TextSplitter {
    /// Most tokens one piece may hold.
    let budget: Int
    /// Most tokens repeated from the end of one piece at the start of the next.
    let overlap: Int
    /// Counts the tokens of a text.
    let countTokens: TokenCounter

    /// The pieces of `text`, in order; empty for blank text.
    func split(_ text: String) -> [String] {
        let units = self.units(of: text, level: .paragraph, separator: "")
        guard !units.isEmpty else { return [] }
        var pieces: [String] = []
        var current: [Unit] = []
        var currentTokens = 0
        for unit in units {
            if !current.isEmpty, currentTokens + unit.tokens > budget {
                pieces.append(Self.join(current))
                current = overlapTail(of: current, before: unit)
                currentTokens = current.reduce(0) { $0 + $1.tokens }
            }
            current.append(unit)
            currentTokens += unit.tokens
        }
        pieces.append(Self.join(current))
        return pieces
    }

    /// One indivisible run of text with its token count and the separator that precedes it.
    private struct Unit {
        let text: Substring
        let tokens: Int
        let separator: String
    }

    /// The boundaries tried in order, coarsest first.
    private enum Level: CaseIterable {
        case paragraph, line, sentence, word, character

        var separator: String {
            switch self {
            case .paragraph: "\n\n"
            case .line: "\n"
            case .sentence, .word: " "
            case .character: ""
            }
        }

        var finer: Level? {
            let all = Level.allCases
            let position = all.firstIndex(of: self)!
            return position + 1 < all.count ? all[position + 1] : nil
        }
    }

    private func units(of text: Substring, level: Level, separator: String) -> [Unit] {
        var result: [Unit] = []
        for (index, part) in parts(of: text, at: level).enumerated() {
            let partSeparator = index == 0 ? separator : level.separator
            let tokens = countTokens(String(part))
            if tokens <= budget || level == .character {
                result.append(Unit(text: part, tokens: tokens, separator: partSeparator))
            } else if let finer = level.finer {
                result.append(contentsOf: units(of: part, level: finer, separator: partSeparator))
            }
        }
        return result
    }

    private func units(of text: String, level: Level, separator: String) -> [Unit] {
        units(of: Substring(text), level: level, separator: separator)
    }

    /// The non-blank parts of `text` at `level`, trimmed.
    private func parts(of text: Substring, at level: Level) -> [Substring] {
        let raw: [Substring]
        switch level {
        case .paragraph:
            raw = text.split(separator: "\n\n", omittingEmptySubsequences: true)
        case .line:
            raw = text.split(separator: "\n", omittingEmptySubsequences: true)
        case .sentence:
            raw = Self.sentences(of: text)
        case .word:
            raw = text.split(whereSeparator: \.isWhitespace)
        case .character:
            raw = longestFittingPrefixes(of: text)
        }
        return raw.map(Self.trimmed).filter { !$0.isEmpty }
    }

    /// Cuts after `.`, `!`, `?` or `…` when whitespace follows.
    private static func sentences(of text: Substring) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if ".!?…".contains(text[index]), next < text.endIndex, text[next].isWhitespace {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        result.append(text[start...])
        return result
    }

    /// Cuts a word too long for the budget into the longest prefixes that fit (binary search).
    private func longestFittingPrefixes(of text: Substring) -> [Substring] {
        var result: [Substring] = []
        var rest = text
        while !rest.isEmpty {
            var low = 1
            var high = rest.count
            while low < high {
                let middle = (low + high + 1) / 2
                if countTokens(String(rest.prefix(middle))) <= budget { low = middle } else { high = middle - 1 }
            }
            result.append(rest.prefix(low))
            rest = rest.dropFirst(low)
        }
        return result
    }

    /// The end of a finished piece to repeat before `next`: whole trailing units, then trailing
    /// sentences of the unit that does not fit whole, at most `overlap` tokens, always less than the
    /// whole piece, and leaving room for `next`.
    private func overlapTail(of units: [Unit], before next: Unit) -> [Unit] {
        let pieceTokens = units.reduce(0) { $0 + $1.tokens }
        let limit = min(overlap, budget - next.tokens, pieceTokens - 1)
        var tail: [Unit] = []
        var tokens = 0
        for unit in units.reversed() {
            if tokens + unit.tokens <= limit {
                tail.insert(unit, at: 0)
                tokens += unit.tokens
                continue
            }
            var sentences: [Unit] = []
            for sentence in parts(of: unit.text, at: .sentence).reversed() {
                let count = countTokens(String(sentence))
                guard tokens + count <= limit else { break }
                sentences.insert(Unit(text: sentence, tokens: count, separator: Level.sentence.separator), at: 0)
                tokens += count
            }
            if let first = sentences.first {
                sentences[0] = Unit(text: first.text, tokens: first.tokens, separator: unit.separator)
            }
            tail.insert(contentsOf: sentences, at: 0)
            break
        }
        return tail
    }

    private static func join(_ units: [Unit]) -> String {
        var text = ""
        for (index, unit) in units.enumerated() {
            if index > 0 { text += unit.separator }
            text += unit.text
        }
        return text
    }

    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[first...last]
    }
}
