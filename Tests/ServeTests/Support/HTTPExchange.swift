import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answered HTTP request, body read completely.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The first value of `name`.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// `name=value` of the first cookie this reply sets (with a value) whose name contains `fragment`.
    func cookie(named fragment: String) -> String? {
        headers[canonicalForm: "Set-Cookie"].lazy.map { String($0.split(separator: ";")[0]) }
            .first { $0.contains(fragment) && !$0.hasSuffix("=") }
    }

    /// The query of the `Location` header, as a dictionary.
    var locationQuery: [String: String] {
        guard let location = header("Location"), let components = URLComponents(string: location) else { return [:] }
        return Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}

extension HTTPClient {
    /// Sends a request and reads the whole answer (at most 4 MiB, 15 s).
    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Reply {
        try await send(method, url, headers: headers, bytes: body.map { Array($0.utf8) })
    }

    /// Sends a request whose body is raw bytes (not necessarily UTF-8) and reads the whole answer.
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)], bytes: [UInt8]?) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let bytes { request.body = .bytes(ByteBuffer(bytes: bytes)) }
        let response = try await execute(request, timeout: .seconds(15))
        let buffer = try await response.body.collect(upTo: 4 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }

    /// POSTs `fields` as a form.
    func postForm(_ url: String, _ fields: [(String, String)], headers: [(String, String)] = []) async throws -> Reply {
        try await send(
            .POST, url, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: formEncode(fields))
    }

    /// POSTs `object` as JSON.
    func postJSON(_ url: String, _ object: Any, headers: [(String, String)] = []) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(
            .POST, url, headers: [("Content-Type", "application/json")] + headers, body: String(decoding: data, as: UTF8.self))
    }
}

/// `application/x-www-form-urlencoded` encoding.
func formEncode(_ fields: [(String, String)]) -> String {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return fields.map { name, value in
        "\(name.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }.joined(separator: "&")
}
