"""Inbox view benchmark: the first page of a large inbox through the edge against the raw limit.

Seeds an inbox of N cases (default 100 000) into the inbox-service's view, then times, for a few
scenarios (the default order, a sorted column, a text filter, a status filter), the first page
through the HTTP edge (the system) and the same query shape issued directly to the same MongoDB
server (the raw limit): the service's own filter and sort, `count_documents` plus
`find().sort().skip(0).limit(50)`. Prints both and their ratio. See benchmarks/README.md.

    .venv/bin/python benchmarks/inbox_view.py --edge http://127.0.0.1:8080 --cases 100000 \
        --mongodb-url mongodb://127.0.0.1:27027

The rows are written straight into `arendo_inbox.inbox_view`, exactly as the inbox-service stores
them from case events; creating 100 000 cases through the API would take hours on a small machine.

Not part of `make test`; speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import json
import math
import random
import secrets
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
from measure import finite, hosts_of, is_loopback, latency_summary, ratio, redact, token_from
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import PyMongoError

from arendo_contracts.events.case import CaseFlags, CaseSummary
from arendo_contracts.vocabulary import CaseStatus, Channel, Priority
from arendo_kit.mongo import to_document
from inbox_service.domain.inbox_view import SortColumn, ViewQuery, order_for, row_from_summary
from inbox_service.store.inbox_view import INBOX_VIEW, Scope, _query_filter

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KEY_DIR = REPO_ROOT / ".local" / "devauth"
INBOX_DATABASE = "arendo_inbox"  # the inbox-service's database (its settings' default)
USERS = "users"  # the inbox-service's user register, where the caller's confidential inboxes are
BENCH_SUB = "u-bench"
MAX_ERROR_SAMPLES = 10
# Seeded case ids start with "bench-", so --drop can remove exactly those rows with a range on _id
# ("." follows "-"), even in an inbox that also holds real cases.
CASE_ID_PREFIX = "bench-"
SEEDED = {"$gte": CASE_ID_PREFIX, "$lt": "bench."}
# A word in about 1 % of the titles and nowhere else in the searched text; the service folds it
# (case, diacritics) the same way as the stored search_text, so "fagelholk" finds it too.
RARE_WORD = "fågelholk"
RARE_SHARE = 0.01

Document = dict[str, Any]
T = TypeVar("T")


# --- results -----------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    ops: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    # Named parts of one operation (the raw phase: count, find), latencies in ms.
    parts_ms: dict[str, list[float]] = field(default_factory=dict)

    def record_error(self, kind: str, sample: str) -> None:
        self.errors += 1
        self.error_kinds[kind] += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(sample)

    def summary(self) -> dict[str, Any]:
        return {
            "ops": self.ops,
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            **latency_summary(self.latencies_ms),
            "parts": {name: latency_summary(values) for name, values in self.parts_ms.items()},
        }


# --- the seeded inbox --------------------------------------------------------------------------

OFFICERS = [
    ("u-bench-anna", "Anna Andersson"),
    ("u-bench-bengt", "Bengt Berglund"),
    ("u-bench-cecilia", "Cecilia Åkesson"),
    ("u-bench-david", "David Öberg"),
    ("u-bench-eva", "Eva Ekström"),
    ("u-bench-fredrik", "Fredrik Lindqvist"),
    ("u-bench-goran", "Göran Nyström"),
    ("u-bench-helena", "Helena Sjöberg"),
]
FIRST_NAMES = ["Karin", "Lars", "Maria", "Nils", "Olle", "Petra", "Sara", "Tove", "Ulf", "Åsa", "Örjan", "Ingrid"]
LAST_NAMES = ["Johansson", "Karlsson", "Nilsson", "Eriksson", "Persson", "Svensson", "Gustafsson", "Holm", "Ängström"]
COMPANIES = ["Exempelby Bygg AB", "Norrvik Fastigheter", "Sjöstadens Bostadsrättsförening", "Ängens Förskola"]
CASE_TYPES = ["Bygglov", "Avfall", "Vatten och avlopp", "Gata och park", "Skola", "Äldreomsorg", "Miljö", "Parkering"]
TITLE_OPENINGS = ["Fråga om", "Klagomål på", "Ansökan om", "Synpunkt på", "Felanmälan:", "Beröm för", "Begäran om"]
TITLE_SUBJECTS = [
    "snöröjning",
    "gatubelysning",
    "vattenläcka",
    "bygglov för altan",
    "förråd på tomten",
    "sophämtning",
    "bullerstörning",
    "parkeringstillstånd",
    "trasig lekplats",
    "skolskjuts",
    "hemtjänst",
    "bredband",
    "nedskräpning i parken",
    "fakturan för vatten",
    "träd som skymmer sikten",
    "hål i vägen",
]
PLACES = ["Storgatan", "Kyrkbacken", "Åvägen", "Östra hamnen", "Skolgränd", "Ängsvägen", "Norrby", "Söderkulla"]
STATUS_WEIGHTS = {
    CaseStatus.NEW: 30,
    CaseStatus.IN_PROGRESS: 35,
    CaseStatus.WAITING: 10,
    CaseStatus.REOPENED: 5,
    CaseStatus.CLOSED: 20,
}
PRIORITY_WEIGHTS = {Priority.URGENT: 5, Priority.PRIORITISED: 15, Priority.NORMAL: 80}
CHANNEL_WEIGHTS = {
    Channel.E_SERVICE: 30,
    Channel.EMAIL: 25,
    Channel.PHONE: 20,
    Channel.MY_PAGES: 10,
    Channel.LETTER: 5,
    Channel.VISIT: 4,
    Channel.SMS: 3,
    Channel.CHAT: 2,
    Channel.FACEBOOK: 0.5,
    Channel.TWITTER: 0.5,
}


def _pick(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _title(rng: random.Random) -> str:
    subject = RARE_WORD if rng.random() < RARE_SHARE else rng.choice(TITLE_SUBJECTS)
    title = f"{rng.choice(TITLE_OPENINGS)} {subject}"
    return f"{title} vid {rng.choice(PLACES)}" if rng.random() < 0.6 else title


def _customer(rng: random.Random) -> str | None:
    draw = rng.random()
    if draw < 0.2:
        return None
    if draw < 0.3:
        return rng.choice(COMPANIES)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def summaries(*, inbox_id: str, count: int, seed: int, now: datetime) -> Iterator[CaseSummary]:
    """`count` varied cases of one inbox, arrivals spread over the year before `now`, numbered in
    order of arrival per year. Deterministic for a seed apart from `now` and the case ids."""
    rng = random.Random(seed)
    year_s = 365 * 24 * 3600
    offsets = sorted(rng.uniform(0, year_s) for _ in range(count))
    sequence: Counter[int] = Counter()
    for offset in offsets:
        arrived = now - timedelta(seconds=year_s - offset)
        sequence[arrived.year] += 1
        status = _pick(rng, STATUS_WEIGHTS)
        officer = None if status is CaseStatus.NEW or rng.random() < 0.15 else rng.choice(OFFICERS)
        yield CaseSummary(
            case_id=f"{CASE_ID_PREFIX}{uuid.uuid4()}",  # _id is unique across inboxes: never from the seed
            number=f"{arrived.year}-{sequence[arrived.year]:06d}",
            title=_title(rng),
            status=status,
            priority=_pick(rng, PRIORITY_WEIGHTS),
            channel=_pick(rng, CHANNEL_WEIGHTS),
            inbox_id=inbox_id,
            officer_id=officer[0] if officer else None,
            officer_name=officer[1] if officer else None,
            customer_display_name=_customer(rng),
            case_types=tuple(rng.sample(CASE_TYPES, k=rng.choices((0, 1, 2), weights=(20, 65, 15))[0])),
            flags=CaseFlags(
                has_notes=rng.random() < 0.2,
                has_alerts=rng.random() < 0.03,
                has_referral_answer=rng.random() < 0.05,
                locked=rng.random() < 0.01,
            ),
            confidential=rng.random() < 0.02,
            arrived_at=arrived,
            registered_at=arrived + timedelta(seconds=rng.uniform(0, 600)),
            closed_at=arrived + timedelta(days=rng.uniform(0, 30)) if status is CaseStatus.CLOSED else None,
            version=rng.randint(1, 6),
        )


def stored_row(summary: CaseSummary) -> Document:
    """The document the inbox-service's InboxViewStore.apply stores for this summary."""
    return {**to_document(row_from_summary(summary)), "_id": summary.case_id, "version": summary.version}


async def seed(
    view: AsyncCollection[Document], *, inbox_id: str, count: int, seed_value: int, batch: int, timeout_s: float
) -> float:
    """Insert the rows in batches; returns the seconds taken. Progress goes to stderr."""
    started = time.perf_counter()
    rows: list[Document] = []
    done = 0
    report_every = max(1, count // 10 // batch) * batch  # about every tenth
    async with asyncio.timeout(timeout_s):
        for summary in summaries(inbox_id=inbox_id, count=count, seed=seed_value, now=datetime.now(UTC)):
            rows.append(stored_row(summary))
            if len(rows) == batch:
                await view.insert_many(rows, ordered=False)
                done += len(rows)
                rows = []
                if done % report_every == 0:
                    _progress(f"  seeded {done}/{count} rows ({time.perf_counter() - started:.0f} s)")
        if rows:
            await view.insert_many(rows, ordered=False)
    return time.perf_counter() - started


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the scenarios -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    params: dict[str, str]
    query: ViewQuery


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    """The first page (page 1, page_size 50) of each; the HTTP parameters and the ViewQuery the
    inbox-service builds from them (api/inbox_view.py view_query) describe the same request."""
    size = args.page_size
    base = {"page_size": str(size)}
    sort = SortColumn(args.sort)
    status = CaseStatus(args.status)
    known = {
        "default": Scenario(
            "default", "default order: priority tier, then oldest arrival first", base, ViewQuery(page_size=size)
        ),
        "sorted": Scenario(
            "sorted",
            f"sorted by {sort.value} {args.order}",
            {**base, "sort": sort.value, "order": args.order},
            ViewQuery(sort=sort, descending=args.order == "desc", page_size=size),
        ),
        "text": Scenario(
            "text", f"text filter q={args.q}", {**base, "q": args.q}, ViewQuery(text=args.q, page_size=size)
        ),
        "status": Scenario(
            "status",
            f"status filter status={status.value}",
            {**base, "status": status.value},
            ViewQuery(statuses=(status,), page_size=size),
        ),
    }
    return [known[name] for name in args.scenarios]


@dataclass
class Pair:
    """One scenario's system and raw phases, measured alternately."""

    scenario: Scenario
    match: dict[str, Any]
    order: list[tuple[str, int]]
    system: Phase = field(default_factory=lambda: Phase("system"))
    raw: Phase = field(default_factory=lambda: Phase("raw", parts_ms={"count": [], "find": []}))
    system_total: int | None = None
    raw_total: int | None = None
    same_page: bool | None = None
    stopped_early: bool = False


async def system_page(client: httpx.AsyncClient, url: str, params: dict[str, str]) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await client.get(url, params=params)  # the body is read before get() returns
    return (time.perf_counter() - started) * 1000, response


async def raw_page(
    view: AsyncCollection[Document], match: dict[str, Any], order: list[tuple[str, int]], *, skip: int, limit: int
) -> tuple[float, float, int, list[Document]]:
    """What InboxViewStore.page does against MongoDB: count, then the sorted, skipped, limited find."""
    started = time.perf_counter()
    total = await view.count_documents(match)
    counted = time.perf_counter()
    rows = await view.find(match).sort(order).skip(skip).limit(limit).to_list()
    finished = time.perf_counter()
    return (counted - started) * 1000, (finished - counted) * 1000, total, rows


async def measure(
    pair: Pair,
    *,
    client: httpx.AsyncClient,
    url: str,
    view: AsyncCollection[Document],
    repetitions: int,
    warmup: int,
    timeout_s: float,
) -> None:
    """Warm up, then alternate one system and one raw first page `repetitions` times, so that both
    see the same server state; stop early (stopped_early) when the scenario's time budget is spent."""
    query = pair.scenario.query
    deadline = time.monotonic() + timeout_s

    async def one_system(phase: Phase | None, i: int) -> None:
        try:
            ms, response = await system_page(client, url, pair.scenario.params)
        except httpx.HTTPError as exc:
            if phase is None:
                raise
            phase.record_error(type(exc).__name__, f"#{i + 1}: {type(exc).__name__}: {exc}")
            return
        if response.status_code != 200:
            if phase is None:
                raise SystemExit(f"{pair.scenario.name}: {response.status_code} {response.text[:500]}")
            phase.record_error(str(response.status_code), f"#{i + 1}: {response.status_code} {response.text[:300]}")
            return
        if phase is None:
            if pair.same_page is None:  # the first warm-up: compare the service's page with the raw one
                await compare(response)
            return
        phase.ops += 1
        phase.latencies_ms.append(ms)

    async def compare(response: httpx.Response) -> None:
        body = response.json()
        pair.system_total = int(body["total"])
        system_ids = [item["case_id"] for item in body["items"]]
        _, _, pair.raw_total, rows = await raw_page(
            view, pair.match, pair.order, skip=query.skip, limit=query.page_size
        )
        pair.same_page = system_ids == [row["_id"] for row in rows] and pair.system_total == pair.raw_total

    async def one_raw(phase: Phase | None, i: int) -> None:
        try:
            count_ms, find_ms, _, _ = await raw_page(
                view, pair.match, pair.order, skip=query.skip, limit=query.page_size
            )
        except PyMongoError as exc:
            if phase is None:
                raise
            phase.record_error(type(exc).__name__, f"#{i + 1}: {type(exc).__name__}: {exc}")
            return
        if phase is None:
            return
        phase.ops += 1
        phase.latencies_ms.append(count_ms + find_ms)
        phase.parts_ms["count"].append(count_ms)
        phase.parts_ms["find"].append(find_ms)

    async def bounded(operation: Callable[[Phase | None, int], Awaitable[None]], phase: Phase | None, i: int) -> bool:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            async with asyncio.timeout(remaining):
                await operation(phase, i)
        except TimeoutError:
            return False
        return True

    steps: list[tuple[Callable[[Phase | None, int], Awaitable[None]], Phase | None, int]] = []
    for i in range(max(warmup, 1)):  # at least one untimed pair: it also checks that both pages agree
        steps += [(one_system, None, i), (one_raw, None, i)]
    for i in range(repetitions):
        # Alternate which goes first, so neither always runs right after the other.
        first, second = (
            ((one_system, pair.system), (one_raw, pair.raw))
            if i % 2 == 0
            else ((one_raw, pair.raw), (one_system, pair.system))
        )
        steps += [(first[0], first[1], i), (second[0], second[1], i)]
    for operation, phase, i in steps:
        if not await bounded(operation, phase, i):
            pair.stopped_early = True
            return


# --- orchestration ------------------------------------------------------------------------------


def subject_of(token: str) -> str:
    """The token's `sub`, read without verifying (the services verify it): whose scope to mirror."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        sub = claims["sub"]
    except (IndexError, KeyError, ValueError, binascii.Error) as exc:
        raise SystemExit(f"the token is not a JWT with a subject: {exc}") from exc
    if not isinstance(sub, str):
        raise SystemExit("the token's subject is not a string")
    return sub


async def create_inbox(client: httpx.AsyncClient, inboxes_url: str, name: str) -> str:
    response = await client.post(f"{inboxes_url}/api/inboxes", json={"name": name, "kind": "work_group"})
    if response.status_code != 201:
        raise SystemExit(f"creating the benchmark inbox failed: {response.status_code} {response.text[:500]}")
    inbox_id = response.json()["id"]
    assert isinstance(inbox_id, str)
    return inbox_id


async def caller_scope(db_users: AsyncCollection[Document], *, sub: str, inbox_id: str) -> Scope:
    """The Scope the inbox-service builds for this caller (service/inbox_view.py list_inbox_cases):
    the confidential inboxes of the caller's user in its register, none if it has no user."""
    user = await db_users.find_one({"_id": sub}, {"confidential_inbox_ids": 1})
    confidential = frozenset(user.get("confidential_inbox_ids") or ()) if user else frozenset()
    return Scope(inbox_id=inbox_id, confidential_inboxes=confidential)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    token = token_from(args, sub=BENCH_SUB)
    sub = subject_of(token)
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(
        args.mongodb_url, tz_aware=True, serverSelectionTimeoutMS=5000, uuidRepresentation="standard"
    )
    db = mongo[args.database]
    view = db[INBOX_VIEW]
    inbox_id: str | None = args.reuse_inbox
    seeding: dict[str, Any] = {"reused": inbox_id is not None}
    dropped: int | None = None
    pairs: list[Pair] = []
    try:
        async with httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(max(30.0, args.timeout))
        ) as client:
            inboxes_url = args.inboxes_url.rstrip("/")
            if inbox_id is None:
                inbox_id = await create_inbox(client, inboxes_url, f"Benchmark inkorgsvy {run_id}")
                _progress(f"seeding {args.cases} rows into inbox {inbox_id} (reuse with --reuse-inbox {inbox_id})")
                try:
                    seconds = await seed(
                        view,
                        inbox_id=inbox_id,
                        count=args.cases,
                        seed_value=args.seed,
                        batch=args.batch_size,
                        timeout_s=args.seed_timeout,
                    )
                except BaseException as exc:
                    # A partly seeded inbox is never measured: remove what got in, then give up.
                    try:
                        removed = (await view.delete_many({"inbox_id": inbox_id, "_id": SEEDED})).deleted_count
                        _progress(f"seeding failed; removed the {removed} rows inserted into inbox {inbox_id}")
                    except PyMongoError:
                        _progress(f"seeding failed; remove its rows with --reuse-inbox {inbox_id} --drop")
                    if isinstance(exc, TimeoutError):
                        raise SystemExit(f"seeding took longer than --seed-timeout {args.seed_timeout:.0f} s") from None
                    raise
                seeding.update(seconds=seconds, rows_per_s=args.cases / seconds if seconds > 0 else math.nan)
                _progress(f"seeded {args.cases} rows in {seconds:.1f} s")
            seeding["rows"] = await view.count_documents({"inbox_id": inbox_id, "_id": SEEDED})
            seeding["inbox_rows"] = await view.count_documents({"inbox_id": inbox_id})
            if seeding["reused"] and not seeding["rows"]:
                raise SystemExit(f"inbox {inbox_id} has no seeded rows (ids starting {CASE_ID_PREFIX!r}) in the view")

            scope = await caller_scope(db[USERS], sub=sub, inbox_id=inbox_id)
            url = f"{inboxes_url}/api/inboxes/{inbox_id}/cases"
            for scenario in scenarios(args):
                pair = Pair(
                    scenario=scenario,
                    # Exactly InboxViewStore.page's filter and sort, from the service's own builders.
                    match={**scope.mongo_filter(), **_query_filter(scenario.query)},
                    order=order_for(scenario.query),
                )
                _progress(f"measuring {scenario.name}: {scenario.description}")
                await measure(
                    pair,
                    client=client,
                    url=url,
                    view=view,
                    repetitions=args.repetitions,
                    warmup=args.warmup,
                    timeout_s=args.timeout,
                )
                pairs.append(pair)
    finally:
        if args.drop and inbox_id is not None:
            dropped = (await view.delete_many({"inbox_id": inbox_id, "_id": SEEDED})).deleted_count
            _progress(f"dropped {dropped} seeded rows of inbox {inbox_id}")
        await mongo.close()

    results: dict[str, Any] = {}
    for pair in pairs:
        sys_s, raw_s = pair.system.summary(), pair.raw.summary()
        results[pair.scenario.name] = {
            "description": pair.scenario.description,
            "params": pair.scenario.params,
            "filter": pair.match,
            "sort": [list(key) for key in pair.order],
            "total": {"system": pair.system_total, "raw": pair.raw_total},
            "same_page": pair.same_page,
            "stopped_early": pair.stopped_early,
            "system": sys_s,
            "raw": raw_s,
            "ratio": {"p50": ratio(sys_s["p50_ms"], raw_s["p50_ms"]), "p95": ratio(sys_s["p95_ms"], raw_s["p95_ms"])},
            "errors": {"system": pair.system.error_samples, "raw": pair.raw.error_samples},
        }
    return {
        "run_id": run_id,
        "config": {
            "cases": seeding["rows"],  # with --reuse-inbox: what an earlier run seeded, not --cases
            "repetitions": args.repetitions,
            "warmup": args.warmup,
            "page_size": args.page_size,
            "inboxes_url": args.inboxes_url,
            "mongodb_url": redact(args.mongodb_url),
            "database": args.database,
            "collection": INBOX_VIEW,
            "inbox_id": inbox_id,
            "caller": sub,
            "seed": args.seed,
        },
        "seeding": seeding,
        "dropped_rows": dropped,
        "scenarios": results,
        # Stopping early by --timeout leaves fewer samples, not wrong ones: noted, still valid.
        "valid": all(
            not p.system.errors and not p.raw.errors and p.same_page and p.system.ops and p.raw.ops for p in pairs
        ),
    }


# --- output -------------------------------------------------------------------------------------


def _latency_line(label: str, ops: str, errors: str, s: dict[str, Any]) -> str:
    return f"{label:<14}{ops:>7}{errors:>8}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['p99_ms']:>9.1f}{s['max_ms']:>9.1f}"


def render(result: dict[str, Any]) -> str:
    cfg, seeding = result["config"], result["seeding"]
    if seeding["reused"]:
        seeded = f"reused: {seeding['rows']} seeded rows"
    else:
        seeded = f"seeded {seeding['rows']} rows in {seeding['seconds']:.1f} s ({seeding['rows_per_s']:.0f} rows/s)"
    lines = [
        f"Arendo inbox view benchmark {result['run_id']}: inbox {cfg['inbox_id']} ({seeded}), "
        f"first page of {cfg['page_size']}, {cfg['repetitions']} repetitions, warm-up {cfg['warmup']}",
        f"  inboxes {cfg['inboxes_url']}  mongodb {cfg['mongodb_url']} ({cfg['database']}.{cfg['collection']})",
    ]
    if seeding["inbox_rows"] != seeding["rows"]:
        lines.append(f"  the inbox also holds {seeding['inbox_rows'] - seeding['rows']} rows not seeded here")
    for name, s in result["scenarios"].items():
        total = s["total"]
        lines += [
            "",
            f"{name}: {s['description']}; {total['system']} matching rows",
            f"  sort {', '.join(f'{k} {d:+d}' for k, d in s['sort'])}",
            f"{'phase':<14}{'ops':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
            _latency_line("system", str(s["system"]["ops"]), str(s["system"]["errors"]), s["system"]),
            _latency_line("raw", str(s["raw"]["ops"]), str(s["raw"]["errors"]), s["raw"]),
        ]
        lines += [_latency_line(f"  raw {part}", "", "", p) for part, p in s["raw"]["parts"].items()]
        r = s["ratio"]
        lines.append(f"system/raw: p50 latency {r['p50']:.2f}x, p95 latency {r['p95']:.2f}x")
        if s["stopped_early"]:
            done = max(s[phase]["ops"] + s[phase]["errors"] for phase in ("system", "raw"))
            lines.append(f"  stopped by --timeout after {done} of {cfg['repetitions']} repetitions (fewer samples)")
        if not s["same_page"]:
            lines.append(
                f"  the service's page differs from the raw one (totals {total['system']} and {total['raw']}): "
                "the raw query no longer has the service's shape"
            )
        for phase in ("system", "raw"):
            if s[phase]["errors"]:
                kinds = ", ".join(f"{k}: {v}" for k, v in s[phase]["error_kinds"].items())
                lines.append(f"{phase} errors ({kinds}); first ones:")
                lines += [f"  {sample}" for sample in s["errors"][phase]]
    if result["dropped_rows"] is not None:
        lines += ["", f"dropped {result['dropped_rows']} seeded rows"]
    elif not seeding["reused"]:
        lines += ["", f"reuse the rows with --reuse-inbox {cfg['inbox_id']}; remove them with --drop"]
    lines.append("" if result["valid"] else "INVALID RUN: see above; the numbers do not count.")
    return "\n".join(lines).rstrip() + "\n"


# --- command line -------------------------------------------------------------------------------


SCENARIOS = ("default", "sorted", "text", "status")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="The inbox view's first page through the edge against the raw limit of the same MongoDB server."
    )
    parser.add_argument("--edge", default="http://127.0.0.1:8080", help="edge base URL (default %(default)s)")
    parser.add_argument("--inboxes-url", help="base URL for /api/inboxes (default: --edge)")
    parser.add_argument("--mongodb-url", default="mongodb://127.0.0.1:27027", help="default %(default)s")
    parser.add_argument("--database", default=INBOX_DATABASE, help="the inbox-service's database (default %(default)s)")
    parser.add_argument("--cases", type=int, default=100_000, help="rows to seed (default %(default)s)")
    parser.add_argument("--reuse-inbox", metavar="ID", help="measure an inbox seeded by an earlier run; do not seed")
    parser.add_argument("--drop", action="store_true", help="remove the seeded rows at the end")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per insert_many (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated cases (default %(default)s)")
    parser.add_argument("--seed-timeout", type=float, default=3600.0, help="limit for seeding (default %(default)s s)")
    parser.add_argument(
        "--scenarios",
        type=lambda text: [s.strip() for s in text.split(",") if s.strip()],
        default=list(SCENARIOS),
        help=f"comma-separated, of {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--repetitions", type=int, default=50, help="timed first pages per phase (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed first pages per phase (default %(default)s)")
    parser.add_argument("--page-size", type=int, default=50, help="default %(default)s, the service's default")
    parser.add_argument(
        "--sort",
        choices=[c.value for c in SortColumn],
        default="title",
        help="column of `sorted` (default %(default)s)",
    )
    parser.add_argument(
        "--order", choices=("asc", "desc"), default="desc", help="order of `sorted` (default %(default)s)"
    )
    parser.add_argument("--q", default=RARE_WORD, help="text of `text` (default %(default)s, in about 1%% of titles)")
    parser.add_argument(
        "--status",
        choices=[s.value for s in CaseStatus],
        default="waiting",
        help="status of `status` (default %(default)s)",
    )
    auth = parser.add_mutually_exclusive_group()
    auth.add_argument("--token", help="bearer token with the admin role (default: mint one from --key-dir)")
    auth.add_argument(
        "--key-dir", default=str(DEFAULT_KEY_DIR), help="development issuer key directory (default %(default)s)"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="time budget per scenario in seconds (default %(default)s)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--allow-remote", action="store_true", help="allow non-loopback servers")
    args = parser.parse_args(argv)
    args.inboxes_url = args.inboxes_url or args.edge
    if not 1 <= args.cases <= 1_000_000:
        parser.error("--cases must be between 1 and 1000000")
    if not 1 <= args.repetitions <= 10_000:
        parser.error("--repetitions must be between 1 and 10000")
    if not 0 <= args.warmup <= 1000:
        parser.error("--warmup must be between 0 and 1000")
    if not 1 <= args.batch_size <= 10_000:
        parser.error("--batch-size must be between 1 and 10000")
    if not 1 <= args.page_size <= 200:
        parser.error("--page-size must be between 1 and 200 (the service's limit)")
    if not args.q.strip():
        parser.error("--q must not be empty")
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown or not args.scenarios:
        parser.error(f"--scenarios: choose from {', '.join(SCENARIOS)}")
    if not args.allow_remote:
        for option in ("inboxes_url", "mongodb_url"):
            url = getattr(args, option)
            remote = [h for h in hosts_of(url) if not is_loopback(h)]
            if remote:
                parser.error(f"--{option.replace('_', '-')} {redact(url)} is not a loopback address (--allow-remote)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = asyncio.run(run(args))
    except (httpx.HTTPError, PyMongoError, OSError) as exc:
        # A BulkWriteError's text lists every failed document: keep the first lines' worth.
        print(f"benchmark aborted: {type(exc).__name__}: {str(exc)[:1000]}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(finite(result), indent=2, default=str))
    else:
        print(render(result), end="")
    return 0 if result["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
