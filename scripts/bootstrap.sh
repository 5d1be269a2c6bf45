#!/usr/bin/env bash
# Set up this machine for `make up` and `make test`: system packages (through apt when root),
# a running RabbitMQ, and the virtualenv with every package pinned by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

say() { printf '[setup] %s\n' "$*"; }
missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

have "$PYTHON" || missing+=(python3)
"$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
have nginx || missing+=(nginx-light)
broker_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) >/dev/null 2>&1; }
if ! broker_up && ! have rabbitmq-server && [ -z "${RABBITMQ_URL:-}" ]; then missing+=(rabbitmq-server); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing system packages: ${missing[*]}"
    say "install them (e.g. sudo apt-get install ${missing[*]}) and run this again"
    exit 1
  fi
fi

if [ -z "${RABBITMQ_URL:-}" ] && ! broker_up; then
  say "starting RabbitMQ"
  if [ "$(id -u)" = 0 ]; then rabbitmq-server -detached >/dev/null 2>&1 || true; fi
  for _ in $(seq 1 60); do broker_up && break; sleep 1; done
  broker_up || { say "RabbitMQ does not answer on 127.0.0.1:5672; start it (rabbitmq-server -detached)"; exit 1; }
fi

stamp="$VENV/.arendo-installed"
inputs=(constraints.txt requirements-dev.txt contracts/pyproject.toml libs/servicekit/pyproject.toml
        services/*/pyproject.toml deploy/local/pyproject.toml)
if [ -f "$stamp" ] && [ -z "$(find "${inputs[@]}" -newer "$stamp" 2>/dev/null)" ]; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
say "installing packages into $VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
editables=(-e contracts -e "libs/servicekit[testing]" -e deploy/local)
for service in services/*/; do editables+=(-e "$service"); done
"$VENV/bin/python" -m pip install -q -c constraints.txt -r requirements-dev.txt "${editables[@]}"
touch "$stamp"
