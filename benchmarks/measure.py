"""What every benchmark here shares: percentiles and ratios, the development token, JSON-safe
numbers, and the guard that keeps load on this machine's loopback addresses."""

from __future__ import annotations

import argparse
import ipaddress
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list; nan when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(latencies_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(latencies_ms)
    return {
        "p50_ms": percentile(ordered, 50),
        "p95_ms": percentile(ordered, 95),
        "p99_ms": percentile(ordered, 99),
        "max_ms": ordered[-1] if ordered else math.nan,
        "mean_ms": sum(ordered) / len(ordered) if ordered else math.nan,
    }


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 and not math.isnan(a) and not math.isnan(b) else math.nan


def token_from(args: argparse.Namespace, *, sub: str = "u-bench") -> str:
    if args.token:
        token: str = args.token
        return token
    key_dir = Path(args.key_dir)
    if not (key_dir / "private.pem").exists():
        # DevIssuer would create a new key pair, whose tokens the running services reject.
        raise SystemExit(f"no development issuer key in {key_dir}; start `make up` first or pass --token/--key-dir")
    from arendo_kit.devauth import DevIssuer

    issued: str = DevIssuer(key_dir).issue(
        sub=sub, username="bench", name="Benchmark", roles=["admin", "officer"], ttl_seconds=6 * 3600
    )
    return issued


def finite(value: Any) -> Any:
    """JSON has no NaN: an undefined number (no samples, no ratio) becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hosts_of(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme == "mongodb+srv":
        return [parts.hostname or ""]
    if parts.scheme == "mongodb":
        hostlist = parts.netloc.rsplit("@", 1)[-1]
        hosts = []
        for node in hostlist.split(","):
            host = node.rsplit("]", 1)[0] + "]" if node.startswith("[") else node.rsplit(":", 1)[0]
            hosts.append(host)
        return hosts
    return [parts.hostname or ""]
