# 客服话术手册 — the two commands of README: `make serve` and `make test`.
# Each sets up everything it needs first (a virtual environment in .venv, and for tests the
# Debian packages chromium and fonts-noto-cjk), so both work on a fresh clone.

VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps serve build offline check test clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

# Offline bundle for new hires: a zip of the site that works opened from the file system.
OFFLINE_DIR ?= build
offline: setup
	rm -rf "$(OFFLINE_DIR)/offline" "$(OFFLINE_DIR)/handbook-offline.zip"
	HANDBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir "$(OFFLINE_DIR)/offline/客服话术手册"
	cd "$(OFFLINE_DIR)/offline" && "$(abspath $(BIN))/python" -m zipfile -c ../handbook-offline.zip 客服话术手册
	@echo "离线包：$(OFFLINE_DIR)/handbook-offline.zip（解压后用浏览器打开 客服话术手册/index.html）"

check: setup
	$(BIN)/handbook-check

# Regenerate snippets/schemas/*.schema.json from hooks/handbook/model.py and the editor modeline of each YAML file.
.PHONY: schemas
schemas: setup
	$(BIN)/handbook-schema

test: setup system-deps
	$(BIN)/pytest

clean:
	rm -rf site build $(VENV)
