import Testing

import Shared

@Suite("Form URL encoding")
struct FormURLEncodingTests {
    @Test func encodesEveryByteButTheUnreservedOnes() {
        #expect(FormURLEncoding.encode("a-b._~Z9") == "a-b._~Z9")
        #expect(FormURLEncoding.encode("café au lait") == "caf%C3%A9%20au%20lait")
        #expect(FormURLEncoding.encode([("redirect_uri", "http://x/cb?a=1"), ("state", "")]) == "redirect_uri=http%3A%2F%2Fx%2Fcb%3Fa%3D1&state=")
    }

    @Test func decodesPlusAsSpaceEscapesAndBarePairs() {
        let pairs = FormURLEncoding.decode("q=VPN+drops%20%26+50%25&flag&&x=%E2%9C%93&bad=%ZZ")
        #expect(pairs.map(\.name) == ["q", "flag", "x", "bad"])
        #expect(pairs.map(\.value) == ["VPN drops & 50%", "", "✓", "%ZZ"])
        #expect(FormURLEncoding.decode("").isEmpty)
    }

    @Test func decodingUndoesEncoding() {
        let fields = [("code", "a+b/c=="), ("name", "Zoë & co")]
        let decoded = FormURLEncoding.decode(FormURLEncoding.encode(fields))
        #expect(decoded.map(\.name) == fields.map(\.0))
        #expect(decoded.map(\.value) == fields.map(\.1))
    }
}
