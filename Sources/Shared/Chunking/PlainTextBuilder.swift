/// Accumulates converted text: collapses insignificant whitespace, turns requested breaks into at
/// most one blank line, and never leaves leading, trailing or line-end spaces.
struct PlainTextBuilder {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingNewlines = 0
    private var preformattedSpaces: [UInt8] = []

    /// True when nothing but breaks has been written since the last line break.
    var atLineStart: Bool { bytes.isEmpty || bytes.last == UInt8(ascii: "\n") || pendingNewlines > 0 }

    /// Appends one byte of text (UTF-8), collapsing whitespace unless `preformatted`.
    mutating func append(_ byte: UInt8, preformatted: Bool) {
        if preformatted {
            switch byte {
            case UInt8(ascii: "\n"): addBreak()
            case UInt8(ascii: "\r"): break
            case UInt8(ascii: " "), UInt8(ascii: "\t"): preformattedSpaces.append(byte)
            default: emit(byte)
            }
        } else if Self.isWhitespace(byte) {
            pendingSpace = true
        } else {
            emit(byte)
        }
    }

    /// Appends every byte of `text` with the same rules as `append(_:preformatted:)`.
    mutating func append(contentsOf text: [UInt8], preformatted: Bool) {
        for byte in text { append(byte, preformatted: preformatted) }
    }

    /// Asks for at least `count` line breaks (1: new line, 2: blank line) before the next text.
    mutating func requestBreak(_ count: Int) {
        pendingNewlines = max(pendingNewlines, count)
        pendingSpace = false
        preformattedSpaces.removeAll()
    }

    /// Adds one more line break (as `<br>` does), up to a blank line.
    mutating func addBreak() {
        requestBreak(min(pendingNewlines + 1, 2))
    }

    /// Asks for a word separator before the next text (unless a line break comes first).
    mutating func requestSpace() {
        pendingSpace = true
    }

    /// Writes `marker` (e.g. `- ` for a list item) at the start of a line, ahead of the next text.
    mutating func startLine(with marker: String) {
        if !atLineStart { requestBreak(1) }
        flushBreaks()
        bytes.append(contentsOf: marker.utf8)
        pendingSpace = false
    }

    /// The finished text.
    var text: String {
        var end = bytes.count
        while end > 0, Self.isWhitespace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    private mutating func emit(_ byte: UInt8) {
        flushBreaks()
        if pendingSpace, !bytes.isEmpty, !Self.isWhitespace(bytes[bytes.count - 1]) {
            bytes.append(UInt8(ascii: " "))
        }
        pendingSpace = false
        bytes.append(contentsOf: preformattedSpaces)
        preformattedSpaces.removeAll()
        bytes.append(byte)
    }

    private mutating func flushBreaks() {
        guard pendingNewlines > 0 else { return }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
        if !bytes.isEmpty {
            var trailing = 0
            while trailing < bytes.count, bytes[bytes.count - 1 - trailing] == UInt8(ascii: "\n") { trailing += 1 }
            for _ in trailing..<max(trailing, pendingNewlines) { bytes.append(UInt8(ascii: "\n")) }
        }
        pendingNewlines = 0
        pendingSpace = false
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == 0x0C
    }
}
