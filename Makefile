# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv when it is missing
# (or when pyproject.toml changed) and are safe to run again.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= demo.db

.PHONY: demo test lint bench clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DB)
	$(BIN)/eventwire ingest src/eventwire/sample --db $(DB)
	$(BIN)/eventwire timeline --db $(DB)
	@echo
	@echo "Stored in $(DB). Web view: .venv/bin/eventwire serve --db $(DB)  then open http://127.0.0.1:8000/"
	@echo "Try also:"
	@echo "  .venv/bin/eventwire quotes --db $(DB)"
	@echo "  .venv/bin/eventwire events --db $(DB) --country POL -o csv"
	@echo "  .venv/bin/eventwire extract src/eventwire/sample/2024-03-12-scholz-tusk-call.txt  # JSON + offsets"

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache demo.db
