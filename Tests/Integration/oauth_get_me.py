"""Headless MCP client run by the Swift integration tests (ServeTests.PythonClientTests).

Signs in to hmcp-serve through the OAuth relay as `--username` (see hmcp_client.py), over Streamable
HTTP or classic SSE, calls `get_me` and prints one JSON line with what it saw. Exit status 0 only when
get_me returned the agent `--expect-agent-id`.
"""

import argparse
import asyncio
import json
import sys

from hmcp_client import connect


async def run(arguments) -> dict:
    progress: list[float] = []
    logs: list[str] = []

    async def on_progress(value, total, message):
        progress.append(value)

    async def on_log(params):
        logs.append(str(params.data))

    async with connect(arguments.server, arguments.transport, arguments.username, arguments.mode, on_log) as (client, browser):
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
