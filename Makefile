# Build, preview, test and package the site. Everything installs from the lock
# files: requirements/*.lock.txt (pip, with hashes) and package-lock.json (npm ci).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Sphinx 9.2 (working Chinese search) needs Python >= 3.13. Use PYTHON=... to override.
PYTHON ?= $(shell for p in python3.14 python3.13 $$(pyenv root 2>/dev/null)/versions/3.1[34]*/bin/python3; do \
             "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null && { echo "$$p"; break; }; \
           done)
VENV     ?= .venv
BIN      := $(VENV)/bin
BUILDDIR ?= _build
SPHINXOPTS ?= -nW --keep-going
SPHINXBUILD = $(BIN)/sphinx-build -c . $(SPHINXOPTS)
HOST ?= 127.0.0.1
PORT ?= 8000
export PUPPETEER_SKIP_DOWNLOAD := 1
# Reproducible output: dates in the pages come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: help html serve test dist bench audit clean deps lock print-python

help:
	@echo "make html   build the site into $(BUILDDIR)/html"
	@echo "make serve  live preview at http://$(HOST):$(PORT) (rebuilds on save)"
	@echo "make test   run the whole test suite against a fresh build"
	@echo "make dist   write the offline downloads into dist/"
	@echo "make bench  print the performance figures beside the stock baseline"
	@echo "make audit  Lighthouse (mobile) on every content page; fails below 100"
	@echo "make lock   re-resolve the Python lock files (see docs/dependencies.md)"
	@echo "make clean  remove build output"

$(BIN)/.installed: requirements/docs.lock.txt requirements/test.lock.txt
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.13 not found. Install it (see README.md) or pass PYTHON=/path/to/python3.13" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --require-hashes -r requirements/docs.lock.txt -r requirements/test.lock.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

deps: $(BIN)/.installed node_modules/.installed

html: deps
	$(SPHINXBUILD) -b html source $(BUILDDIR)/html

serve: deps
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
	  --watch conf.py --watch ext --watch tools source $(BUILDDIR)/serve

# The suite runs against the site that `make dist` has just built (fresh, strict) into
# $(BUILDDIR)/html and packaged: one build, and the offline tests open the zip that ships.
test: dist
	SITE_DIR=$(BUILDDIR)/html DIST_DIR=$(DISTDIR) $(BIN)/python -m pytest

# Offline downloads (README, docs/links.md): dist/<slug>-<version>-html.zip, -single.html
# and .epub. Each edition is a strict build (-nW whatever SPHINXOPTS says) into a fresh
# folder, sharing one doctree cache; a warning stops make before anything is packaged.
DISTDIR ?= dist
DISTSPHINX = $(BIN)/sphinx-build -c . -nW --keep-going $(SPHINXOPTS) -d $(BUILDDIR)/doctrees
dist: deps
	rm -rf $(BUILDDIR)/html $(BUILDDIR)/singlehtml $(BUILDDIR)/epub $(BUILDDIR)/doctrees
	$(DISTSPHINX) -b html source $(BUILDDIR)/html
	$(DISTSPHINX) -b singlehtml source $(BUILDDIR)/singlehtml
	$(DISTSPHINX) -b epub source $(BUILDDIR)/epub
	$(BIN)/python tools/make_dist.py --build $(BUILDDIR) --out $(DISTDIR)

# Figures beside the stock baseline (tools/stock/conf.py); prints, never fails on a number.
bench: html
	$(BIN)/python tools/bench_site.py --site $(BUILDDIR)/html
	$(BIN)/python tools/bench_search.py --site $(BUILDDIR)/html

# Lighthouse 12.2.3 (node_modules), mobile preset, on Debian's Chromium (CHROME_PATH):
# every content page, every audit that cost points; fails below 100 (docs/quality.md).
# `make test` runs the same gate (tests/test_lighthouse.py); this prints the details.
audit: html
	$(BIN)/python tools/lighthouse_audit.py --site $(BUILDDIR)/html

print-python:  # the Python the venv is made from (empty: none found); .ci/run asks
	@echo $(PYTHON)

clean:
	rm -rf $(BUILDDIR) dist

lock: $(BIN)/.installed
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o docs.lock.txt docs.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o test.lock.txt test.in
