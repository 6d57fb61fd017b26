"""Load, soak, faults and stop/restart of hmcp-serve on the HaloPSA simulator, over loopback.

Starts halo-sim (TICKETS tickets, LATENCY ms added to every HaloPSA answer) and hmcp-serve from BIN,
then runs, in order:
  load     SESSIONS concurrent MCP sessions (half Streamable HTTP, half classic SSE), signed in as
           agents with different visibility, calling a mix of tools (including search_tickets) for
           SECONDS after every session has opened and warmed up (its first call made, then SECONDS/5
           more); throughput, p50/p95/p99 per tool, errors, resident memory at start, after the warm-up
           and at the end;
  soak     one session making SOAK calls, SOAK_IN_FLIGHT at a time; resident memory after a warm-up
           (the first fifth of the calls) and at the end;
  faults   SESSIONS/4 sessions for SECONDS/2 while 10 % of HaloPSA answers fail: 5 % are 500 and 5 % a
           429 with Retry-After: 1: no crash, every failure a clean tool error;
  stop     SIGTERM while sessions and their streams are open: the time to exit; then a restart,
           kill -9 and another restart: every signed-in agent's next call works with the same tokens.
Prints a table and one JSON line. Usage: load.py BIN SESSIONS SECONDS SOAK [--tickets N] [--latency-ms N]
"""

import argparse
import asyncio
import json
import os
import pathlib
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time

import httpx2

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Integration"))
from hmcp_client import SignIn, connect  # noqa: E402

TOOLS = ["get_me", "list_tickets", "search_tickets", "get_ticket", "list_statuses", "list_actions"]
WORDS = ["printer", "VPN", "mailbox", "laptop", "password", "invoice", "backup", "server", "Teams", "Wi-Fi"]


def resident_mib(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS line")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Stack:
    """halo-sim and hmcp-serve as child processes, stopped by pid."""

    def __init__(self, bin_dir: str, tickets: int, latency_ms: int, work: str):
        self.bin = bin_dir
        self.work = work
        self.sim_log = open(os.path.join(work, "sim.log"), "w")
        self.sim = subprocess.Popen(
            [f"{bin_dir}/halo-sim", "--port", "0", "--tickets", str(tickets), "--seed", "42",
             "--latency-ms", str(latency_ms), "--log-level", "error"],
            stdout=self.sim_log, stderr=subprocess.STDOUT)
        self.sim_url = self._wait_for_url(os.path.join(work, "sim.log"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.key = secrets.token_hex(32)
        self.serve = None

    @staticmethod
    def _wait_for_url(log: str) -> str:
        deadline = time.time() + 120
        while time.time() < deadline:
            text = open(log).read()
            if "listening on" in text:
                for word in text.split():
                    if word.startswith("http://127.0.0.1:"):
                        return word.rstrip(",.")
            time.sleep(0.1)
        raise RuntimeError("halo-sim did not start: " + open(log).read()[-2000:])

    def start_server(self) -> None:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("HMCP_")}
        environment.update({
            "HMCP_ENV_FILE": os.path.join(self.work, "none.env"), "HMCP_HALO_URL": self.sim_url,
            "HMCP_DATA_DIR": os.path.join(self.work, "data"), "HMCP_SEMANTIC_SEARCH": "false",
            "HMCP_HOST": "127.0.0.1", "HMCP_PORT": str(self.port), "HMCP_PUBLIC_URL": self.url,
            "HMCP_ENCRYPTION_KEY": self.key, "HMCP_HALO_CLIENT_ID": "hmcp-relay",
            "HMCP_HALO_CLIENT_SECRET": "halo-sim-relay-secret", "HMCP_LOG_LEVEL": "error",
            "HMCP_HALO_RATE_LIMIT": "100000", "HMCP_MAX_SESSIONS_PER_AGENT": "1000",
            "HMCP_SIGNIN_RATE_LIMIT": "10000",
        })
        self.serve_log = open(os.path.join(self.work, "serve.log"), "a")
        self.serve = subprocess.Popen([f"{self.bin}/hmcp-serve"], env=environment, stdout=self.serve_log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.serve.poll() is not None:
                    raise RuntimeError("hmcp-serve exited at start")
                time.sleep(0.1)
        raise RuntimeError("hmcp-serve did not start")

    def stop_server(self, sig: int) -> float:
        started = time.monotonic()
        self.serve.send_signal(sig)
        try:
            self.serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.serve.kill()
            self.serve.wait()
            return float("inf")
        return time.monotonic() - started

    def close(self) -> None:
        for process in (self.serve, self.sim):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


class Tally:
    """Latencies per tool and failures of one scenario."""

    def __init__(self):
        self.latencies: dict[str, list[float]] = {tool: [] for tool in TOOLS}
        self.tool_errors = 0
        self.failures: list[str] = []

        self.forward: Tally | None = None

    @property
    def calls(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def begin_measuring(self, measured: "Tally") -> None:
        """From now on, calls are recorded in `measured` (the warm-up's stay here; failures go to both)."""
        self.forward = measured

    def target(self) -> "Tally":
        return self.forward.target() if self.forward is not None else self


def arguments_for(tool: str, rng: random.Random, tickets: int) -> dict:
    if tool == "list_tickets":
        return {"page_size": 20, "open_only": rng.random() < 0.5}
    if tool == "search_tickets":
        return {"query": rng.choice(WORDS), "page_size": 10}
    if tool in ("get_ticket", "list_actions"):
        return {"ticket_id": rng.randint(1, tickets)}
    return {}


async def call(client, tool: str, arguments: dict, tally: Tally) -> None:
    tally = tally.target()
    started = time.monotonic()
    try:
        result = await client.call_tool(tool, arguments)
        if result.is_error:
            text = result.content[0].text if result.content else ""
            tally.tool_errors += 1
            if not text:
                tally.failures.append(f"{tool}: an error result without a message")
    except Exception as error:  # a protocol error, a dropped stream, a timeout: not a clean answer
        tally.failures.append(f"{tool}: {type(error).__name__}: {error}"[:300])
    tally.latencies[tool].append(time.monotonic() - started)


async def session_loop(stack, transport, sign_in, username, stop, tally, rng, tickets, opened=None):
    """Calls tools at random until `stop` is set; `opened()` is called after the session's first call."""
    async with connect(stack.url, transport, username, sign_in=sign_in) as (client, _):
        while not stop.is_set():
            tool = rng.choice(TOOLS)
            await call(client, tool, arguments_for(tool, rng, tickets), tally)
            if opened is not None:
                opened()
                opened = None


async def sign_ins(stack, usernames) -> dict:
    """One sign-in per agent and transport (a token is bound to its endpoint), through the relay's real
    flow, reused by all of that agent's sessions on that transport."""
    result = {}
    for username in usernames:
        for transport in ("streamable", "sse"):
            sign_in = SignIn(username)
            async with connect(stack.url, transport, username, sign_in=sign_in) as (client, _):
                await client.call_tool("get_me", {})
            result[(username, transport)] = sign_in
    return result


async def run_sessions(stack, sessions, seconds, agents, tickets, seed, tally=None) -> tuple[Tally, dict, float]:
    """SESSIONS sessions calling tools; once all have made their first call and SECONDS/5 more have
    passed (the warm-up), they run SECONDS more. Returns the tally of the measured part, resident memory
    at start, after the warm-up and at the end, and the measured seconds."""
    tally = tally or Tally()
    memory = {"start": resident_mib(stack.serve.pid)}
    stop = asyncio.Event()
    all_open = asyncio.Event()
    open_count = 0

    def opened():
        nonlocal open_count
        open_count += 1
        if open_count == sessions:
            all_open.set()

    warming = Tally()
    rng = random.Random(seed)
    tasks = []
    for index in range(sessions):
        username = agents[index % len(agents)]
        transport = "streamable" if index % 2 == 0 else "sse"
        tasks.append(asyncio.create_task(session_loop(
            stack, transport, SIGN_INS[(username, transport)], username, stop, warming, random.Random(rng.random()), tickets,
            opened)))
    try:
        await asyncio.wait_for(all_open.wait(), timeout=max(600, seconds * 10))
    except asyncio.TimeoutError:
        warming.failures.append(f"session: only {open_count} of {sessions} sessions opened")
    await asyncio.sleep(seconds / 5)
    memory["warm"] = resident_mib(stack.serve.pid)
    warming.begin_measuring(tally)
    started = time.monotonic()
    await asyncio.sleep(seconds)
    stop.set()
    done = await asyncio.gather(*tasks, return_exceptions=True)
    measured = time.monotonic() - started
    tally.failures += warming.failures
    for outcome in done:
        if isinstance(outcome, BaseException):
            tally.failures.append(f"session: {type(outcome).__name__}: {outcome}"[:300])
    memory["end"] = resident_mib(stack.serve.pid)
    return tally, memory, measured


async def set_faults(stack, faults: dict) -> None:
    async with httpx2.AsyncClient(timeout=10) as http:
        (await http.post(stack.sim_url + "/_sim/faults", json=faults)).raise_for_status()


async def faults_scenario(stack, sessions, seconds, agents, tickets) -> tuple[Tally, bool, float, dict]:
    """The sessions while 10 % of HaloPSA answers fail (5 % 500s, 5 % 429s with Retry-After: 1);
    returns the tally, whether the server is still answering, the measured seconds and the share of
    HaloPSA answers the simulator failed."""
    await set_faults(stack, {"error_rate": 0.05, "throttle_rate": 0.05, "retry_after": 1, "latency_ms": ARGS.latency_ms})
    before = await sim_stats(stack)
    tally, _, measured = await run_sessions(stack, sessions, seconds, agents, tickets, seed=11)
    after = await sim_stats(stack)
    await set_faults(stack, {"latency_ms": ARGS.latency_ms})
    async with httpx2.AsyncClient(timeout=10) as http:
        alive = (await http.get(stack.url + "/health")).status_code == 200
    answered = after.get("total", 0) - before.get("total", 0)
    failed = {f"halo_{status}": after.get(f"status {status}", 0) - before.get(f"status {status}", 0) for status in (429, 500)}
    return tally, alive and stack.serve.poll() is None, measured, {"halo_answers": answered, **failed}


async def sim_stats(stack) -> dict:
    async with httpx2.AsyncClient(timeout=10) as http:
        return (await http.get(stack.sim_url + "/_sim/stats")).json()


async def soak(stack, calls, username, tickets, in_flight) -> tuple[Tally, dict]:
    """One session making CALLS calls, IN_FLIGHT at a time (one MCP session may have several requests
    in flight); resident memory at start, after the first fifth of the calls and at the end."""
    tally = Tally()
    rng = random.Random(5)
    memory = {"start": resident_mib(stack.serve.pid)}
    issued = 0
    async with connect(stack.url, "streamable", username, sign_in=SIGN_INS[(username, "streamable")]) as (client, _):
        async def worker():
            nonlocal issued
            while issued < calls:
                issued += 1
                if issued == calls // 5:
                    memory["warm"] = resident_mib(stack.serve.pid)
                tool = rng.choice(TOOLS)
                await call(client, tool, arguments_for(tool, rng, tickets), tally)

        await asyncio.gather(*(worker() for _ in range(max(1, in_flight))))
    memory.setdefault("warm", memory["start"])
    memory["end"] = resident_mib(stack.serve.pid)
    return tally, memory


async def stop_and_restart(stack, agents) -> dict:
    """SIGTERM under open sessions, then restart, kill -9, restart: every agent's tokens still work."""
    tally = Tally()
    stop = asyncio.Event()
    rng = random.Random(3)
    tasks = []
    for index, username in enumerate(agents):
        transport = "streamable" if index % 2 == 0 else "sse"
        tasks.append(asyncio.create_task(session_loop(
            stack, transport, SIGN_INS[(username, transport)], username, stop, tally, random.Random(rng.random()),
            ARGS.tickets)))
    await asyncio.sleep(3)
    drain_seconds = await asyncio.to_thread(stack.stop_server, signal.SIGTERM)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    stack.start_server()
    await asyncio.sleep(1)
    stack.stop_server(signal.SIGKILL)
    stack.start_server()
    working = 0
    for username in agents:
        sign_in = SIGN_INS[(username, "streamable")]
        hops_before = len(sign_in.browser.hops)
        try:
            async with connect(stack.url, "streamable", username, sign_in=sign_in) as (client, _):
                result = await client.call_tool("get_me", {})
                if not result.is_error and len(sign_in.browser.hops) == hops_before:
                    working += 1
        except Exception as error:  # a lost sign-in shows as a failed connection
            print(f"after the restart {username} could not call: {type(error).__name__}: {error}"[:300], flush=True)
    return {"drain_seconds": round(drain_seconds, 2), "agents": len(agents), "working_after_kill": working}


def table_rows(name: str, tally: Tally, seconds: float, memory: dict | None) -> list[str]:
    rows = []
    for tool, values in tally.latencies.items():
        if values:
            rows.append(f"| {name} | {tool} | {len(values)} | {percentile(values, .5) * 1000:.0f} | "
                        f"{percentile(values, .95) * 1000:.0f} | {percentile(values, .99) * 1000:.0f} |")
    summary = (f"| {name} | **all** | {tally.calls} ({tally.calls / seconds:.1f}/s) | failures {len(tally.failures)}, "
               f"tool errors {tally.tool_errors} | | |")
    if memory:
        growth = (memory["end"] - memory["warm"]) / memory["warm"] * 100
        summary += f"\n| {name} | resident MiB | start {memory['start']:.1f}, warm {memory['warm']:.1f}, end {memory['end']:.1f} ({growth:+.1f} % after warm-up) | | | |"
    return rows + [summary]


async def main() -> int:
    work = tempfile.mkdtemp(prefix="hmcp-bench-load-")
    stack = Stack(ARGS.bin, ARGS.tickets, ARGS.latency_ms, work)
    report = {}
    rows = ["| scenario | tool | calls | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|"]
    try:
        stack.start_server()
        async with httpx2.AsyncClient(timeout=10) as http:
            accounts = (await http.get(stack.sim_url + "/_sim/accounts")).json()
        agents = [agent["username"] for agent in accounts["agents"]][:ARGS.agents]
        global SIGN_INS
        SIGN_INS = await sign_ins(stack, agents)
        print(f"== load: {ARGS.sessions} sessions x {ARGS.seconds} s, {len(agents)} agents, {ARGS.tickets} tickets, "
              f"HaloPSA latency {ARGS.latency_ms} ms", flush=True)
        tally, memory, measured = await run_sessions(stack, ARGS.sessions, ARGS.seconds, agents, ARGS.tickets, seed=7)
        rows += table_rows("load", tally, measured, memory)
        report["load"] = {"calls": tally.calls, "failures": tally.failures[:10], "failure_count": len(tally.failures),
                          "tool_errors": tally.tool_errors, "memory_mib": memory}
        if ARGS.soak:
            print(f"== soak: {ARGS.soak} calls in one session, {ARGS.soak_in_flight} in flight", flush=True)
            started = time.monotonic()
            tally, memory = await soak(stack, ARGS.soak, agents[0], ARGS.tickets, ARGS.soak_in_flight)
            rows += table_rows("soak", tally, time.monotonic() - started, memory)
            report["soak"] = {"calls": tally.calls, "failure_count": len(tally.failures), "failures": tally.failures[:10],
                              "memory_mib": memory}
        if ARGS.faults:
            print(f"== faults: {max(2, ARGS.sessions // 4)} sessions x {max(2, ARGS.seconds // 2)} s, 10 % of HaloPSA answers fail "
                  "(5 % 500, 5 % 429 with Retry-After: 1)", flush=True)
            tally, alive, measured, halo = await faults_scenario(
                stack, max(2, ARGS.sessions // 4), max(2, ARGS.seconds // 2), agents, ARGS.tickets)
            rows += table_rows("faults", tally, measured, None)
            report["faults"] = {"calls": tally.calls, "failure_count": len(tally.failures), "failures": tally.failures[:10],
                                "tool_errors": tally.tool_errors, "server_alive": alive, **halo}
        if ARGS.restart:
            print("== SIGTERM under load, restart, kill -9, restart", flush=True)
            report["restart"] = await stop_and_restart(stack, agents)
    finally:
        stack.close()
    print("\n".join(rows))
    if "restart" in report:
        restart = report["restart"]
        print(f"SIGTERM drained in {restart['drain_seconds']} s; after kill -9 and a restart "
              f"{restart['working_after_kill']}/{restart['agents']} signed-in agents' next call worked with the same token")
    if "faults" in report and report["faults"]["halo_answers"]:
        faults = report["faults"]
        print(f"faults: HaloPSA answered {faults['halo_answers']} requests, {faults['halo_500']} with 500 and "
              f"{faults['halo_429']} with 429 ({(faults['halo_500'] + faults['halo_429']) / faults['halo_answers'] * 100:.1f} % failed)")
    print(json.dumps(report))
    ok = report["load"]["failure_count"] == 0
    ok = ok and report.get("faults", {}).get("server_alive", True) and report.get("faults", {}).get("failure_count", 0) == 0
    ok = ok and report.get("soak", {}).get("failure_count", 0) == 0
    if "restart" in report:
        ok = ok and report["restart"]["working_after_kill"] == report["restart"]["agents"]
        ok = ok and report["restart"]["drain_seconds"] < ARGS.drain_limit
    if ARGS.memory_limit_percent is not None:
        memory = report["load"]["memory_mib"]
        ok = ok and (memory["end"] - memory["warm"]) / memory["warm"] * 100 <= ARGS.memory_limit_percent
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bin")
    parser.add_argument("sessions", type=int)
    parser.add_argument("seconds", type=int)
    parser.add_argument("soak", type=int)
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--agents", type=int, default=8)
    parser.add_argument("--soak-in-flight", type=int, default=8, help="calls the soak's one session has in flight at once")
    parser.add_argument("--no-faults", dest="faults", action="store_false")
    parser.add_argument("--no-restart", dest="restart", action="store_false")
    parser.add_argument("--drain-limit", type=float, default=30, help="seconds SIGTERM may take (TimeoutStopSec)")
    parser.add_argument("--memory-limit-percent", type=float, default=None,
                        help="fail when resident memory grows more than this after the warm-up")
    ARGS = parser.parse_args()
    SIGN_INS = {}
    sys.exit(asyncio.run(main()))
