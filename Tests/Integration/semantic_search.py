"""Semantic search through hmcp-serve with the official Python `mcp` client, as one signed-in agent.

Signs in through the OAuth relay as `--username` (see hmcp_client.py), over Streamable HTTP or classic
SSE, then calls `embedding_status`, `semantic_search` for every query (`--query`, repeatable, and/or
`--queries-file` with a JSON list of strings) and, with `--similar-to`, `find_similar_tickets`.

Prints one JSON line (the Swift integration tests read it), or with `--pretty` a readable listing
(scripts/demo uses that). Exit status 0 when every call succeeded.
"""

import argparse
import asyncio
import json
import sys

from hmcp_client import connect


def summary_of(result) -> dict:
    structured = result.structured_content or {}
    text = result.content[0].text if result.content else ""
    return {
        "is_error": bool(result.is_error),
        "error": text if result.is_error else None,
        "index_version": structured.get("index_version"),
        "results": structured.get("results", []),
        "text_copy_matches": (not result.is_error) and json.loads(text) == structured,
    }


async def run(arguments, queries: list[str]) -> dict:
    report: dict = {"transport": arguments.transport, "queries": []}
    async with connect(arguments.server, arguments.transport, arguments.username) as (client, _):
        report["tools"] = [tool.name for tool in (await client.list_tools()).tools]
        status = await client.call_tool("embedding_status", {})
        report["status"] = status.structured_content
        for query in queries:
            result = await client.call_tool("semantic_search", {"query": query, "limit": arguments.limit})
            report["queries"].append({"query": query, **summary_of(result)})
        if arguments.similar_to is not None:
            ticket_id = similar_source(arguments.similar_to, report["queries"])
            result = await client.call_tool("find_similar_tickets", {"ticket_id": ticket_id, "limit": arguments.limit})
            report["similar"] = {"ticket_id": ticket_id, **summary_of(result)}
    return report


def similar_source(choice: str, queries: list[dict]) -> int:
    """The ticket id `--similar-to` names; `first` means the first query's best result."""
    if choice != "first":
        return int(choice)
    first = queries[0]["results"] if queries else []
    if not first:
        raise SystemExit("--similar-to first needs a --query with at least one result")
    return first[0]["ticket_id"]


def print_pretty(report: dict) -> None:
    status = report.get("status") or {}
    size = f"{status['tickets']} tickets, {status['rows']} rows, " if "tickets" in status else ""  # administrators only
    print(f"index v{status.get('serving_version')}: {size}model {status.get('model')}")
    searches = [(f"semantic_search: {entry['query']}", entry) for entry in report["queries"]]
    if "similar" in report:
        searches.append((f"find_similar_tickets: #{report['similar']['ticket_id']}", report["similar"]))
    for title, entry in searches:
        print(f"\n> {title}")
        if entry["is_error"]:
            print(f"  error: {entry['error']}")
            continue
        for hit in entry["results"]:
            print(f"  #{hit['ticket_id']:<6} {hit['score']:.3f}  {hit['summary']}  [{hit.get('status', '?')}, {hit.get('client', '?')}]")
            private = " (private note)" if hit.get("private") else ""
            print(f"          {hit['matched_in']}{private}: {hit['snippet'][:150]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True, help="hmcp-serve origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--transport", choices=["streamable", "sse"], default="streamable")
    parser.add_argument("--username", required=True, help="HaloPSA (simulator) agent to sign in as")
    parser.add_argument("--query", action="append", default=[], help="a question; repeatable")
    parser.add_argument("--queries-file", help="a JSON file holding a list of questions")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--similar-to", help="also ask for tickets similar to this ticket id (`first`: the first query's best result)")
    parser.add_argument("--pretty", action="store_true", help="print a readable listing instead of JSON")
    arguments = parser.parse_args()
    queries = list(arguments.query)
    if arguments.queries_file:
        with open(arguments.queries_file, encoding="utf-8") as file:
            queries += json.load(file)
    report = asyncio.run(run(arguments, queries))
    if arguments.pretty:
        print_pretty(report)
    else:
        print(json.dumps(report))
    entries = report["queries"] + ([report["similar"]] if "similar" in report else [])
    return 0 if all(not entry["is_error"] for entry in entries) else 1


if __name__ == "__main__":
    sys.exit(main())
