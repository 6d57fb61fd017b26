"""Runs a plan of MCP tool calls against hmcp-serve and reports every result as one JSON line.

Run by the Swift integration tests (ServeTests.ToolScenarioTests), which build the plan and assert on
the report. The agent `--username` signs in once through the OAuth relay (hmcp_client.py); then each
session of the plan opens its own MCP connection, with its own extra HTTP headers (e.g. X-MCP-Readonly),
lists the tools and runs its steps in order. A step may inject HaloPSA faults into the simulator
(`POST --sim/_sim/faults`) for the length of its call.

Plan: {"sessions": [{"name": str, "headers": {..}, "steps": [{"label": str, "tool": str,
"arguments": {..}, "fault": {..}}]}]}
Report: {"oauth_hops": [...], "sessions": {name: {"tools": [...], "results": {label: {"is_error": bool,
"text": str, "structured": {..}, "text_copy_matches": bool} or {"protocol_error": str}}}}}
The Python client itself validates every successful result's structuredContent against the tool's
outputSchema; a mismatch is reported as a protocol_error.
"""

import argparse
import asyncio
import json
import sys

import httpx2
from hmcp_client import SignIn, connect
from mcp import Client, MCPError


async def set_faults(sim: str, faults: dict) -> None:
    async with httpx2.AsyncClient(timeout=10) as http:
        answer = await http.post(sim.rstrip("/") + "/_sim/faults", json=faults)
        answer.raise_for_status()


async def run_step(client: Client, sim: str, step: dict) -> dict:
    fault = step.get("fault")
    if fault:
        await set_faults(sim, fault)
    try:
        result = await client.call_tool(step["tool"], step.get("arguments", {}))
    except MCPError as error:
        return {"protocol_error": str(error)}
    except Exception as error:  # the client's own output-schema validation, for instance
        return {"protocol_error": f"{type(error).__name__}: {error}"}
    finally:
        if fault:
            await set_faults(sim, {})
    text = result.content[0].text if result.content else ""
    structured = result.structured_content
    copy_matches = structured is not None and text != "" and json.loads(text) == structured
    return {"is_error": bool(result.is_error), "text": text, "structured": structured, "text_copy_matches": copy_matches}


async def run(arguments, plan: dict) -> dict:
    sign_in = SignIn(arguments.username)
    sessions = {}
    for session in plan["sessions"]:
        connection = connect(
            arguments.server, arguments.transport, arguments.username, arguments.mode,
            headers=session.get("headers"), sign_in=sign_in,
        )
        async with connection as (client, _):
            tools = await client.list_tools()
            results = {}
            for step in session.get("steps", []):
                results[step["label"]] = await run_step(client, arguments.sim, step)
        sessions[session["name"]] = {"tools": [tool.name for tool in tools.tools], "results": results}
    return {"oauth_hops": sign_in.browser.hops, "sessions": sessions}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True, help="hmcp-serve origin")
    parser.add_argument("--sim", required=True, help="HaloPSA simulator origin (for /_sim/faults)")
    parser.add_argument("--transport", choices=["streamable", "sse"], required=True)
    parser.add_argument("--mode", choices=["auto", "legacy"], default="auto")
    parser.add_argument("--username", required=True, help="simulator agent to log in as")
    parser.add_argument("--plan", required=True, help="the plan, as JSON")
    arguments = parser.parse_args()
    report = asyncio.run(run(arguments, json.loads(arguments.plan)))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
