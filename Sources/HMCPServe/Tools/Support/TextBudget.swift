import Foundation
import Shared

/// Long text cut for a model's context.
enum TextBudget {
    /// `text` with at most `limit` characters; a cut is marked so the model knows there is more.
    static func clip(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + " … [truncated]"
    }

    /// Readable text of a HaloPSA body that may be HTML (tags dropped, entities decoded), clipped to `limit`.
    static func readable(html: String?, fallback: String? = nil, limit: Int) -> String? {
        guard let source = html.flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else { return nil }
        let text = HTMLText.plainText(from: source).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : clip(text, to: limit)
    }
}
