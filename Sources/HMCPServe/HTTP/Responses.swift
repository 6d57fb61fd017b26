import Foundation
import HTTPTypes
import Hummingbird

/// Builders for the few response shapes the front door sends: JSON documents, HTML pages, redirects.
enum Responses {
    /// The JSON encoder for every document we serve: sorted keys, no escaped slashes (URLs stay readable).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as `application/json`.
    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, noStore: Bool = false,
        headers extra: HTTPFields = [:]
    ) -> Response {
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = extra
        headers[.contentType] = "application/json"
        if noStore {
            headers[.cacheControl] = "no-store"
            headers[.pragma] = "no-cache"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: body)))
    }

    /// An HTML page that must never be framed (consent and error pages).
    static func html(_ page: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xFrameOptions] = "DENY"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
        // Not `no-referrer`: under it Chromium sends `Origin: null` with the consent form's POST.
        headers[.referrerPolicy] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// `302 Found` to `location`.
    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .found, headers: headers)
    }

    /// An empty response.
    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers)
    }

    /// A small HTML page explaining an error the browser user must see (nothing to redirect to).
    static func errorPage(title: String, message: String, status: HTTPResponse.Status) -> Response {
        html(
            """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(HTMLEscaping.escape(title))</title></head>
            <body><h1>\(HTMLEscaping.escape(title))</h1><p>\(HTMLEscaping.escape(message))</p></body></html>
            """, status: status)
    }
}

extension HTTPField.Name {
    /// `Mcp-Session-Id`.
    static let mcpSessionID = HTTPField.Name("Mcp-Session-Id")!
    /// `Mcp-Protocol-Version`.
    static let mcpProtocolVersion = HTTPField.Name("Mcp-Protocol-Version")!
    /// `Last-Event-ID`.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// `X-Frame-Options`.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// `X-Accel-Buffering` (tells nginx not to buffer an event stream).
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `Pragma` (HTTP/1.0 caches; RFC 6749 asks for it next to `Cache-Control: no-store`).
    static let pragma = HTTPField.Name("Pragma")!
}
