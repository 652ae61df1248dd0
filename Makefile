# Two commands do everything (see README.md):
#   make serve   set up, then serve the site at http://127.0.0.1:8000
#   make test    set up, then run every test (browser tests included)
# and, separately (slow, not part of the tests): make bench, make bench-search, make bench-lighthouse
# (Lighthouse on every kind of page, ours beside plain Material: a table in build/bench/lighthouse/table.md;
# see benchmarks/README.md)

VENV     ?= .venv
PYTHON   ?= python3
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test bench bench-search bench-lighthouse build check system-packages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium drives the browser tests and prints the PDF editions; Noto CJK
# (Chinese) and Open Sans (English) are the fonts the PDFs are set in and embed;
# poppler-utils (pdftotext, pdffonts, pdftoppm) lets the tests read the PDFs back;
# zbar-tools (zbarimg) decodes the QR codes in the tests.
system-packages:
	@if ! [ -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	    || ! fc-list 2>/dev/null | grep -qi "Open Sans" || ! command -v pdftotext >/dev/null \
	    || ! command -v zbarimg >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk fonts-open-sans poppler-utils \
	    zbar-tools >/dev/null; \
	fi

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

bench: $(STAMP) system-packages
	$(BIN)/python -m benchmarks.run

# jieba gives the words of the text that the search benchmark looks up.
bench-search: $(STAMP) system-packages
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.search_recall

# Lighthouse 12, pinned in benchmarks/package-lock.json, installed with npm ci (Debian's nodejs and npm).
LIGHTHOUSE := benchmarks/node_modules/.installed
$(LIGHTHOUSE): benchmarks/package.json benchmarks/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	cd benchmarks && npm ci --no-audit --no-fund --silent
	touch $@

bench-lighthouse: $(STAMP) system-packages $(LIGHTHOUSE)
	$(BIN)/python -m benchmarks.lighthouse

build: $(STAMP) system-packages
	$(BIN)/gaobu build

check: $(STAMP)
	$(BIN)/gaobu check

clean:
	rm -rf site .site.building .site.old $(VENV)
