import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// Conversions between Hummingbird's HTTP types and the SDK's framework-neutral ones.
enum HTTPAdapter {
    /// The SDK request for `request` with `body`; repeated headers are joined with commas, and our
    /// internal scope header is dropped (only the server sets it).
    static func sdkRequest(_ request: Request, body: Data?) -> MCP.HTTPRequest {
        var headers: [String: String] = [:]
        for field in request.headers where field.name.canonicalName != RequestScopes.tagHeader {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        return MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: body, path: request.uri.path)
    }

    /// `request` with the scope tag added.
    static func tagged(_ request: MCP.HTTPRequest, with tag: String) -> MCP.HTTPRequest {
        var headers = request.headers
        headers[RequestScopes.tagHeader] = tag
        return MCP.HTTPRequest(method: request.method, headers: headers, body: request.body, path: request.path)
    }

    /// The SDK's headers as `HTTPFields`.
    static func fields(_ headers: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return fields
    }

    /// A non-streaming SDK response as a Hummingbird response (a stream is answered by the caller).
    static func response(_ reply: MCP.HTTPResponse) -> Response {
        let status = HTTPResponse.Status(code: reply.statusCode)
        let body = reply.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(data: $0)) } ?? ResponseBody()
        return Response(status: status, headers: fields(reply.headers), body: body)
    }

    /// Headers for an event-stream response: no caching, no proxy buffering.
    static func eventStreamFields(_ headers: [String: String] = [:]) -> HTTPFields {
        var fields = fields(headers)
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache, no-transform"
        fields[.xAccelBuffering] = "no"
        return fields
    }
}
