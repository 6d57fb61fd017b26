/// Query strings on HaloPSA URLs.
enum HaloQuery {
    /// `url?query` or `url` when there is nothing to add; appends with `&` when `url` already has a query.
    static func url(_ url: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return url }
        return url + (url.contains("?") ? "&" : "?") + FormURLEncoding.encode(items)
    }
}
