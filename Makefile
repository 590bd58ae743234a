# PracticeRunner. `make run` and `make test` set up whatever is missing first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

# The web app (web/): Node.js 20+, packages from the committed lock file, built when its
# sources changed.
NPM_STAMP := web/node_modules/.installed-$(shell cat web/package.json web/package-lock.json | cksum | cut -d' ' -f1)
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/portal.html \
	web/vite.config.ts web/tsconfig.json web/postcss.config.cjs web/openapi.json

.PHONY: run test lint bench setup clean web web-check openapi browser-test

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NPM_STAMP): web/package.json web/package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19 or newer is needed for the web app"); process.exit(1) }'
	cd web && npm ci --no-audit --no-fund --loglevel=error
	rm -f web/node_modules/.installed-*
	touch $(NPM_STAMP)

web/dist/index.html: $(NPM_STAMP) $(WEB_SOURCES)
	cd web && npm run --silent build -- --logLevel warn
	touch web/dist/index.html

web: web/dist/index.html

# Dump the service's OpenAPI into web/openapi.json and regenerate the client types from it.
openapi: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m practicerunner.api.dump_openapi web/openapi.json
	cd web && npm run --silent generate

# Fails when web/openapi.json or the generated types are out of date (run `make openapi`).
web-check: $(STAMP) $(NPM_STAMP)
	@$(BIN)/python -m practicerunner.api.dump_openapi | diff -q - web/openapi.json >/dev/null \
		|| (echo "web/openapi.json is out of date: run 'make openapi' and commit it"; exit 1)
	cd web && npm run --silent check-generated
	cd web && npm run --silent typecheck
	cd web && npm run --silent lint
	cd web && npm run --silent test

# Passkeys need a host name (an IP address cannot be a WebAuthn relying party).
run: export PRACTICERUNNER_PUBLIC_BASE_URL ?= http://localhost:8000
run: $(STAMP) web
	$(BIN)/practicerunner serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo --no-cache

test: lint web-check web
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

browser-test: $(STAMP) web
	$(BIN)/pytest tests/browser -q $(PYTEST_ARGS)

bench: $(STAMP) web
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache web/node_modules web/dist
