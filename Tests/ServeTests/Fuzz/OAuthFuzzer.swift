import Foundation
@testable import HaloSim

/// Malformed OAuth traffic for the relay's endpoints (`/register`, `/authorize`, `/authorize/consent`,
/// `/oauth/callback`, `/token`, `/revoke`): duplicate fields, bad percent-encoding, huge values, wrong
/// content types, odd `Authorization` headers.
enum OAuthFuzzer {
    /// One request against the relay, for a registered public client `clientID`.
    static func request(_ random: inout SplitMix64, clientID: String, base: String) -> FuzzRequest {
        switch random.below(6) {
        case 0:
            return post("/register", body: Array(registration(&random).utf8), random: &random, contentType: "application/json")
        case 1:
            let query = form(&random, names: ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "resource", "scope"], clientID: clientID)
            return FuzzRequest(method: .GET, path: "/authorize?" + query, headers: [], body: nil, expectation: .noServerError, summary: "GET /authorize")
        case 2:
            var request = post("/authorize/consent", body: Array(form(&random, names: ["authorization", "csrf", "decision"], clientID: clientID).utf8), random: &random)
            request.headers.append(("Origin", random.pick([base, "http://evil.example", "null", ""])))
            if random.chance(0.6) { request.headers.append(("Cookie", random.pick(["hmcp_consent=" + value(&random, clientID: clientID), "=", ";;;", String(repeating: "c=1;", count: 1_000)]))) }
            return request
        case 3:
            let query = form(&random, names: ["state", "code", "error", "error_description", "iss"], clientID: clientID)
            return FuzzRequest(method: .GET, path: "/oauth/callback?" + query, headers: [], body: nil, expectation: .noServerError, summary: "GET /oauth/callback")
        case 4:
            var request = post("/token", body: Array(form(&random, names: ["grant_type", "code", "code_verifier", "refresh_token", "redirect_uri", "client_id", "client_secret", "resource", "scope"], clientID: clientID).utf8), random: &random)
            if random.chance(0.5) { request.headers.append(("Authorization", authorization(&random, clientID: clientID))) }
            return request
        default:
            var request = post("/revoke", body: Array(form(&random, names: ["token", "token_type_hint", "client_id", "client_secret"], clientID: clientID).utf8), random: &random)
            if random.chance(0.4) { request.headers.append(("Authorization", authorization(&random, clientID: clientID))) }
            return request
        }
    }

    private static func post(_ path: String, body: [UInt8], random: inout SplitMix64, contentType: String = "application/x-www-form-urlencoded") -> FuzzRequest {
        let type = random.chance(0.8) ? contentType : random.pick(["text/plain", "application/json", "application/x-www-form-urlencoded; charset=utf-16", "multipart/form-data; boundary=x", ""])
        return FuzzRequest(method: .POST, path: path, headers: [("Content-Type", type)], body: body, expectation: .noServerError, summary: "POST \(path)")
    }

    /// A form (or query) of some of `names`, some repeated, values plausible or broken (raw `%`, invalid UTF-8 escapes, huge).
    private static func form(_ random: inout SplitMix64, names: [String], clientID: String) -> String {
        var fields: [String] = []
        for name in names where random.chance(0.6) {
            fields.append(name + "=" + value(&random, clientID: clientID))
            if random.chance(0.1) { fields.append(name + "=" + value(&random, clientID: clientID)) }
        }
        if random.chance(0.1) { fields.append(random.pick(["=", "&", "==&&", "%zz=%zz", "name_only", "%00=%00"])) }
        return fields.joined(separator: "&")
    }

    /// One form value, already in its wire form.
    private static func value(_ random: inout SplitMix64, clientID: String) -> String {
        switch random.below(9) {
        case 0: return clientID
        case 1: return random.pick(["code", "S256", "plain", "authorization_code", "refresh_token", "approve", "deny", "http://127.0.0.1:65000/callback"])
        case 2: return random.pick(["%", "%z", "%zz", "%E0%A4%A", "%FF%FE", "%C0%80", "%00", "a+b", "%2", "%%%"])
        case 3: return String(repeating: "A", count: 50_000 + random.below(50_000))
        case 4: return random.pick(HostileValues.oddStrings).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        case 5: return ""
        default: return String(random.next(), radix: 36)
        }
    }

    /// An `Authorization` header, from plausible to nonsense.
    private static func authorization(_ random: inout SplitMix64, clientID: String) -> String {
        let basic = { (text: String) in "Basic " + Data(text.utf8).base64EncodedString() }
        return random.pick([
            basic("\(clientID):secret"), basic(clientID), basic(":"), basic("%zz:%zz"), basic("\u{0}:\u{0}"),
            "Basic !!!", "Basic", "Basic ", "Bearer x", "Digest a=b", basic(String(repeating: "u", count: 9_000) + ":p"),
        ])
    }

    /// A registration body: valid JSON of the wrong shape, or not JSON at all.
    private static func registration(_ random: inout SplitMix64) -> String {
        var members: [(key: String, value: String)] = []
        let uris = random.pick([
            "[\"http://127.0.0.1:65000/callback\"]", "[]", "\"http://127.0.0.1/cb\"", "[\"javascript:alert(1)\"]", "[\"http://[::1\"]",
            "[" + Array(repeating: "\"http://127.0.0.1/cb\"", count: 2_000).joined(separator: ",") + "]", "[1e300]",
        ])
        if random.chance(0.8) { members.append(("redirect_uris", uris)) }
        if random.chance(0.6) { members.append(("client_name", HostileValues.string(&random, limit: 200))) }
        if random.chance(0.5) { members.append(("token_endpoint_auth_method", random.pick(["\"none\"", "\"client_secret_basic\"", "\"client_secret_post\"", "\"private_key_jwt\"", "7"]))) }
        if random.chance(0.3) { members.append(("grant_types", random.pick(["[\"authorization_code\"]", "[\"implicit\"]", "\"x\"", "[null]"]))) }
        if random.chance(0.2) { members.append((HostileValues.unknownKey(&random), HostileValues.wrongValue(&random))) }
        return random.chance(0.85) ? JSONText.object(members) : HostileValues.wrongValue(&random)
    }
}
