import Foundation
import GRDB

/// One row of `tickets` or `chunks` read strictly: every column must hold the storage class the
/// schema declares, so a version written by a foreign or damaged tool gets a typed error naming the
/// table, the row and the column instead of a trap. SQLite does not enforce column types, and an
/// imported file need not carry the schema's `NOT NULL` constraints.
struct StoredRow {
    /// The table the row comes from, for messages.
    let table: String
    /// Which row, for messages: `row 12` or `ticket 4711`.
    let key: String
    private let row: Row

    /// Wraps `row` of `table`; `keyColumn` names the row in errors (`row` for chunks, `id` for tickets).
    init(_ row: Row, table: String, keyColumn: String, keyName: String) {
        self.row = row
        self.table = table
        let value = (row[keyColumn] as DatabaseValue?) ?? .null
        key = "\(keyName) \(value.isNull ? "?" : "\(value)")"
    }

    /// An integer column that must not be NULL.
    func integer(_ column: String) throws -> Int {
        try required(column, optionalInteger, "an integer")
    }

    /// An integer column that may be NULL.
    func optionalInteger(_ column: String) throws -> Int? {
        try optional(column, "an integer") { value in
            guard case .int64(let number) = value.storage else { return nil }
            return Int(number)
        }
    }

    /// A non-negative integer column.
    func count(_ column: String) throws -> Int {
        let number = try integer(column)
        guard number >= 0 else { throw invalid(column, "is \(number), expected zero or more") }
        return number
    }

    /// A text column that must not be NULL.
    func text(_ column: String) throws -> String {
        try required(column, optionalText, "text")
    }

    /// A text column that may be NULL.
    func optionalText(_ column: String) throws -> String? {
        try optional(column, "text") { value in
            guard case .string(let text) = value.storage else { return nil }
            return text
        }
    }

    /// A boolean stored as 0 or 1.
    func flag(_ column: String) throws -> Bool {
        switch try integer(column) {
        case 0: false
        case 1: true
        case let number: throw invalid(column, "is \(number), expected 0 or 1")
        }
    }

    /// A timestamp column that may be NULL.
    func optionalDate(_ column: String) throws -> Date? {
        try optional(column, "a timestamp", Date.fromDatabaseValue)
    }

    /// The error for a column whose value breaks the format.
    func invalid(_ column: String, _ reason: String) -> IndexFormatError {
        .invalidRow(table: table, key: key, column: column, reason: reason)
    }

    /// The column's value through `read`, which must not give NULL.
    private func required<T>(_ column: String, _ read: (String) throws -> T?, _ expected: String) throws -> T {
        guard let value = try read(column) else { throw invalid(column, "is NULL, expected \(expected)") }
        return value
    }

    /// NULL as nil, else what `extract` makes of the stored value (nil: a value of another kind).
    private func optional<T>(_ column: String, _ expected: String, _ extract: (DatabaseValue) -> T?) throws -> T? {
        let stored = value(column)
        guard !stored.isNull else { return nil }
        guard let value = extract(stored) else { throw invalid(column, "holds \(stored), expected \(expected)") }
        return value
    }

    private func value(_ column: String) -> DatabaseValue {
        (row[column] as DatabaseValue?) ?? .null
    }
}
