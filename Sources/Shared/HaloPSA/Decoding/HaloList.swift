/// A HaloPSA list answer, which is either a bare array or an envelope `{record_count, <name>: [...]}`.
///
/// The envelope's array is found by its expected key, else as the first array property whose elements
/// decode (a rule another HaloPSA client learned on live tenants).
struct HaloList<Element: Decodable & Sendable>: Decodable, Sendable {
    /// The records of this answer (one page when paginated).
    let records: [Element]
    /// Total matching records (`record_count`), or the array's length for a bare array.
    let recordCount: Int

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if (try? single.decode([JSONValue].self)) != nil {
            // A bare array: decode it for real, so an element's error is the one reported.
            records = try single.decode([Element].self)
            recordCount = records.count
            return
        }
        let container = try decoder.container(keyedBy: AnyKey.self)
        let preferred = decoder.userInfo[.haloListKey] as? String
        let keys =
            container.allKeys.filter { $0.stringValue == preferred }
            + container.allKeys.filter { $0.stringValue != preferred }.sorted { $0.stringValue < $1.stringValue }
        var found: [Element]?
        for key in keys where key.stringValue != "columns" {
            if let array = try? container.decode([Element].self, forKey: key) {
                found = array
                break
            }
        }
        guard let found else {
            if let key = keys.first(where: { $0.stringValue == preferred }) {
                _ = try container.decode([Element].self, forKey: key)  // rethrow the element's decoding error
            }
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "no array of records in the answer"))
        }
        records = found
        recordCount = (try? container.decode(Int.self, forKey: AnyKey(stringValue: "record_count"))) ?? found.count
    }
}

extension CodingUserInfoKey {
    /// The envelope key expected for a list (`tickets`, `actions`, ...).
    static let haloListKey = CodingUserInfoKey(rawValue: "hmcp.haloListKey")!
}
