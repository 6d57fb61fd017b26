/// Turns ticket bodies and action notes (HTML from HaloPSA's editor or e-mail, or plain text) into
/// plain text for chunking: tags, scripts, styles and comments are dropped, entities decoded, list
/// items kept as `- item` lines, and line breaks and paragraphs kept.
public enum HTMLText {
    /// The plain text of `markup`. Text without any tag is treated as plain text: its line breaks
    /// are kept and only character references are decoded.
    public static func plainText(from markup: String) -> String {
        var converter = HTMLTextConverter(Array(markup.utf8))
        return converter.convert()
    }
}

/// One conversion pass over the UTF-8 bytes of a document.
private struct HTMLTextConverter {
    private let input: [UInt8]
    private var index = 0
    private var output = PlainTextBuilder()
    private var preformattedDepth = 0
    private var listDepth = 0
    private let plainTextOnly: Bool

    init(_ input: [UInt8]) {
        self.input = input
        plainTextOnly = !Self.containsTag(input)
    }

    mutating func convert() -> String {
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "<"), !plainTextOnly, readMarkup() { continue }
            if byte == UInt8(ascii: "&"), let entity = HTMLEntities.decode(input, at: index) {
                output.append(contentsOf: entity.replacement, preformatted: preformatted)
                index = entity.end
            } else if byte == 0xC2, index + 1 < input.count, input[index + 1] == 0xA0 {
                output.append(UInt8(ascii: " "), preformatted: preformatted)
                index += 2
            } else {
                output.append(byte, preformatted: preformatted)
                index += 1
            }
        }
        return output.text
    }

    private var preformatted: Bool { plainTextOnly || preformattedDepth > 0 }

    /// Reads a comment, declaration or tag at `index` (which holds `<`); false when the `<` is text.
    private mutating func readMarkup() -> Bool {
        guard index + 1 < input.count else { return false }
        let next = input[index + 1]
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            let terminator: [UInt8] = input[index...].starts(with: Array("<!--".utf8)) ? Array("-->".utf8) : [UInt8(ascii: ">")]
            index = position(after: terminator, from: index + 2) ?? input.count
            return true
        }
        let closing = next == UInt8(ascii: "/")
        let nameStart = index + (closing ? 2 : 1)
        guard nameStart < input.count, Self.isLetter(input[nameStart]) else { return false }
        var nameEnd = nameStart
        while nameEnd < input.count, Self.isNameByte(input[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: input[nameStart..<nameEnd], as: UTF8.self).lowercased()
        index = endOfTag(from: nameEnd)
        if closing {
            close(name)
        } else if Self.skippedElements.contains(name) {
            index = position(after: Array("</\(name)".utf8), from: index, caseInsensitive: true).map { endOfTag(from: $0) } ?? input.count
        } else {
            open(name)
        }
        return true
    }

    private mutating func open(_ name: String) {
        switch name {
        case "br": output.addBreak()
        case "li":
            output.startLine(with: String(repeating: "  ", count: max(0, listDepth - 1)) + "- ")
        case "ul", "ol":
            output.requestBreak(listDepth == 0 ? 2 : 1)
            listDepth += 1
        case "pre":
            output.requestBreak(2)
            preformattedDepth += 1
        case "td", "th":
            if !output.atLineStart { output.append(contentsOf: Array(" | ".utf8), preformatted: true) }
        default:
            breakAround(name)
        }
    }

    private mutating func close(_ name: String) {
        switch name {
        case "ul", "ol":
            listDepth = max(0, listDepth - 1)
            output.requestBreak(listDepth == 0 ? 2 : 1)
        case "pre":
            preformattedDepth = max(0, preformattedDepth - 1)
            output.requestBreak(2)
        case "li": output.requestBreak(1)
        default: breakAround(name)
        }
    }

    private mutating func breakAround(_ name: String) {
        if Self.paragraphElements.contains(name) {
            output.requestBreak(2)
        } else if Self.lineElements.contains(name) {
            output.requestBreak(1)
        } else if Self.spacedElements.contains(name) {
            output.requestSpace()
        }
    }

    /// The index just after the `>` that ends the tag whose attributes start at `start`, honouring quotes.
    private func endOfTag(from start: Int) -> Int {
        var position = start
        var quote: UInt8?
        while position < input.count {
            let byte = input[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return position + 1
            }
            position += 1
        }
        return input.count
    }

    /// The index just after the first occurrence of `pattern` at or after `start`.
    private func position(after pattern: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard !pattern.isEmpty, input.count >= pattern.count, start <= input.count - pattern.count else { return nil }
        for candidate in start...(input.count - pattern.count) {
            var matches = true
            for offset in 0..<pattern.count {
                let byte = input[candidate + offset]
                if (caseInsensitive ? Self.lowercased(byte) : byte) != pattern[offset] {
                    matches = false
                    break
                }
            }
            if matches { return candidate + pattern.count }
        }
        return nil
    }

    private static func containsTag(_ bytes: [UInt8]) -> Bool {
        var position = 0
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                let next = bytes[position + 1]
                if isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") { return true }
            }
            position += 1
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ":")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Elements whose whole content is dropped.
    private static let skippedElements: Set<String> = ["script", "style", "head", "title", "template", "noscript", "xml", "svg"]
    /// Elements that stand as their own paragraph.
    private static let paragraphElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr", "dl", "address", "figure", "fieldset",
        "section", "article", "header", "footer", "aside", "nav", "main", "form",
    ]
    /// Elements that start a new line.
    private static let lineElements: Set<String> = ["div", "tr", "dt", "dd", "caption", "figcaption", "body", "center"]
    /// Inline elements that still separate words.
    private static let spacedElements: Set<String> = ["img", "input", "button", "select", "option", "label"]
}
