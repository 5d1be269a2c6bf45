"""Where the tests find MongoDB and RabbitMQ.

MongoDB: $MONGODB_URL, else a MongoDB testcontainer when a Docker daemon answers, else the
embedded nx-27017 server on a free port with a throw-away data directory.
RabbitMQ: $RABBITMQ_URL, else a testcontainer when Docker answers, else the local broker on
127.0.0.1:5672 in a throw-away virtual host.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from arendo_kit.processes import embedded_mongo, free_port


def docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0  # noqa: S607
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextlib.contextmanager
def mongodb_url() -> Iterator[str]:
    if url := os.environ.get("MONGODB_URL"):
        yield url
        return
    if docker_available():
        from testcontainers.mongodb import MongoDbContainer

        with MongoDbContainer("mongo:7") as container:
            yield container.get_connection_url()
        return
    with tempfile.TemporaryDirectory(prefix="arendo-nx-") as tmp:
        port = free_port()
        server = embedded_mongo(data_dir=Path(tmp) / "data", port=port, log_dir=Path(tmp)).start().wait_ready(30)
        try:
            yield f"mongodb://127.0.0.1:{port}"
        finally:
            server.stop()


@contextlib.contextmanager
def rabbitmq_url() -> Iterator[str]:
    if url := os.environ.get("RABBITMQ_URL"):
        yield url
        return
    if docker_available():
        from testcontainers.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3.13-management") as container:
            params = container.get_connection_params()
            yield f"amqp://guest:guest@{params.host}:{params.port}/"
        return
    vhost = f"arendo-test-{uuid.uuid4().hex[:12]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@127.0.0.1:5672/{quote(vhost, safe='')}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


def _rabbitmqctl(*args: str) -> None:
    ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    result = subprocess.run([ctl, "-q", *args], capture_output=True, text=True, timeout=60)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(
            f"rabbitmqctl {' '.join(args)} failed ({result.stderr.strip()}); "
            "set RABBITMQ_URL to a broker the tests may use"
        )
