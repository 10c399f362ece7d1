# dangxiao — the two commands: `make run` (set up and serve the app) and `make test` (set up and run
# every test). Both install what is missing on a fresh machine and skip what is already there.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# npm's binaryen (wasm-opt 132) must come first: Debian's binaryen 108 makes a wasm that fails to hydrate.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.11
LEPTOSFMT_VERSION := 0.1.33
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
ECHARTS := public/vendor/echarts.js public/vendor/echarts-map.js
NODE_STAMP := end2end/node_modules/.installed
PG_PORT ?= 5432
PG_PASSWORD ?= dangxiao-test
APT_STAMP := target/.apt-updated
# What the site is built from; a build whose inputs have not changed is not run again (cargo-leptos
# would re-run wasm-bindgen and wasm-opt, ~3 minutes, on an unchanged WASM).
SITE_INPUTS := $(shell find src style public migrations -type f 2>/dev/null) Cargo.toml Cargo.lock
RELEASE_STAMP := target/.built-release
E2E_STAMP := target/.built-e2e
# The server the browser tests and the PostgreSQL smoke test start (see build-e2e).
E2E_BIN := target/debug/dangxiao
ifeq ($(wildcard target/release/dangxiao),)
  $(shell rm -f $(RELEASE_STAMP))
endif
ifeq ($(wildcard $(E2E_BIN)),)
  $(shell rm -f $(E2E_STAMP))
endif
# As cargo-leptos sets it for its own builds: every build of the server (tests included) names the
# site's files alike, so the test build's compiled dependencies serve the browser tests' server too.
export LEPTOS_OUTPUT_NAME := dangxiao
# The WebAssembly names its dependencies' source files where they may panic; named from the crate on
# (`leptos-0.8.23/src/…`, not `/root/.cargo/registry/src/index.crates.io-…/leptos-0.8.23/src/…`) it is
# ~6 KB smaller raw, ~0.4 KB brotli, on every page. Only the browser's build: cargo-leptos adds its own
# flags to these for wasm32; the server's builds are not touched.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := --remap-path-prefix=$(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src/index.crates.io-1949cf8c6b5b557f/=

.PHONY: help run test tools test-unit test-sqlite test-postgres postgres-up smoke-postgres test-e2e build-e2e build-release bench clippy fmt-check fmt fmt-tools

help:
	@echo "make run    — build (release) and serve on http://127.0.0.1:3000 with the embedded SQLite and demo data"
	@echo "make test   — unit tests, database tests on SQLite and PostgreSQL, browser tests in headless Chromium"
	@echo "make bench  — measure sizes and speeds into docs/benchmarks.md"

## ---- the two commands -------------------------------------------------------------------------

run: build-release
	@echo "starting dangxiao (DATABASE_URL=$${DATABASE_URL:-sqlite://data/dangxiao.db}, LEPTOS_SITE_ADDR=$${LEPTOS_SITE_ADDR:-127.0.0.1:3000})"
	LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg exec ./target/release/dangxiao serve

test: tools test-system-deps
	$(MAKE) --no-print-directory fmt-check
	$(MAKE) --no-print-directory clippy
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-e2e smoke-postgres

## ---- toolchain (installed once, skipped when present) ------------------------------------------

tools: $(NODE_STAMP) $(ECHARTS)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if ! cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)"; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (once; about 20 minutes)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --ignore-rust-version; fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (once; about 8 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi
	@wasm-opt --version | grep -q "version 132" || { echo "wasm-opt 132 from npm binaryen is not first on PATH"; exit 1; }

$(NODE_STAMP): end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

# Our two builds of ECharts 5.6.0 (npm): its ES modules bundled by esbuild with only the chart types and
# components the options use — the charts' (src/charts/echarts.js, global `echarts`) and the map's
# (src/charts/echarts-map.js, global `echartsMap`) — served by the app itself under /vendor (never a
# CDN), each loaded only by pages that draw with it.
ECHARTS_GLOBAL_echarts := echarts
ECHARTS_GLOBAL_echarts-map := echartsMap
public/vendor/%.js: src/charts/%.js $(NODE_STAMP)
	mkdir -p $(dir $@)
	rm -f $(dir $@)echarts.min.js
	NODE_PATH=end2end/node_modules esbuild $< --bundle --minify --format=iife \
	  --global-name=$(ECHARTS_GLOBAL_$*) \
	  --legal-comments=eof --log-level=warning --outfile=$@
# Both builds carry the PNG export (src/charts/export-png.js).
$(ECHARTS): src/charts/export-png.js

$(APT_STAMP):
	mkdir -p $(dir $@)
	apt-get update -qq
	touch $@

# Debian's Chromium (Playwright cannot download its own browser here), PostgreSQL, and Poppler's
# pdftoppm (the print test looks at the printed PDF's sheets).
test-system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v pg_ctlcluster >/dev/null || missing="$$missing postgresql"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  $(MAKE) --no-print-directory $(APT_STAMP); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
.PHONY: test-system-deps

# The benchmark's load and size tools (Debian's wrk and brotli), installed when missing.
bench-system-deps:
	@missing=""; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v brotli >/dev/null || missing="$$missing brotli"; \
	if [ -n "$$missing" ]; then \
	  $(MAKE) --no-print-directory $(APT_STAMP); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
.PHONY: bench-system-deps

## ---- tests ---------------------------------------------------------------------------------------

# rustfmt (rustfmt.toml) for the Rust, leptosfmt (leptosfmt.toml) for the insides of the `view!`
# macros; `make fmt` applies both.
fmt-check: fmt-tools
	leptosfmt --quiet --check src
	cargo fmt --check

fmt: fmt-tools
	leptosfmt --quiet src
	cargo fmt

fmt-tools:
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@if ! leptosfmt --version 2>/dev/null | grep -q "$(LEPTOSFMT_VERSION)"; then \
	  echo "installing leptosfmt $(LEPTOSFMT_VERSION) (once; a few minutes)"; \
	  cargo install leptosfmt --version $(LEPTOSFMT_VERSION) --locked; fi

clippy:
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

# Unit tests and the database tests on the embedded SQLite.
test-sqlite:
	cargo test --features ssr

# Debian's PostgreSQL cluster, started here (created on first use); user postgres, password PG_PASSWORD.
postgres-up:
	@ver=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	pg_lsclusters -h | awk '{print $$1" "$$2}' | grep -q "^$$ver main$$" || pg_createcluster $$ver main -p $(PG_PORT); \
	pg_ctlcluster $$ver main start 2>/dev/null || pg_ctlcluster $$ver main status >/dev/null; \
	for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p $(PG_PORT) && break; sleep 1; done; \
	su postgres -c "psql -q -p $(PG_PORT) -c \"ALTER USER postgres PASSWORD '$(PG_PASSWORD)'\""

# The same test binary as test-sqlite, on PostgreSQL: each test in a database of its own.
test-postgres: postgres-up
	DATABASE_URL=postgres://postgres:$(PG_PASSWORD)@127.0.0.1:$(PG_PORT)/postgres \
	  cargo test --features ssr --test server

# The browser tests' binary, unchanged, on PostgreSQL: an empty database, migrated and loaded at start,
# pages served.
smoke-postgres: build-e2e postgres-up
	su postgres -c "psql -q -p $(PG_PORT) -c 'DROP DATABASE IF EXISTS dangxiao_smoke WITH (FORCE)' -c 'CREATE DATABASE dangxiao_smoke'"
	DANGXIAO_BIN=./$(E2E_BIN) node scripts/smoke-postgres.mjs postgres://postgres:$(PG_PASSWORD)@127.0.0.1:$(PG_PORT)/dangxiao_smoke

build-release: $(RELEASE_STAMP)
$(RELEASE_STAMP): $(SITE_INPUTS) | tools
	rm -f $(E2E_STAMP)
	cargo leptos build --release --split
	node scripts/precompress.mjs target/site
	touch $@

# The tests' build of the site: the shipped WASM exactly as `make run` builds it (cargo-leptos, its
# own profile wasm-release, wasm-opt), and the server in the dev profile — the dependencies `cargo test`
# compiled already, so only the crate itself is built again. `make run` and `make bench` build the
# server fully optimised.
build-e2e: $(E2E_STAMP)
$(E2E_STAMP): $(SITE_INPUTS) | tools
	rm -f $(RELEASE_STAMP)
	cargo leptos build --release --split --frontend-only
	cargo build --features ssr --bin dangxiao
	node scripts/precompress.mjs target/site
	touch $@

# Browser tests: Playwright drives Debian's headless Chromium against that build.
test-e2e: build-e2e
	cd end2end && DANGXIAO_BIN=./$(E2E_BIN) npx playwright test

## ---- measurements ------------------------------------------------------------------------------

bench: build-release bench-system-deps postgres-up
	su postgres -c "psql -q -p $(PG_PORT) -c 'DROP DATABASE IF EXISTS dangxiao_bench WITH (FORCE)' -c 'CREATE DATABASE dangxiao_bench'"
	BENCH_PG_URL=postgres://postgres:$(PG_PASSWORD)@127.0.0.1:$(PG_PORT)/dangxiao_bench bash scripts/bench.sh | tee docs/benchmarks.md
