# The single source of setup: every target installs what it needs.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE := var/demo.panel
DEMO_PASSPHRASE := demo-passphrase
STORE ?=


.PHONY: venv run check-display-libs test test-sysdeps lint bench soak screenshots demo clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

$(DEMO_STORE): | $(STAMP)
	@mkdir -p var
	PANELAPP_PASSPHRASE='$(DEMO_PASSPHRASE)' $(BIN)/panelapp demo $(DEMO_STORE)

# Qt's xcb plugin needs system libraries the wheels do not bring: name the missing ones and print the one
# command that installs them, instead of a Qt abort (skipped for QT_QPA_PLATFORM=offscreen and off Linux).
check-display-libs: $(STAMP)
	@$(BIN)/python tools/check_qt_libs.py

# make run            -> opens the demo store (created on first run)
# make run STORE=f    -> opens f
run: $(STAMP)
	@$(BIN)/python tools/check_qt_libs.py
ifeq ($(strip $(STORE)),)
	@$(MAKE) --no-print-directory $(DEMO_STORE)
	@echo "Opening the demo store $(DEMO_STORE): its passphrase is '$(DEMO_PASSPHRASE)'"
	$(BIN)/panelapp open $(DEMO_STORE)
else
	$(BIN)/panelapp open '$(STORE)'
endif

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# qpdf lets the PDF tests run `qpdf --check` (they skip that check without it). Installed when missing and
# this is a Debian/Ubuntu machine where we are root (as CI is); otherwise say how, and carry on.
test-sysdeps:
	@command -v qpdf >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq qpdf poppler-utils) >/dev/null 2>&1 \
	      || echo "note: could not install qpdf; the PDF tests skip 'qpdf --check'"; \
	  else echo "note: qpdf not found (sudo apt-get install qpdf poppler-utils); the PDF tests skip 'qpdf --check'"; fi; }

test: lint test-sysdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The long crash loop: 500 SIGKILLed writers (make test runs 30); prints the counts.
soak: $(STAMP)
	PANELAPP_SOAK_CYCLES=500 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s tests/reliability/test_crash_safety.py

# One JSON object on stdout and docs/PERFORMANCE.md. The force-scale store (20,000 items) is built once under
# var/bench/ and reused; PANELAPP_BENCH_SCALE=0.1 builds a tenth. Never run by `make test`.
bench: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py  # compiled bytecode, as an installed app runs

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
