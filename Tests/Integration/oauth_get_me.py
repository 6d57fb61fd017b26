"""Headless MCP client run by the Swift integration tests (ServeTests.PythonClientTests).

Connects to hmcp-serve with the official Python `mcp` SDK over Streamable HTTP (`/mcp`) or classic
SSE (`/sse`), lets the SDK's OAuthClientProvider run the whole OAuth flow (401 -> protected-resource
metadata -> authorization-server metadata -> dynamic registration -> /authorize), plays the user in
the redirect handler (submits our consent form, then the HaloPSA simulator's login form as
`--username`, then follows the callback), calls `get_me` and prints one JSON line with what it saw.
Exit status 0 only when get_me returned the agent `--expect-agent-id`.
"""

import argparse
import asyncio
import json
import re
import sys
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


async def run(arguments) -> dict:
    endpoint = arguments.server.rstrip("/") + ("/mcp" if arguments.transport == "streamable" else "/sse")
    browser = Browser(arguments.username)
    provider = OAuthClientProvider(
        endpoint,
        OAuthClientMetadata(
            client_name="hmcp Python integration test",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        MemoryStorage(),
        redirect_handler=browser.redirect_handler,
        callback_handler=browser.callback_handler,
    )
    if arguments.transport == "streamable":
        transport = streamable_http_client(endpoint, http_client=httpx2.AsyncClient(auth=provider, timeout=20))
    else:
        transport = sse_client(endpoint, auth=provider, timeout=20)
    progress: list[float] = []
    logs: list[str] = []

    async def on_progress(value, total, message):
        progress.append(value)

    async def on_log(params):
        logs.append(str(params.data))

    async with Client(transport, mode=arguments.mode, logging_callback=on_log) as client:
        negotiated = client.session.initialize_result.protocol_version if arguments.mode == "legacy" else None
        tools = await client.list_tools()
        result = await client.call_tool("get_me", {}, progress_callback=on_progress)
    structured = result.structured_content or {}
    return {
        "transport": arguments.transport,
        "mode": arguments.mode,
        "protocol_version": negotiated,
        "tools": [tool.name for tool in tools.tools],
        "is_error": bool(result.is_error),
        "agent_id": structured.get("id"),
        "agent_name": structured.get("name"),
        "text_copy_matches": bool(result.content) and json.loads(result.content[0].text) == structured,
        "progress": progress,
        "logs": logs,
        "oauth_hops": browser.hops,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True, help="hmcp-serve origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--transport", choices=["streamable", "sse"], required=True)
    parser.add_argument("--mode", choices=["auto", "legacy"], default="auto")
    parser.add_argument("--username", required=True, help="simulator agent to log in as")
    parser.add_argument("--expect-agent-id", type=int, required=True)
    arguments = parser.parse_args()
    report = asyncio.run(run(arguments))
    print(json.dumps(report))
    ok = report["agent_id"] == arguments.expect_agent_id and not report["is_error"] and report["text_copy_matches"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
