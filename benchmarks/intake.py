"""Case intake benchmark: case creation through the edge against the raw limit of the same servers.

Measures, in one run and at one concurrency, N case creations through the HTTP edge (the system)
and N bare operations against the same MongoDB server and broker (the raw limit): one `insert_one`
of a case-shaped document plus one persistent publish with publisher confirms of the case event.
Prints both and their ratio. See benchmarks/README.md.

    .venv/bin/python benchmarks/intake.py --edge http://127.0.0.1:8080 --cases 2000 --concurrency 16 \
        --mongodb-url mongodb://127.0.0.1:27027 --rabbitmq-url amqp://guest:guest@127.0.0.1:5672/

Not part of `make test`; speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import secrets
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import bson
import httpx
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue
from aio_pika.exceptions import AMQPError
from measure import finite, hosts_of, is_loopback, latency_summary, ratio, redact, token_from
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from arendo_contracts import CloudEvent
from arendo_contracts.events.case import CaseCreatedV1, CaseSummary

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KEY_DIR = REPO_ROOT / ".local" / "devauth"
INBOX_READY_TIMEOUT_S = 30.0
POLL_INTERVAL_S = 0.05
MAX_ERROR_SAMPLES = 10

Document = dict[str, Any]


# --- results -----------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    ops: int = 0
    errors: int = 0
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    # Named parts of one operation (the raw phase: insert, publish), latencies in ms.
    parts_ms: dict[str, list[float]] = field(default_factory=dict)

    def record_error(self, kind: str, sample: str) -> None:
        self.errors += 1
        self.error_kinds[kind] += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(sample)

    @property
    def throughput(self) -> float:
        return self.ops / self.wall_s if self.wall_s > 0 else math.nan

    def summary(self) -> dict[str, Any]:
        return {
            "ops": self.ops,
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "wall_s": self.wall_s,
            "throughput_ops_s": self.throughput,
            **latency_summary(self.latencies_ms),
            "parts": {name: latency_summary(values) for name, values in self.parts_ms.items()},
        }


# --- the worker pool ---------------------------------------------------------------------------


async def run_pool(
    *, count: int, concurrency: int, operation: Callable[[int], Awaitable[None]], timeout_s: float
) -> float:
    """Run `operation(i)` for i in 0..count-1 with `concurrency` workers; returns the wall time in seconds."""
    indices: Iterator[int] = iter(range(count))

    async def worker() -> None:
        for i in indices:  # shared iterator: each index is taken by exactly one worker
            await operation(i)

    started = time.perf_counter()
    async with asyncio.timeout(timeout_s):
        await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    return time.perf_counter() - started


# --- the system through the edge ---------------------------------------------------------------


@dataclass
class Edge:
    client: httpx.AsyncClient
    cases_url: str
    inboxes_url: str

    async def create_inbox(self, name: str) -> str:
        response = await self.client.post(f"{self.inboxes_url}/api/inboxes", json={"name": name, "kind": "work_group"})
        if response.status_code != 201:
            raise SystemExit(f"creating the benchmark inbox failed: {response.status_code} {response.text[:500]}")
        inbox_id = response.json()["id"]
        assert isinstance(inbox_id, str)
        return inbox_id

    async def create_case(self, inbox_id: str, title: str) -> httpx.Response:
        return await self.client.post(
            f"{self.cases_url}/api/cases", json={"inbox_id": inbox_id, "title": title, "priority": "normal"}
        )

    async def first_case(self, inbox_id: str, *, timeout_s: float) -> Document:
        """Create one case, retrying while the case-service has not yet replicated the new inbox."""
        deadline = time.monotonic() + timeout_s
        attempts = 0
        while True:
            attempts += 1
            response = await self.create_case(inbox_id, "Benchmark warm-up")
            if response.status_code == 201:
                body = response.json()
                assert isinstance(body, dict)
                return body
            if response.status_code != 422 or "inbox_id" not in response.text:
                raise SystemExit(f"creating a case failed: {response.status_code} {response.text[:500]}")
            if time.monotonic() >= deadline:
                raise SystemExit(
                    f"the case-service did not learn of inbox {inbox_id} within {timeout_s:.0f} s "
                    f"({attempts} attempts); is the inbox event reaching it?"
                )
            await asyncio.sleep(0.1)

    async def inbox_total(self, inbox_id: str) -> int:
        response = await self.client.get(f"{self.inboxes_url}/api/inboxes/{inbox_id}/cases", params={"page_size": 1})
        response.raise_for_status()
        total = response.json()["total"]
        assert isinstance(total, int)
        return total


async def system_phase(edge: Edge, inbox_id: str, *, cases: int, concurrency: int, timeout_s: float) -> Phase:
    phase = Phase("system")

    async def create(i: int) -> None:
        started = time.perf_counter()
        try:
            response = await edge.create_case(inbox_id, f"Benchmark case {i + 1}")
        except httpx.HTTPError as exc:
            phase.record_error(type(exc).__name__, f"#{i + 1}: {type(exc).__name__}: {exc}")
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status_code == 201:
            phase.ops += 1
            phase.latencies_ms.append(elapsed_ms)
        else:
            phase.record_error(
                f"HTTP {response.status_code}", f"#{i + 1}: {response.status_code} {response.text[:300]}"
            )

    phase.wall_s = await run_pool(count=cases, concurrency=concurrency, operation=create, timeout_s=timeout_s)
    return phase


async def wait_for_projection(edge: Edge, inbox_id: str, *, expected: int, timeout_s: float) -> tuple[float, int]:
    """Seconds until the inbox view counts `expected` cases, and the last count seen; raises TimeoutError."""
    started = time.perf_counter()
    deadline = time.monotonic() + timeout_s
    total = -1
    while time.monotonic() < deadline:
        total = await edge.inbox_total(inbox_id)
        if total >= expected:
            return time.perf_counter() - started, total
        await asyncio.sleep(POLL_INTERVAL_S)
    raise TimeoutError(f"the inbox view showed {total} of {expected} cases after {timeout_s:.0f} s")


# --- the raw limit: the same servers, no system -----------------------------------------------


@dataclass
class RawShape:
    """A case document with its outbox entry, and the case event as published, built from a real case."""

    document: Document
    body: bytes
    headers: dict[str, str]
    routing_key: str

    @classmethod
    def of(cls, case: Document, *, actor: str) -> RawShape:
        summary = CaseSummary.model_validate({**case, "case_id": case["id"]})
        event = CloudEvent.wrap(CaseCreatedV1(case=summary), source="case-service", actor=actor)
        document: Document = {k: _as_bson_value(v) for k, v in case.items() if k != "id"}
        document["outbox"] = [event.model_dump(mode="json", exclude_none=True)]
        return cls(document=document, body=event.amqp_body(), headers=event.amqp_headers(), routing_key="bench.case")

    def new_document(self) -> Document:
        return {"_id": str(uuid.uuid4()), **self.document}

    def document_bytes(self) -> int:
        return len(bson.encode(self.new_document()))


def _as_bson_value(value: Any) -> Any:
    """The API gives datetimes as ISO strings; the stored case has them as BSON dates."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@dataclass
class RawTargets:
    mongo: AsyncMongoClient[Document]
    database: str
    channel: AbstractChannel
    exchange: AbstractExchange
    queue: AbstractQueue


async def raw_phase(
    targets: RawTargets, shape: RawShape, *, count: int, concurrency: int, timeout_s: float, label: str = "raw"
) -> Phase:
    phase = Phase(label, parts_ms={"insert": [], "publish": []})
    collection = targets.mongo[targets.database]["cases"]

    async def insert_and_publish(i: int) -> None:
        started = time.perf_counter()
        try:
            await collection.insert_one(shape.new_document())
            inserted = time.perf_counter()
            message = aio_pika.Message(
                shape.body,
                headers=dict(shape.headers),
                content_type="application/json",
                message_id=str(uuid.uuid4()),
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            )
            await targets.exchange.publish(message, routing_key=shape.routing_key)  # waits for the confirm
        except Exception as exc:
            phase.record_error(type(exc).__name__, f"#{i + 1}: {type(exc).__name__}: {exc}")
            return
        finished = time.perf_counter()
        phase.ops += 1
        phase.latencies_ms.append((finished - started) * 1000)
        phase.parts_ms["insert"].append((inserted - started) * 1000)
        phase.parts_ms["publish"].append((finished - inserted) * 1000)

    phase.wall_s = await run_pool(
        count=count, concurrency=concurrency, operation=insert_and_publish, timeout_s=timeout_s
    )
    return phase


async def run_raw(args: argparse.Namespace, shape: RawShape, run_id: str) -> Phase:
    """Declare the scratch targets, warm up, measure, and always clean up."""
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(
        args.mongodb_url, tz_aware=True, serverSelectionTimeoutMS=5000, uuidRepresentation="standard"
    )
    database = f"arendo_bench_{run_id}"
    name = f"arendo.bench.{run_id}"
    connection = await aio_pika.connect(args.rabbitmq_url, timeout=10)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)
        queue_args: dict[str, Any] = {"x-queue-type": args.raw_queue_type}
        queue = await channel.declare_queue(name, durable=True, arguments=queue_args)
        try:
            await queue.bind(exchange, routing_key=shape.routing_key)
            targets = RawTargets(mongo=mongo, database=database, channel=channel, exchange=exchange, queue=queue)
            if args.warmup:
                warm = await raw_phase(
                    targets, shape, count=args.warmup, concurrency=args.concurrency, timeout_s=args.timeout
                )
                if warm.errors:
                    raise SystemExit(f"raw warm-up failed: {warm.error_samples[:3]}")
            return await raw_phase(
                targets, shape, count=args.cases, concurrency=args.concurrency, timeout_s=args.timeout
            )
        finally:
            await queue.delete(if_unused=False, if_empty=False)
            await exchange.delete()
            await mongo.drop_database(database)
    finally:
        await connection.close()
        await mongo.close()


# --- orchestration ------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> dict[str, Any]:
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    token = token_from(args)
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=httpx.Timeout(30.0)
    ) as client:
        edge = Edge(client=client, cases_url=args.cases_url.rstrip("/"), inboxes_url=args.inboxes_url.rstrip("/"))
        inbox_id = await edge.create_inbox(f"Benchmark {run_id}")
        first = await edge.first_case(inbox_id, timeout_s=INBOX_READY_TIMEOUT_S)
        shape = RawShape.of(first, actor="u-bench")
        created_before = 1

        # The raw limit first, so the system's after-work (relay, projections) cannot slow it down.
        raw = await run_raw(args, shape, run_id.replace("-", "_").lower())

        if args.warmup:
            warm = await system_phase(
                edge, inbox_id, cases=args.warmup, concurrency=args.concurrency, timeout_s=args.timeout
            )
            created_before += warm.ops
            if warm.errors:
                raise SystemExit(f"system warm-up failed: {warm.error_samples[:3]}")
        system = await system_phase(
            edge, inbox_id, cases=args.cases, concurrency=args.concurrency, timeout_s=args.timeout
        )

        projection: dict[str, Any] | None = None
        if args.wait_projection:
            expected = created_before + system.ops
            try:
                lag_s, total = await wait_for_projection(
                    edge, inbox_id, expected=expected, timeout_s=args.projection_timeout
                )
                projection = {"expected": expected, "total": total, "lag_after_last_s": lag_s, "timed_out": False}
            except TimeoutError as exc:
                projection = {"expected": expected, "error": str(exc), "timed_out": True}
            projection["since_system_start_s"] = system.wall_s + projection.get("lag_after_last_s", math.nan)

    sys_s, raw_s = system.summary(), raw.summary()
    return {
        "run_id": run_id,
        "config": {
            "cases": args.cases,
            "concurrency": args.concurrency,
            "warmup": args.warmup,
            "cases_url": args.cases_url,
            "inboxes_url": args.inboxes_url,
            "mongodb_url": redact(args.mongodb_url),
            "rabbitmq_url": redact(args.rabbitmq_url),
            "raw_queue_type": args.raw_queue_type,
            "inbox_id": inbox_id,
        },
        "shape": {
            "document_bson_bytes": shape.document_bytes(),
            "event_body_bytes": len(shape.body),
            "event_header_bytes": sum(len(k) + len(v) for k, v in shape.headers.items()),
        },
        "system": sys_s,
        "raw": raw_s,
        "ratio": {
            "throughput": ratio(sys_s["throughput_ops_s"], raw_s["throughput_ops_s"]),
            "p50": ratio(sys_s["p50_ms"], raw_s["p50_ms"]),
            "p95": ratio(sys_s["p95_ms"], raw_s["p95_ms"]),
        },
        "projection": projection,
        "errors": {"system": system.error_samples, "raw": raw.error_samples},
        "valid": system.errors == 0 and raw.errors == 0 and not (projection or {}).get("timed_out", False),
    }


# --- output -------------------------------------------------------------------------------------


def render(result: dict[str, Any]) -> str:
    cfg, shape = result["config"], result["shape"]
    lines = [
        f"Arendo intake benchmark {result['run_id']}: {cfg['cases']} cases, concurrency {cfg['concurrency']}, "
        f"warm-up {cfg['warmup']}",
        f"  cases {cfg['cases_url']}  inboxes {cfg['inboxes_url']}",
        f"  mongodb {cfg['mongodb_url']}  rabbitmq {cfg['rabbitmq_url']} (raw queue: {cfg['raw_queue_type']})",
        f"  raw operation: insert of {shape['document_bson_bytes']} B BSON + confirmed publish of "
        f"{shape['event_body_bytes']} B body, {shape['event_header_bytes']} B headers",
        "",
        f"{'phase':<14}{'ops':>7}{'errors':>8}{'wall s':>9}{'ops/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for name in ("system", "raw"):
        s = result[name]
        lines.append(
            f"{name:<14}{s['ops']:>7}{s['errors']:>8}{s['wall_s']:>9.2f}{s['throughput_ops_s']:>9.1f}"
            f"{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['p99_ms']:>9.1f}{s['max_ms']:>9.1f}"
        )
    for part, s in result["raw"]["parts"].items():
        label = f"  raw {part}"
        lines.append(
            f"{label:<14}{'':>7}{'':>8}{'':>9}{'':>9}"
            f"{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['p99_ms']:>9.1f}{s['max_ms']:>9.1f}"
        )
    r = result["ratio"]
    lines += [
        "",
        f"system/raw: throughput {r['throughput']:.2f} ({r['throughput'] * 100:.0f}% of the raw limit), "
        f"p50 latency {r['p50']:.2f}x, p95 latency {r['p95']:.2f}x",
    ]
    projection = result["projection"]
    if projection is not None:
        if projection["timed_out"]:
            lines.append(f"projection: {projection['error']}")
        else:
            lines.append(
                f"projection: the inbox view showed all {projection['expected']} cases "
                f"{projection['lag_after_last_s']:.2f} s after the last creation returned "
                f"({projection['since_system_start_s']:.2f} s after the system phase started)"
            )
    for name in ("system", "raw"):
        s = result[name]
        if s["errors"]:
            kinds = ", ".join(f"{k}: {v}" for k, v in s["error_kinds"].items())
            lines.append(f"{name} errors ({kinds}); first ones:")
            lines += [f"  {sample}" for sample in result["errors"][name]]
    lines.append("" if result["valid"] else "INVALID RUN: errors above; the numbers do not count.")
    return "\n".join(lines).rstrip() + "\n"


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Case creation through the edge against the raw limit of the same MongoDB server and broker."
    )
    parser.add_argument("--edge", default="http://127.0.0.1:8080", help="edge base URL (default %(default)s)")
    parser.add_argument("--cases-url", help="base URL for /api/cases (default: --edge)")
    parser.add_argument("--inboxes-url", help="base URL for /api/inboxes (default: --edge)")
    parser.add_argument("--cases", type=int, default=2000, help="case creations to time (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent workers (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed operations per phase (default %(default)s)")
    parser.add_argument("--mongodb-url", default="mongodb://127.0.0.1:27027", help="default %(default)s")
    parser.add_argument("--rabbitmq-url", default="amqp://guest:guest@127.0.0.1:5672/", help="default %(default)s")
    parser.add_argument(
        "--raw-queue-type",
        choices=("quorum", "classic"),
        default="quorum",
        help="type of the scratch queue; the services' consumer queues are quorum queues (default %(default)s)",
    )
    auth = parser.add_mutually_exclusive_group()
    auth.add_argument("--token", help="bearer token with the admin role (default: mint one from --key-dir)")
    auth.add_argument(
        "--key-dir", default=str(DEFAULT_KEY_DIR), help="development issuer key directory (default %(default)s)"
    )
    parser.add_argument(
        "--wait-projection",
        action="store_true",
        help="also time until the inbox view shows every case created (end-to-end freshness)",
    )
    parser.add_argument("--projection-timeout", type=float, default=120.0, help="seconds (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=600.0, help="limit per phase in seconds (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--allow-remote", action="store_true", help="allow non-loopback servers")
    args = parser.parse_args(argv)
    args.cases_url = args.cases_url or args.edge
    args.inboxes_url = args.inboxes_url or args.edge
    if not 1 <= args.cases <= 1_000_000:
        parser.error("--cases must be between 1 and 1000000")
    if not 1 <= args.concurrency <= 1024:
        parser.error("--concurrency must be between 1 and 1024")
    if not 0 <= args.warmup <= 10_000:
        parser.error("--warmup must be between 0 and 10000")
    if not args.allow_remote:
        for option in ("cases_url", "inboxes_url", "mongodb_url", "rabbitmq_url"):
            url = getattr(args, option)
            remote = [h for h in hosts_of(url) if not is_loopback(h)]
            if remote:
                parser.error(f"--{option.replace('_', '-')} {redact(url)} is not a loopback address (--allow-remote)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = asyncio.run(run(args))
    except TimeoutError:
        print(f"a phase took longer than --timeout {args.timeout:.0f} s; no results", file=sys.stderr)
        return 2
    except (httpx.HTTPError, PyMongoError, AMQPError, OSError) as exc:
        print(f"benchmark aborted: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(finite(result), indent=2, default=str))
    else:
        print(render(result), end="")
    return 0 if result["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
