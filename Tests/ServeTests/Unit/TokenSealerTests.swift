import Foundation
import Shared
import Testing

@Suite struct TokenSealerTests {
    let key = String(repeating: "k", count: 40)
    let otherKey = "another-key-that-is-long-enough-0123456789"

    @Test func sealedValueOpensWithTheSameKeyAndContext() throws {
        let sealer = try TokenSealer(key: key)
        let sealed = try sealer.seal("halo-access-token", context: "grant:g1:halo-access")
        #expect(try sealer.open(sealed, context: "grant:g1:halo-access") == "halo-access-token")
        #expect(sealed.keyID == sealer.currentKeyID)
        #expect(!sealed.bytes.contains(Data("halo-access-token".utf8)))
    }

    @Test func sealedValueMovedToAnotherRowDoesNotOpen() throws {
        let sealer = try TokenSealer(key: key)
        let sealed = try sealer.seal("secret", context: "grant:g1:halo-access")
        #expect(throws: SealingError.cannotOpen) { try sealer.open(sealed, context: "grant:g2:halo-access") }
    }

    @Test func alteredCiphertextDoesNotOpen() throws {
        let sealer = try TokenSealer(key: key)
        let sealed = try sealer.seal("secret", context: "c")
        var bytes = sealed.bytes
        bytes[bytes.count / 2] ^= 0x01
        #expect(throws: SealingError.cannotOpen) { try sealer.open(SealedValue(keyID: sealed.keyID, bytes: bytes), context: "c") }
    }

    @Test func previousKeyOpensButNeverSeals() throws {
        let old = try TokenSealer(key: otherKey)
        let sealedByOld = try old.seal("secret", context: "c")
        let rotated = try TokenSealer(key: key, previousKey: otherKey)
        #expect(try rotated.open(sealedByOld, context: "c") == "secret")
        #expect(rotated.needsResealing(sealedByOld))
        let resealed = try rotated.seal("secret", context: "c")
        #expect(resealed.keyID == rotated.currentKeyID)
        #expect(resealed.keyID != sealedByOld.keyID)
        #expect(throws: SealingError.unknownKey(resealed.keyID)) { try old.open(resealed, context: "c") }
    }

    @Test func shortKeysAreRefusedNamingTheVariable() {
        #expect(throws: SealingError.keyTooShort(variable: "HMCP_ENCRYPTION_KEY")) { try TokenSealer(key: "short") }
        #expect(throws: SealingError.keyTooShort(variable: "HMCP_ENCRYPTION_KEY_PREVIOUS")) {
            try TokenSealer(key: key, previousKey: "short")
        }
    }

    @Test func keyIDDoesNotRevealTheKey() throws {
        let sealer = try TokenSealer(key: key)
        #expect(sealer.currentKeyID.count == 16)
        #expect(!key.contains(sealer.currentKeyID))
        #expect(try TokenSealer(key: otherKey).currentKeyID != sealer.currentKeyID)
    }
}

@Suite struct SecretTests {
    @Test func pkceMatchesTheRFC7636Example() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        #expect(PKCE.challenge(for: verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.verify(verifier: verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        #expect(!PKCE.verify(verifier: verifier + "x", challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
    }

    @Test func generatedPairsAreWellFormedAndDistinct() {
        let first = PKCE.makePair()
        let second = PKCE.makePair()
        #expect(PKCE.isWellFormed(first.verifier))
        #expect(PKCE.verify(verifier: first.verifier, challenge: first.challenge))
        #expect(first.verifier != second.verifier)
        #expect(!PKCE.isWellFormed("too-short"))
        #expect(!PKCE.isWellFormed(String(repeating: "a", count: 43) + "+"))
    }

    @Test func sessionIDsAreVersion4UUIDs() {
        let ids = (0..<50).map { _ in RandomSecret.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(UUID(uuidString: id) != nil)
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
        }
    }

    @Test func digestsAreSHA256Hex() {
        #expect(SecretDigest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretDigest.constantTimeEquals("same", "same"))
        #expect(!SecretDigest.constantTimeEquals("same", "sama"))
        #expect(!SecretDigest.constantTimeEquals("same", "same-but-longer"))
    }

    @Test func constantTimeCompareTakesRawBytesOfAnyLength() {
        let secret: [UInt8] = [0x00, 0xFF, 0xC3, 0x28]
        #expect(SecretDigest.constantTimeEquals(secret, secret))
        #expect(!SecretDigest.constantTimeEquals(secret, Array(secret.dropLast())))
        #expect(!SecretDigest.constantTimeEquals(secret, secret + [0x00]))
        #expect(!SecretDigest.constantTimeEquals([], secret))
        #expect(SecretDigest.constantTimeEquals([], []))
    }
}
