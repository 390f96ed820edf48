# The two commands a newcomer runs: `make demo` and `make test`.
# Both create .venv when missing and install the exact versions in constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The bundled sample school is frozen on this date, so its figures never drift.
SAMPLE_AS_OF := 2026-11-20
AXE := tests/browser/node_modules/axe-core/axe.min.js
# The record editor at /admin/ of the intranet (Decap CMS) and decap-server, its local Git proxy.
EDITOR := node_modules/decap-cms/dist/decap-cms.js

.PHONY: demo test browser editor editor-demo lock sample bench clean

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

demo: $(INSTALLED) editor
	$(BIN)/pastoral check --as-of $(SAMPLE_AS_OF)
	PASTORAL_AS_OF=$(SAMPLE_AS_OF) $(BIN)/mkdocs build --strict --quiet
	$(BIN)/mkdocs build --strict --quiet -f mkdocs.public.yml
	@echo "Intranet site (handbook and status pages): $(CURDIR)/site/index.html"
	@echo "Public site for parents (checked for personal data): $(CURDIR)/public-site/index.html"
	@echo "Serve one: $(BIN)/python -m http.server --directory site 8000 (then http://127.0.0.1:8000/);"
	@echo "the record editor against this clone: make editor-demo"

# Lint and types first (ruff and mypy, configured in pyproject.toml): either failing fails the run.
test: $(INSTALLED) browser editor
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Debian's Chromium for the browser tests; installed when missing and we may (root, as in CI). apt-get waits
# up to ten minutes for the package lock, so an install already running (another checkout's) is not a failure.
# Also axe-core, for the accessibility checks, at the version in tests/browser/package-lock.json.
browser: $(AXE)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium" >&2; fi; }

$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd tests/browser && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/axe-core/axe.min.js; \
	else echo "accessibility tests need npm for axe-core: sudo apt-get install npm" >&2; fi

# Decap CMS, copied into the intranet build by the plugin, and decap-server for trying the editor on this
# computer and for its browser tests, at the versions in package-lock.json.
editor: $(EDITOR)

$(EDITOR): package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "the record editor needs npm: sudo apt-get install npm" >&2; exit 1; fi

# Try the editor on this computer: the intranet at http://127.0.0.1:8000/admin/, saving into this clone's
# Git repository through decap-server (each save a branch cms/<collection>/<id>, as on GitHub a pull request).
# Use a clone with no uncommitted work: decap-server commits with 'git add .'.
editor-demo: $(INSTALLED) editor
	MODE=git GIT_REPO_DIRECTORY=$(CURDIR) PORT=8081 BIND_HOST=127.0.0.1 node node_modules/decap-server/dist/index.js & \
	  trap 'kill $$!' EXIT; PASTORAL_AS_OF=$(SAMPLE_AS_OF) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Re-pin every dependency to the newest versions the ranges in pyproject.toml allow.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^pastoral' > constraints.txt
	rm -rf .lock-venv build plugins/*.egg-info

# Benchmarks on generated schools (2,000 and 50,000 pupils by default; see bench/run.py --help).
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

# Regenerate the fictional sample school (deterministic: the same files every time), and its CODEOWNERS.
sample: $(INSTALLED)
	$(BIN)/python bench/generate_school.py --out records --force
	$(BIN)/pastoral codeowners

clean:
	rm -rf $(VENV) site public-site .pytest_cache .pastoral-cache _site node_modules
