"""Every service as its own process, the embedded MongoDB-wire server and the nginx edge.

Used by `make up` (see __main__.py) and by the end-to-end tests, so both run the same system.
"""

import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from arendo_kit.devauth import DevIssuer
from arendo_kit.processes import ManagedProcess, ProcessFailed, embedded_mongo, http_ready, tcp_ready


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    package: str
    env_prefix: str
    api_prefix: str


SERVICES = (
    ServiceSpec("case-service", "case_service", "CASE_", "/api/cases"),
    ServiceSpec("inbox-service", "inbox_service", "INBOX_", "/api/inboxes"),
    ServiceSpec("channel-gateway", "channel_gateway", "CHANNEL_", "/api/channels"),
    ServiceSpec("referral-service", "referral_service", "REFERRAL_", "/api/referrals"),
    ServiceSpec("watch-service", "watch_service", "WATCH_", "/api/watches"),
    ServiceSpec("kb-service", "kb_service", "KB_", "/api/kb"),
)


@dataclass
class SystemConfig:
    data_dir: Path
    edge_host: str = "127.0.0.1"
    edge_port: int = 8080
    service_ports: dict[str, int] = field(default_factory=dict)
    service_base_port: int = 8101
    mongo_port: int = 27027
    mongodb_url: str | None = None  # an external server; else the embedded one is started
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    log_level: str = "INFO"
    extra_env: dict[str, str] = field(default_factory=dict)

    def port_of(self, service: str) -> int:
        if service in self.service_ports:
            return self.service_ports[service]
        return self.service_base_port + [s.name for s in SERVICES].index(service)


def find_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed: run `make up` as root to install it, or `apt-get install nginx`")
    return found


class System:
    def __init__(self, config: SystemConfig) -> None:
        self.config = config
        self.data_dir = config.data_dir.resolve()
        self.logs = self.data_dir / "logs"
        self.issuer = DevIssuer(self.data_dir / "devauth")
        self.mongo: ManagedProcess | None = None
        if config.mongodb_url is None:
            self.mongo = embedded_mongo(data_dir=self.data_dir / "mongo", port=config.mongo_port, log_dir=self.logs)
        self.mongodb_url = config.mongodb_url or f"mongodb://127.0.0.1:{config.mongo_port}"
        self.services = {spec.name: self._service_process(spec) for spec in SERVICES}
        self.edge = self._edge_process()

    @property
    def edge_url(self) -> str:
        return f"http://{self.config.edge_host}:{self.config.edge_port}"

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.config.port_of(name)}"

    def _service_process(self, spec: ServiceSpec) -> ManagedProcess:
        port = self.config.port_of(spec.name)
        p = spec.env_prefix
        env = {
            f"{p}MONGODB_URL": self.mongodb_url,
            f"{p}RABBITMQ_URL": self.config.rabbitmq_url,
            f"{p}JWT_PUBLIC_KEY_FILE": str(self.issuer.public_key_file),
            f"{p}JWT_ISSUER": self.issuer.issuer,
            f"{p}JWT_AUDIENCE": self.issuer.audience,
            f"{p}LOG_LEVEL": self.config.log_level,
            **self.config.extra_env,
        }
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            f"{spec.package}.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "10",
        ]
        return ManagedProcess(
            spec.name,
            argv,
            env=env,
            ready=http_ready(f"http://127.0.0.1:{port}/readyz"),
            log_file=self.logs / f"{spec.name}.log",
        )

    def _edge_process(self) -> ManagedProcess:
        prefix = self.data_dir / "nginx"
        conf = prefix / "nginx.conf"
        argv = [find_nginx(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
        return ManagedProcess(
            "edge", argv, ready=http_ready(f"{self.edge_url}/healthz"), log_file=self.logs / "edge.log"
        )

    def render_edge_config(self) -> Path:
        prefix = self.data_dir / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
            # nginx workers run as an unprivileged user when the master is root.
            (prefix / "tmp" / sub).chmod(0o777)
        (prefix / "tmp").chmod(0o777)
        template = resources.files("arendo_local").joinpath("nginx.conf.template").read_text()
        upstreams = "\n".join(
            f"    upstream {s.package} {{\n        server 127.0.0.1:{self.config.port_of(s.name)};\n"
            f"        keepalive 32;\n    }}"
            for s in SERVICES
        )
        locations = "\n".join(
            f"        location ~ ^{s.api_prefix}(/|$) {{\n            proxy_pass http://{s.package};\n        }}"
            for s in SERVICES
        )
        conf = prefix / "nginx.conf"
        conf.write_text(
            template.format(
                prefix=prefix,
                host=self.config.edge_host,
                port=self.config.edge_port,
                upstreams=upstreams,
                locations=locations,
            )
        )
        return conf

    def processes(self) -> Iterable[ManagedProcess]:
        if self.mongo is not None:
            yield self.mongo
        yield from self.services.values()
        yield self.edge

    def ports(self) -> dict[str, int]:
        ports = {spec.name: self.config.port_of(spec.name) for spec in SERVICES}
        ports["edge"] = self.config.edge_port
        if self.mongo is not None:
            ports["nx-27017"] = self.config.mongo_port
        return ports

    def start(self, timeout: float = 90.0) -> "System":
        # A port taken by another run would make its services answer our readiness checks.
        taken = [f"{name} ({port})" for name, port in self.ports().items() if tcp_ready("127.0.0.1", port)()]
        if taken:
            raise ProcessFailed(f"ports already in use: {', '.join(taken)}; stop the other run or choose other ports")
        self.logs.mkdir(parents=True, exist_ok=True)
        self.render_edge_config()
        try:
            if self.mongo is not None:
                self.mongo.start().wait_ready(timeout)
            for process in self.services.values():
                process.start()
            for process in self.services.values():
                process.wait_ready(timeout)
            self.edge.start().wait_ready(timeout)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.edge.stop()
        for process in reversed(list(self.services.values())):
            process.stop()
        if self.mongo is not None:
            self.mongo.stop()

    def token(self, *, sub: str, username: str, name: str, roles: Iterable[str]) -> str:
        return self.issuer.issue(sub=sub, username=username, name=name, roles=list(roles))


def default_data_dir() -> Path:
    return Path(os.environ.get("ARENDO_DATA_DIR", ".local"))
