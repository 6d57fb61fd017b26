/// 1-based paging arithmetic that cannot overflow, whatever page number and size a caller sends.
public enum Paging {
    /// The indices of page `page` (1-based) of `size` rows in a listing of `count` rows: empty past the end.
    public static func rows(page: Int, size: Int, of count: Int) -> Range<Int> {
        let (skipped, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: max(size, 0))
        let start = overflow ? count : min(skipped, count)
        return start..<(start + min(max(size, 0), count - start))
    }

    /// Whether rows follow page `page` of `size` rows in a listing of `count` rows.
    public static func hasMore(page: Int, size: Int, of count: Int) -> Bool {
        let (seen, overflow) = max(page, 0).multipliedReportingOverflow(by: max(size, 0))
        return !overflow && seen < count
    }
}
