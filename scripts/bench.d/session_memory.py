"""One long Streamable HTTP session against hmcp-serve, sampling the server's resident set.

Usage: session_memory.py SERVER_URL SIMULATOR_URL SERVER_PID CALLS; prints a summary and one JSON line.
"""

import asyncio
import json
import pathlib
import sys
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Integration"))
from hmcp_client import connect  # noqa: E402


def resident_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


async def main(server: str, simulator: str, pid: int, calls: int) -> None:
    accounts = json.load(urllib.request.urlopen(simulator + "/_sim/accounts"))
    agents = {agent["id"]: agent["username"] for agent in accounts["agents"]}
    async with connect(server, "streamable", agents[accounts["admin_agent_id"]]) as (client, _):
        for _ in range(200):
            await client.list_tools()
        before = resident_kib(pid)
        samples = []
        for index in range(calls):
            await client.list_tools()
            if (index + 1) % 500 == 0:
                samples.append(resident_kib(pid))
        after = resident_kib(pid)
    growth = (after - before) / 1024
    print(f"resident set: {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after {calls} calls ({growth:+.1f} MiB)")
    print(json.dumps({"calls": calls, "before_kib": before, "after_kib": after, "growth_mib": round(growth, 1),
                      "samples_kib": samples}))


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
