# Arendo: `make up` runs the whole system on this machine; `make test` runs every check.
VENV   := .venv
PY     := $(VENV)/bin/python
PACKAGES := -p arendo_contracts -p arendo_kit -p arendo_local -p case_service -p inbox_service \
            -p channel_gateway -p referral_service -p watch_service -p kb_service

.PHONY: setup up test lint types k8s docs docs-check unit integration e2e bench-intake bench-inbox-view lock clean

setup:
	@scripts/bootstrap.sh

up: setup
	$(PY) -m arendo_local up

test: setup lint types k8s docs-check
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: setup
	$(VENV)/bin/mypy $(PACKAGES)
	$(VENV)/bin/mypy scripts benchmarks

k8s: setup
	$(PY) scripts/validate_k8s.py

docs: setup
	$(PY) scripts/asyncapi.py

docs-check: setup
	$(PY) scripts/asyncapi.py --check

unit integration e2e: setup
	$(VENV)/bin/pytest -m $@

bench-intake: setup
	$(PY) benchmarks/intake.py

bench-inbox-view: setup
	$(PY) benchmarks/inbox_view.py

lock: setup
	$(VENV)/bin/pip freeze --exclude-editable | grep -v '@ file' > constraints.tmp
	{ echo "# Pinned versions of every third-party package; the project's own packages are installed editable."; \
	  echo "# Refresh with: make lock"; cat constraints.tmp; } > constraints.txt && rm constraints.tmp

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
