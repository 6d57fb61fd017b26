"""Real-browser sign-in, run by the Swift integration tests (ServeTests.BrowserSignInTests).

The official Python `mcp` client connects to hmcp-serve over Streamable HTTP; when the SDK asks the
user to sign in, headless Chromium (driven by Selenium and the system chromedriver) opens /authorize,
presses "Continue to HaloPSA" on our consent page, signs in to the HaloPSA simulator as `--username`
and lands on this script's own loopback redirect URI. The SDK then redeems the code, opens the MCP
session and calls `get_me`. Prints one JSON line; exit status 0 only when get_me returned the agent
`--expect-agent-id`, 77 when the browser cannot start (the caller reports the test as skipped).
"""

import argparse
import asyncio
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from hmcp_client import MemoryStorage

BROWSER_CANNOT_START = 77
WAIT_SECONDS = 20


class RedirectReceiver:
    """The client's loopback redirect URI: a tiny HTTP server that keeps the query it is sent."""

    def __init__(self):
        self.query: dict[str, str] | None = None
        self.received = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                if url.path != "/callback":
                    self.send_error(404)
                    return
                receiver.query = {key: values[0] for key, values in parse_qs(url.query).items()}
                receiver.received.set()
                body = b"<!doctype html><title>Signed in</title><p>You can close this window.</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_address[1]}/callback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def start_browser(chromedriver: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    return driver


class BrowserUser:
    """Plays the user in Chromium: consent, HaloPSA login; records each page it passed."""

    def __init__(self, driver: webdriver.Chrome, receiver: RedirectReceiver, username: str):
        self.driver = driver
        self.receiver = receiver
        self.username = username
        self.pages: list[str] = []
        self.login_host: str | None = None

    def sign_in(self, authorization_url: str) -> None:
        self.driver.get(authorization_url)
        self.pages.append(self.driver.title)
        self.element(By.CSS_SELECTOR, "button[value=approve]", "the consent page").click()
        username = self.element(By.NAME, "username", "the HaloPSA login page")
        self.pages.append(self.driver.title)
        self.login_host = urlparse(self.driver.current_url).hostname
        username.send_keys(self.username)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        if not self.receiver.received.wait(WAIT_SECONDS):
            raise RuntimeError(f"the browser never reached the redirect URI; {self.showing()}")
        self.pages.append(self.driver.title)

    def element(self, by: str, value: str, page: str):
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS).until(expected_conditions.element_to_be_clickable((by, value)))
        except TimeoutException:
            raise RuntimeError(f"{page} did not appear; {self.showing()}") from None

    def showing(self) -> str:
        return f"the browser shows {self.driver.title!r}: {self.driver.find_element(By.TAG_NAME, 'body').text[:300]!r}"

    async def redirect_handler(self, authorization_url: str) -> None:
        await asyncio.to_thread(self.sign_in, authorization_url)

    async def callback_handler(self) -> AuthorizationCodeResult:
        query = self.receiver.query or {}
        if "code" not in query:
            raise RuntimeError(f"the redirect URI received no code: {query}")
        return AuthorizationCodeResult(code=query["code"], state=query.get("state"), iss=query.get("iss"))


async def run(arguments, user: BrowserUser) -> dict:
    endpoint = arguments.server.rstrip("/") + "/mcp"
    provider = OAuthClientProvider(
        endpoint,
        OAuthClientMetadata(
            client_name="hmcp browser test",
            redirect_uris=[user.receiver.uri],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        MemoryStorage(),
        redirect_handler=user.redirect_handler,
        callback_handler=user.callback_handler,
    )
    http = httpx2.AsyncClient(auth=provider, timeout=WAIT_SECONDS)
    async with Client(streamable_http_client(endpoint, http_client=http)) as client:
        result = await client.call_tool("get_me", {})
    structured = result.structured_content or {}
    return {
        "pages": user.pages,
        "login_host": user.login_host,
        "is_error": bool(result.is_error),
        "agent_id": structured.get("id"),
        "redirect_query_keys": sorted((user.receiver.query or {}).keys()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True, help="hmcp-serve origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--username", required=True, help="simulator agent to log in as")
    parser.add_argument("--expect-agent-id", type=int, required=True)
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    arguments = parser.parse_args()
    try:
        driver = start_browser(arguments.chromedriver)
    except (WebDriverException, OSError) as error:
        print(f"BROWSER TEST SKIPPED: headless Chromium could not start ({error}). "
              "Run scripts/setup to install chromium and chromium-driver.", file=sys.stderr)
        return BROWSER_CANNOT_START
    receiver = RedirectReceiver()
    try:
        report = asyncio.run(run(arguments, BrowserUser(driver, receiver, arguments.username)))
    finally:
        driver.quit()
        receiver.stop()
    print(json.dumps(report))
    return 0 if report["agent_id"] == arguments.expect_agent_id and not report["is_error"] else 1


if __name__ == "__main__":
    sys.exit(main())
