/// Counts the model tokens of a text, without the `[CLS]`/`[SEP]` pair the model adds.
///
/// The indexer passes the embedder's own tokenizer; `TokenCounting.wordEstimate` is a conservative
/// stand-in that over-counts rather than under-counts for a WordPiece vocabulary.
public typealias TokenCounter = @Sendable (String) -> Int

/// Token counters that need no vocabulary.
public enum TokenCounting {
    /// Estimates WordPiece tokens from the text's shape: every punctuation or symbol mark is one
    /// token, every non-ASCII letter (CJK, emoji) one token, a run of ASCII letters one token per
    /// five letters (at least one), and a run containing digits one token per two characters.
    public static let wordEstimate: TokenCounter = { text in
        var tokens = 0
        var runLength = 0
        var runHasDigit = false
        func endRun() {
            guard runLength > 0 else { return }
            tokens += runHasDigit ? (runLength + 1) / 2 : max(1, (runLength + 4) / 5)
            runLength = 0
            runHasDigit = false
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                runLength += 1
                runHasDigit = runHasDigit || scalar.properties.numericType != nil
            } else {
                endRun()
                if !scalar.properties.isWhitespace, !(0x300...0x36F).contains(scalar.value) { tokens += 1 }
            }
        }
        endRun()
        return tokens
    }
}
