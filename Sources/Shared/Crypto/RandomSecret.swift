import Foundation

/// Unguessable values from the system CSPRNG (`getrandom(2)` on Linux): tokens, codes, states, session ids.
public enum RandomSecret {
    /// `byteCount` random bytes.
    public static func bytes(_ byteCount: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        var data = Data(count: byteCount)
        for index in 0..<byteCount {
            data[index] = UInt8.random(in: .min ... .max, using: &generator)
        }
        return data
    }

    /// A base64url token carrying `byteCount` random bytes (32 bytes: 256 bits, 43 characters).
    public static func token(byteCount: Int = 32) -> String {
        bytes(byteCount).base64URLEncoded
    }

    /// A version-4 UUID string built from CSPRNG bytes (the MCP session id format).
    public static func uuid() -> String {
        var raw = bytes(16)
        raw[6] = (raw[6] & 0x0F) | 0x40
        raw[8] = (raw[8] & 0x3F) | 0x80
        let hex = SecretDigest.hex(raw)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            let start = hex.index(hex.startIndex, offsetBy: range.lowerBound)
            let end = hex.index(hex.startIndex, offsetBy: range.upperBound)
            return String(hex[start..<end])
        }
        return parts.joined(separator: "-")
    }
}
