# chiso — every entry point a developer or CI needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format bench migrations-check browser-deps render-check clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var

run: install var
	$(BIN)/chiso migrate --noinput
	$(BIN)/chiso collectstatic --noinput -v0
	$(BIN)/chiso demo --if-empty
	$(BIN)/chiso serve --host $(HOST) --port $(PORT)  # also runs a background worker

# Browser tests drive Debian's chromium; PDF fixtures embed the DejaVu font. Install them once.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing Debian chromium and fonts-dejavu-core for the tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null; }

test: install browser-deps var
	$(BIN)/pytest -n 2 $(ARGS)

# The inner loop: everything but the browser tests (CI still runs `make test`).
test-fast: install var
	$(BIN)/pytest -n 2 -m "not browser" $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install var
	$(BIN)/chiso makemigrations --check --dry-run

bench: install var
	$(BIN)/pip install -q -e '.[dev,bench]'
	@for f in bench/bench_*.py bench/import_accuracy.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Rendering check of the report format (outside `make test`: LibreOffice is large). Converts a
# sample compiled report (or DOCX=path/to/file.docx) to PDF and its first page to PNG.
render-check: install var
	@command -v libreoffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "Installing LibreOffice Writer and poppler-utils"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui poppler-utils fonts-liberation) >/dev/null; }
	mkdir -p var/render
	$(if $(DOCX),cp $(DOCX) var/render/report.docx,$(BIN)/python -m chiso.reports.sample var/render/report.docx)
	libreoffice --headless --convert-to pdf --outdir var/render var/render/report.docx >/dev/null
	pdftoppm -png -r 100 -f 1 -l 1 -singlefile var/render/report.pdf var/render/report-first-page
	@echo "First page: var/render/report-first-page.png"
