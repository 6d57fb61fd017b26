import Foundation

/// Parses a `.env` file: `KEY=VALUE` lines, `#` comments, blank lines, an optional `export ` prefix,
/// and values in single quotes (taken literally) or double quotes (`\n`, `\"`, `\\` escapes).
public enum DotEnvFile {
    /// The variables in the file at `path`, or an empty dictionary when it does not exist.
    public static func load(path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(variable: path, problem: "cannot read the .env file (\(error.localizedDescription))")
        }
        return try parse(text, source: path)
    }

    /// The variables in `text`; `source` names the file in error messages.
    public static func parse(_ text: String, source: String = ".env") throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(variable: "\(source) line \(index + 1)", problem: "expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigurationError(variable: "\(source) line \(index + 1)", problem: "\"\(key)\" is not a variable name")
            }
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            values[key] = try value(of: rest, location: "\(source) line \(index + 1)")
        }
        return values
    }

    private static func value(of raw: String, location: String) throws -> String {
        guard let quote = raw.first, quote == "\"" || quote == "'" else {
            // Unquoted: an inline comment starts at " #".
            if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
            return raw
        }
        guard raw.count >= 2, let closing = raw.dropFirst().lastIndex(of: quote) else {
            throw ConfigurationError(variable: location, problem: "unterminated \(quote) quote")
        }
        let inner = raw[raw.index(after: raw.startIndex)..<closing]
        guard quote == "\"" else { return String(inner) }
        var result = ""
        var escaping = false
        for character in inner {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
