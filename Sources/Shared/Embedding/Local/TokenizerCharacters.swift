import Foundation

/// The character classes of BERT's normalizer and pre-tokenizer.
enum TokenizerCharacters {
    /// Tab, newline, carriage return, or any Unicode White_Space scalar.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" : scalar.properties.isWhitespace
    }

    /// A control, format, surrogate, private-use or unassigned scalar (category C*), except tab,
    /// newline and carriage return, which count as whitespace.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar.value < 32 || scalar.value == 127) && scalar != "\t" && scalar != "\n" && scalar != "\r"
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// ASCII punctuation and symbols (`!` to `/`, `:` to `@`, `[` to `` ` ``, `{` to `~`) or any
    /// Unicode punctuation (category P*).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// A CJK ideograph (the blocks BERT splits on; not Hiragana, Katakana or Hangul).
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// `text` in Unicode canonical decomposition (NFD).
    static func canonicalDecomposition(of text: String) -> String {
        text.decomposedStringWithCanonicalMapping
    }
}
