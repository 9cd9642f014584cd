# Tamnông: `make demo` and `make test` do all set-up on a fresh Debian 12 machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
BIND ?= 0.0.0.0:8000
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist: one database per worker); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

.PHONY: demo test serve worker venv messages test-deps lint bench docs clean-db

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Cannot create $(VENV): install Debian's python3-venv (apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.2"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Translations: .po files are the source; .mo files are compiled here (pure Python, no gettext needed).
messages: venv
	@$(BIN)/pybabel compile --domain django --directory tamnong/locale --statistics 2>&1 | grep -v "^$$" || true

# Debian packages the tests use: chromium (Playwright drives it; no browser download), poppler-utils
# (pdftotext reads the PDF reports), Pango and DejaVu fonts (WeasyPrint's Vietnamese PDFs).
TEST_DEBS := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
test-deps:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "The tests need these Debian packages: $$missing (apt-get install $$missing)"; fi; fi
	@# Node.js runs GS1's EPCIS 2.0 and Digital Link validators (tests/trace/js), installed from the npm lockfile.
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; fi
	@if [ ! -d tests/trace/js/node_modules ] || [ tests/trace/js/package-lock.json -nt tests/trace/js/node_modules ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/trace/js --no-audit --no-fund --silent && touch tests/trace/js/node_modules; \
	  else echo "The traceability tests need Node.js and npm (apt-get install nodejs npm) for GS1's EPCIS and Digital Link validators in tests/trace/js"; fi; fi
	@if [ ! -d tests/orders/js/node_modules ] || [ tests/orders/js/package-lock.json -nt tests/orders/js/node_modules ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/orders/js --no-audit --no-fund --silent && touch tests/orders/js/node_modules; \
	  else echo "The orders tests need Node.js and npm (apt-get install nodejs npm) for the VietQR decoders in tests/orders/js"; fi; fi

demo: venv messages
	@mkdir -p var
	$(BIN)/tamnong migrate --noinput
	$(BIN)/tamnong load_units
	$(BIN)/tamnong load_demo --address $(HOST):$(PORT)
	$(BIN)/tamnong runserver $(HOST):$(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: venv messages test-deps lint
	@mkdir -p var
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest: no test selected by '$(PYTEST_ARGS)'"; exit 0; fi; exit $$rc

# Production-like: PostgreSQL + Redis + several gunicorn workers. Needs DATABASE_URL, REDIS_URL,
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment (see README, "Deploy").
serve: venv messages
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/tamnong migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/tamnong collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/tamnong load_units
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi --workers $(WORKERS) --bind $(BIND) --access-logfile - --forwarded-allow-ips '*'

# The background worker for long jobs (imports), fed through Redis; same environment as `make serve`.
worker: venv messages
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

# The generated docs: docs/api.md from the OpenAPI document, and the layer contract quoted in docs/developer-guide.md
# (tests/docs/ checks both).
docs: venv
	$(BIN)/python scripts/api_reference.py
	$(BIN)/python scripts/layers_quote.py

bench: venv
	$(BIN)/python bench/bench_evaluate.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_catalog.py
	$(BIN)/python bench/bench_spreadsheet.py
	$(BIN)/python bench/bench_territory.py
	$(BIN)/python bench/bench_dashboard.py

clean-db:
	rm -f var/tamnong.sqlite3
