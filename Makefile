# 客服话术手册 — the two commands of README: `make serve` and `make test`.
# Each sets up everything it needs first (a virtual environment in .venv, and for tests the
# Debian packages chromium, ruby, fonts-noto-cjk and WeasyPrint's libraries), so both work on a fresh clone.

VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint needs Pango and HarfBuzz even to be imported, and mkdocs.yml loads mkdocs-to-pdf (which imports it)
# on every build; the PDF also needs fontconfig and the Simplified-Chinese Noto fonts.
WEASYPRINT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
PDF_PACKAGES := $(WEASYPRINT_PACKAGES) fontconfig fonts-noto-cjk
# ruby: tests parse the Zammad export with Ruby's own CSV library, as Zammad's importer does.
APT_PACKAGES := chromium ruby $(PDF_PACKAGES)
PDF_DIR ?= build
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps weasyprint-deps pdf-deps serve build offline pdf markdown check test clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# Shell commands that install those of the Debian packages $(1) that are missing (with sudo unless root).
apt-install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

system-deps:
	@$(call apt-install,$(APT_PACKAGES))

# Only touches apt when WeasyPrint cannot load its libraries, so serve and build need no sudo where they exist.
weasyprint-deps: setup
	@$(BIN)/python -c "import weasyprint" >/dev/null 2>&1 || { $(call apt-install,$(WEASYPRINT_PACKAGES)); }

pdf-deps:
	@$(call apt-install,$(PDF_PACKAGES))

serve: setup weasyprint-deps
	# --dirty: a YAML edit re-renders only the pages it changed (hooks/handbook_mkdocs/incremental.py).
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: setup weasyprint-deps
	HANDBOOK_COMPRESS=true $(BIN)/mkdocs build --strict

# Offline bundle for new hires: a zip of the site that works opened from the file system.
OFFLINE_DIR ?= build
offline: setup weasyprint-deps
	rm -rf "$(OFFLINE_DIR)/offline" "$(OFFLINE_DIR)/handbook-offline.zip"
	HANDBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir "$(OFFLINE_DIR)/offline/客服话术手册"
	cd "$(OFFLINE_DIR)/offline" && "$(abspath $(BIN))/python" -m zipfile -c ../handbook-offline.zip 客服话术手册
	@echo "离线包：$(OFFLINE_DIR)/handbook-offline.zip（解压后用浏览器打开 客服话术手册/index.html）"

# The PDF handbook for new hires, from the same YAML: $(PDF_DIR)/handbook.pdf, and its quick-code card on its own
# A4 pages, $(PDF_DIR)/quick-codes.pdf, to print and keep by the keyboard (together about a minute).
pdf: setup pdf-deps
	rm -rf "$(PDF_DIR)/pdf-site"
	HANDBOOK_PDF=true $(BIN)/mkdocs build --strict --site-dir "$(PDF_DIR)/pdf-site"
	cp "$(PDF_DIR)/pdf-site/handbook.pdf" "$(PDF_DIR)/pdf-site/quick-codes.pdf" "$(PDF_DIR)/"
	rm -rf "$(PDF_DIR)/pdf-site"
	@echo "PDF 手册：$(PDF_DIR)/handbook.pdf；快捷编码速查卡：$(PDF_DIR)/quick-codes.pdf"

# The handbook as a plain Markdown tree in build/markdown/ (no hooks): `mkdocs build` or `zensical build` builds it.
markdown: setup
	$(BIN)/handbook-markdown --out build/markdown

check: setup
	$(BIN)/handbook-check

# Regenerate snippets/schemas/*.schema.json from hooks/handbook/model.py and the editor modeline of each YAML file.
.PHONY: schemas
schemas: setup
	$(BIN)/handbook-schema

# The suite runs on every core with pytest-xdist, one test file at a time per worker (a module's fixtures stay on its
# worker), the slowest files first, each site built once per run (tests/conftest.py). `make test PYTEST_ARGS=-n0`
# runs it in one process, in pytest's own order.
PYTEST_ARGS ?= -n auto --dist loadfile --no-loadscope-reorder
test: setup system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf site build $(VENV)
