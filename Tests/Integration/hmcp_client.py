"""Shared pieces of the headless MCP clients the Swift integration tests run.

`connect()` opens an MCP client session to hmcp-serve with the official Python `mcp` SDK over
Streamable HTTP (`/mcp`) or classic SSE (`/sse`); the SDK's OAuthClientProvider runs the whole OAuth
flow (401 -> protected-resource metadata -> authorization-server metadata -> dynamic registration ->
/authorize) and `Browser` plays the user in the redirect handler: it submits our consent form, then
the HaloPSA simulator's login form as the given agent, then follows the callback.
"""

import re
from contextlib import asynccontextmanager
from urllib.parse import parse_qs, urlparse

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

REDIRECT_URI = "http://127.0.0.1:65001/callback"


class MemoryStorage:
    """Token storage for one run."""

    def __init__(self):
        self.tokens = None
        self.client_info = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull):
        self.client_info = client_info


def hidden_field(name: str, html: str) -> str:
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    if not match:
        raise RuntimeError(f"form field {name} missing from page: {html[:300]}")
    return match.group(1)


class Browser:
    """Plays the user: consent, HaloPSA login, callback. Records every hop for the report."""

    def __init__(self, username: str):
        self.username = username
        self.result: AuthorizationCodeResult | None = None
        self.hops: list[str] = []

    async def redirect_handler(self, authorization_url: str) -> None:
        async with httpx2.AsyncClient(follow_redirects=False, timeout=20) as http:
            page = await http.get(authorization_url)
            self.hops.append(f"authorize {page.status_code}")
            if page.status_code != 200:
                raise RuntimeError(f"/authorize answered {page.status_code}: {page.text[:300]}")
            cookie = page.headers["set-cookie"].split(";")[0]
            consent_url = urlparse(authorization_url)._replace(path="/authorize/consent", query="").geturl()
            to_halo = await http.post(
                consent_url,
                data={
                    "authorization": hidden_field("authorization", page.text),
                    "csrf": hidden_field("csrf", page.text),
                    "decision": "approve",
                },
                headers={"Cookie": cookie},
            )
            self.hops.append(f"consent {to_halo.status_code}")
            halo_url = urlparse(to_halo.headers["location"])
            fields = {key: values[0] for key, values in parse_qs(halo_url.query).items()}
            fields["username"] = self.username
            login_action = halo_url._replace(query="").geturl()
            if "tenant" in fields:
                login_action += "?tenant=" + fields["tenant"]
            halo_answer = await http.post(login_action, data=fields)
            self.hops.append(f"halo-login {halo_answer.status_code}")
            back = await http.get(halo_answer.headers["location"])
            self.hops.append(f"callback {back.status_code}")
            final = urlparse(back.headers["location"])
            query = {key: values[0] for key, values in parse_qs(final.query).items()}
            if "code" not in query:
                raise RuntimeError(f"no code in final redirect: {back.headers['location']}")
            self.result = AuthorizationCodeResult(code=query["code"], state=query.get("state"), iss=query.get("iss"))

    async def callback_handler(self) -> AuthorizationCodeResult:
        assert self.result is not None
        return self.result



class SignIn:
    """One agent's sign-in: pass it to several `connect()` calls to sign in once and reuse the tokens."""

    def __init__(self, username: str):
        self.browser = Browser(username)
        self.storage = MemoryStorage()


@asynccontextmanager
async def connect(
    server: str,
    transport: str,
    username: str,
    mode: str = "auto",
    logging_callback=None,
    headers: dict[str, str] | None = None,
    sign_in: SignIn | None = None,
):
    """An initialized `mcp.Client` signed in as `username` (through `sign_in` when given), sending
    `headers` on every HTTP request (for classic SSE: the GET /sse and every POST); yields (client, browser)."""
    endpoint = server.rstrip("/") + ("/mcp" if transport == "streamable" else "/sse")
    sign_in = sign_in or SignIn(username)
    provider = OAuthClientProvider(
        endpoint,
        OAuthClientMetadata(
            client_name="hmcp Python integration test",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        sign_in.storage,
        redirect_handler=sign_in.browser.redirect_handler,
        callback_handler=sign_in.browser.callback_handler,
    )
    if transport == "streamable":
        http = httpx2.AsyncClient(auth=provider, timeout=20, headers=headers or {})
        stream = streamable_http_client(endpoint, http_client=http)
    else:
        stream = sse_client(endpoint, headers=headers, auth=provider, timeout=20)
    async with Client(stream, mode=mode, logging_callback=logging_callback) as client:
        yield client, sign_in.browser
