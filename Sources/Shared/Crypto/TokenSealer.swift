import Crypto
import Foundation

/// Seals secrets at rest (the HaloPSA tokens in `state.sqlite`) with AES-256-GCM.
///
/// The 256-bit key is derived with HKDF-SHA256 from `HMCP_ENCRYPTION_KEY`; every sealed value records
/// the id of the key that sealed it, and the caller binds it to its row with associated data (so a
/// sealed value copied into another row does not open). A previous key (`HMCP_ENCRYPTION_KEY_PREVIOUS`)
/// only opens values: new values are always sealed with the current key, which is how a key is rotated.
public struct TokenSealer: Sendable {
    /// The fewest characters an encryption key may have.
    public static let minimumKeyLength = 32

    private let current: DerivedKey
    private let previous: DerivedKey?

    /// Derives the sealing keys; fails when a key is shorter than ``minimumKeyLength`` characters.
    public init(key: String, previousKey: String? = nil) throws {
        current = try DerivedKey(secret: key, variable: "HMCP_ENCRYPTION_KEY")
        previous = try previousKey.flatMap { $0.isEmpty ? nil : $0 }.map {
            try DerivedKey(secret: $0, variable: "HMCP_ENCRYPTION_KEY_PREVIOUS")
        }
    }

    /// The id of the key new values are sealed with.
    public var currentKeyID: String { current.id }

    /// Seals `plaintext`, bound to `context` (e.g. `grant:<id>:halo-access`).
    public func seal(_ plaintext: String, context: String) throws -> SealedValue {
        let box = try AES.GCM.seal(
            Data(plaintext.utf8), using: current.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SealingError.cannotOpen }
        return SealedValue(keyID: current.id, bytes: combined)
    }

    /// Opens a value sealed by the current or the previous key for the same `context`.
    public func open(_ sealed: SealedValue, context: String) throws -> String {
        let key: DerivedKey
        if sealed.keyID == current.id {
            key = current
        } else if let previous, sealed.keyID == previous.id {
            key = previous
        } else {
            throw SealingError.unknownKey(sealed.keyID)
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.bytes)
            let plaintext = try AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8))
            guard let text = String(data: plaintext, encoding: .utf8) else { throw SealingError.cannotOpen }
            return text
        } catch let error as SealingError {
            throw error
        } catch {
            throw SealingError.cannotOpen
        }
    }

    /// Whether `sealed` was sealed with an older key and should be sealed again.
    public func needsResealing(_ sealed: SealedValue) -> Bool { sealed.keyID != current.id }
}

/// A value sealed by ``TokenSealer``: nonce, ciphertext and tag, and the id of the key used.
public struct SealedValue: Sendable, Equatable {
    /// Which key sealed this value (not secret: derived one-way from the key).
    public let keyID: String
    /// AES-GCM's combined form: 12-byte nonce, ciphertext, 16-byte tag.
    public let bytes: Data

    /// Wraps stored bytes.
    public init(keyID: String, bytes: Data) {
        self.keyID = keyID
        self.bytes = bytes
    }
}

/// Why a value could not be sealed or opened. Never carries key material or plaintext.
public enum SealingError: Error, Equatable, CustomStringConvertible {
    /// A configured key is too short.
    case keyTooShort(variable: String)
    /// The value was sealed by a key that is neither the current nor the previous one.
    case unknownKey(String)
    /// The value was altered, belongs to another row, or the key is wrong.
    case cannotOpen

    /// One line, naming the variable when a key is at fault.
    public var description: String {
        switch self {
        case .keyTooShort(let variable):
            "\(variable): must be at least \(TokenSealer.minimumKeyLength) characters"
        case .unknownKey(let id):
            "sealed with key \(id), which is neither HMCP_ENCRYPTION_KEY nor HMCP_ENCRYPTION_KEY_PREVIOUS"
        case .cannotOpen:
            "sealed value does not open (altered, moved to another row, or wrong key)"
        }
    }
}

/// One configured key: the AES key derived from it and its public id.
private struct DerivedKey: Sendable {
    let key: SymmetricKey
    let id: String

    init(secret: String, variable: String) throws {
        guard secret.count >= TokenSealer.minimumKeyLength else {
            throw SealingError.keyTooShort(variable: variable)
        }
        let material = SymmetricKey(data: Data(secret.utf8))
        let salt = Data("hmcp state.sqlite".utf8)
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, salt: salt, info: Data("hmcp token sealing v1".utf8), outputByteCount: 32)
        let idKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, salt: salt, info: Data("hmcp key id v1".utf8), outputByteCount: 8)
        id = SecretDigest.hex(idKey.withUnsafeBytes { Data($0) })
    }
}
