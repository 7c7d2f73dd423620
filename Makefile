# Concordance: `make run` serves the dashboard with the demo corpus; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1:8000

.PHONY: install install-dev run test test-sqlite test-postgres fuzz bench bench-full attack clean

# Reinstall only when the requirements change: the runtime for `make run`, plus the test and evaluation tools for
# the targets that need them.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST)

# The whole suite on SQLite, then again on PostgreSQL (required in CI, skipped with a message elsewhere).
test: test-sqlite test-postgres

test-sqlite: install-dev
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres: install-dev
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL at $(PG_URL) is not reachable, and CI requires it."; exit 1; \
	else \
		echo "SKIPPED: PostgreSQL at $(PG_URL) is not reachable; the suite ran on SQLite only."; \
	fi

# The property tests on stories of real sentences with 50,000 examples (2,000 run in `make test`), one core, no
# database: the engine alone, scoring each small story in-process.
fuzz: install-dev
	FUZZ_EXAMPLES=50000 $(BIN)/python -m pytest tests/fuzz/test_real_sentences.py -k real_sentences -p no:cacheprovider

# 1k and 10k articles (the stories stage alone also 100k) within 30 minutes; bench-full adds 100k (PostgreSQL end to end), about 100 minutes on 2 cores.
bench: install-dev
	$(BIN)/python -m tests.bench.run

bench-full: install-dev
	$(BIN)/python -m tests.bench.run --full --budget-minutes 105

# The scripted attack of issue 23 on a local gunicorn deployment (127.0.0.1 only, at most 15 minutes), its report
# written into docs/BENCHMARKS.md; SQLite, or ATTACK_DATABASE_URL=postgres://... for a disposable PostgreSQL database.
attack: install-dev
	$(BIN)/python -m tests.attack.run --write $(if $(ATTACK_DATABASE_URL),--database-url $(ATTACK_DATABASE_URL))

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles test-artefacts
