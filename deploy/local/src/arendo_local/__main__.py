"""`make up`: start the whole system on this machine, seed the demo municipality, print the URL
and a development token, and stop everything cleanly on Ctrl+C."""

import argparse
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from arendo_kit.processes import ProcessFailed
from arendo_local.seed import seed, seed_data
from arendo_local.system import System, SystemConfig, default_data_dir

RESTART_LIMIT = 3


def main() -> int:
    parser = argparse.ArgumentParser(prog="arendo_local", description=__doc__)
    parser.add_argument("command", choices=["up", "token"], nargs="?", default="up")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--port", type=int, default=8080, help="edge port")
    parser.add_argument("--mongo-port", type=int, default=27027)
    parser.add_argument(
        "--service-base-port", type=int, default=8101, help="the six services use this and the next five"
    )
    parser.add_argument("--rabbitmq-url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--user", default=None, help="seeded user id for `token` (default: the demo officer)")
    args = parser.parse_args()
    system = System(
        SystemConfig(
            data_dir=args.data_dir,
            edge_port=args.port,
            mongo_port=args.mongo_port,
            service_base_port=args.service_base_port,
            rabbitmq_url=args.rabbitmq_url,
        )
    )
    if args.command == "token":
        print(_token(system, args.user))
        return 0
    return _up(system)


def _token(system: System, user_id: str | None) -> str:
    data = seed_data()
    wanted = user_id or data["token_user"]
    user = next((u for u in data["users"] if u["id"] == wanted), None)
    if user is None:
        raise SystemExit(f"no seeded user {wanted!r}; choose one of {[u['id'] for u in data['users']]}")
    return system.token(sub=user["id"], username=user["username"], name=user["name"], roles=user["roles"])


def _up(system: System) -> int:
    stopping = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print(f"Startar Arendo (data i {system.data_dir}) …", flush=True)
    try:
        system.start()
    except ProcessFailed as exc:
        print(f"Kunde inte starta: {exc}", file=sys.stderr)
        return 1
    try:
        created = seed(edge_url=system.edge_url, admin_token=_token(system, None))
        if created:
            print("Demokommunen skapad: " + ", ".join(created))
        print(_banner(system), flush=True)
        restarts = 0
        while not stopping:
            for process in system.processes():
                if not process.running and not stopping:
                    restarts += 1
                    print(
                        f"{process.name} stannade; startar om ({restarts}/{RESTART_LIMIT}). Logg:\n{process.tail()}",
                        file=sys.stderr,
                        flush=True,
                    )
                    if restarts > RESTART_LIMIT:
                        return 1
                    process.restart()
            time.sleep(0.5)
    finally:
        print("Stoppar Arendo …", flush=True)
        system.stop()
        print("Stoppat. Data finns kvar till nästa `make up`.", flush=True)
    return 0


def _banner(system: System) -> str:
    token = _token(system, None)
    return (
        "\nArendo är igång.\n"
        f"  URL:        {system.edge_url}   (API: /api/cases, /api/inboxes, /api/channels, /api/referrals, "
        "/api/watches, /api/kb)\n"
        f"  API-dokument: {system.edge_url}/api/cases/docs (och motsvarande för varje tjänst)\n"
        f"  Loggar:     {system.logs}\n"
        "  Utvecklingstoken (Anna Andersson, handläggare och administratör):\n"
        f"  {token}\n"
        f"  Exempel: curl -H 'Authorization: Bearer <token>' {system.edge_url}/api/inboxes/kundtjanst/cases\n"
        "  Fler tokens: .venv/bin/python -m arendo_local token --user u-bengt\n"
        "Tryck Ctrl+C för att stoppa."
    )


if __name__ == "__main__":
    sys.exit(main())
