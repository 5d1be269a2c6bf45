"""Run services and servers as real child processes: start, wait until ready, stop, restart.

Used by the single-machine run (deploy/local) and by the end-to-end tests.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def http_ready(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def tcp_ready(host: str, port: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return True
        except OSError:
            return False

    return check


class ProcessFailed(RuntimeError):
    pass


class ManagedProcess:
    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        ready: Callable[[], bool] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.ready = ready
        self.log_file = log_file
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> "ManagedProcess":
        if self.running:
            return self
        if self.log_file is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            self._log = self.log_file.open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - argv comes from our own process list
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C in a terminal reaches the runner, which stops us in order
        )
        return self

    def wait_ready(self, timeout: float = 60.0) -> "ManagedProcess":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise ProcessFailed(f"{self.name} exited with code {self._exit_code()}; see {self.log_file}")
            if self.ready is None or self.ready():
                return self
            time.sleep(0.2)
        raise ProcessFailed(f"{self.name} was not ready within {timeout:.0f}s; see {self.log_file}")

    def stop(self, timeout: float = 20.0) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self, timeout: float = 60.0) -> "ManagedProcess":
        self.stop()
        return self.start().wait_ready(timeout)

    def _exit_code(self) -> int | None:
        return self._process.poll() if self._process else None

    def tail(self, lines: int = 40) -> str:
        if self.log_file is None or not self.log_file.exists():
            return ""
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])


def embedded_mongo(*, data_dir: Path, port: int, log_dir: Path) -> ManagedProcess:
    """The embedded MongoDB-wire server, always with its own data directory (one process per directory)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    executable = Path(sys.executable).parent / "nx-27017"
    argv = [
        str(executable) if executable.exists() else "nx-27017",
        "--data-dir",
        str(data_dir),
        "--host",
        "127.0.0.1",
        "-p",
        str(port),
        "--log-file",
        str(log_dir / "nx-27017.log"),
        "--pid-file",
        str(log_dir / "nx-27017.pid"),
    ]
    return ManagedProcess("nx-27017", argv, ready=tcp_ready("127.0.0.1", port), log_file=log_dir / "nx-27017.out")
