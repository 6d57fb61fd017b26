import Foundation
import Hummingbird

/// The authorisation server (`/auth/authorize`, `/auth/token`) and discovery (`GET /api/authinfo`, which names it).
struct AuthRoutes {
    let services: SimulatorServices

    func register(on router: Router<SimulatorContext>) {
        router.get("api/authinfo") { request, _ in
            let host = request.head.authority ?? "127.0.0.1"
            return HTTPSupport.json(["auth_url": .string("http://\(host)/auth"), "tenant_id": .string(services.tenant ?? "")])
        }
        router.get("auth/authorize") { request, _ in showLoginPage(request) }
        router.post("auth/authorize") { request, _ in try await logIn(request) }
        router.post("auth/token") { request, _ in try await token(request) }
    }

    private func showLoginPage(_ request: Request) -> Response {
        guard tenantMatches(request) else { return HTTPSupport.html(LoginPage.error("Unknown or missing tenant."), status: .badRequest) }
        do {
            let authorization = try services.authorization.validate(FormEncoding.fields(request.uri.query ?? ""))
            return HTTPSupport.html(loginPage(authorization, request: request))
        } catch {
            return HTTPSupport.html(LoginPage.error(error.explanation), status: .badRequest)
        }
    }

    private func tenantMatches(_ request: Request) -> Bool {
        guard let tenant = services.tenant else { return true }
        return HTTPSupport.query(request).string("tenant")?.caseInsensitiveCompare(tenant) == .orderedSame
    }

    private func loginPage(_ authorization: AuthorizationRequest, request: Request, error: String? = nil) -> String {
        let action = "/auth/authorize" + (services.tenant.map { "?tenant=" + FormEncoding.encode($0) } ?? "")
        let organisation = services.store.organisation
        return LoginPage.html(request: authorization, action: action, agents: organisation.agents, teams: organisation, error: error)
    }

    private func logIn(_ request: Request) async throws -> Response {
        guard tenantMatches(request) else { return HTTPSupport.html(LoginPage.error("Unknown or missing tenant."), status: .badRequest) }
        let form = FormEncoding.fields(try await HTTPSupport.bodyText(request))
        let authorization: AuthorizationRequest
        do {
            authorization = try services.authorization.validate(form)
        } catch {
            return HTTPSupport.html(LoginPage.error(error.explanation), status: .badRequest)
        }
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let agent = services.store.organisation.agents.first(where: {
            $0.canLogIn && $0.username.caseInsensitiveCompare(username) == .orderedSame
        }) else {
            return HTTPSupport.html(loginPage(authorization, request: request, error: "Unknown username '\(username)'."), status: .unauthorized)
        }
        let code = services.authorization.issueCode(for: authorization, agentID: agent.id, now: services.time.wholeSeconds)
        var components = URLComponents(string: authorization.redirectURI)
        var items = components?.queryItems ?? []
        items.append(URLQueryItem(name: "code", value: code))
        if let state = authorization.state { items.append(URLQueryItem(name: "state", value: state)) }
        components?.queryItems = items
        let location = components?.string ?? authorization.redirectURI
        return Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }

    private func token(_ request: Request) async throws -> Response {
        guard tenantMatches(request) else { throw HaloHTTPError.oauth(.invalidRequest("Unknown or missing tenant")) }
        var form = FormEncoding.fields(try await HTTPSupport.bodyText(request))
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
            let colon = decoded.firstIndex(of: ":")
        {
            form["client_id"] = form["client_id"] ?? String(decoded[..<colon]).removingPercentEncoding
            form["client_secret"] = form["client_secret"] ?? String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
        }
        do {
            let body = try services.authorization.token(form, now: services.time.wholeSeconds)
            var response = HTTPSupport.json(body)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            throw HaloHTTPError.oauth(error)
        }
    }
}
