# Hotline — the two commands a newcomer runs are `make demo` and `make test`.
# Both build .venv from scratch when it is missing (and, as root, install the Debian
# packages the product needs: CJK fonts, Chromium for browser tests, poppler for PDF checks).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system
APT_PACKAGES := fonts-noto-cjk fonts-wqy-microhei chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: demo test lint typecheck unit bench models system clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "安装 Python 依赖到 $(VENV) …"
	@$(PY) -m pip install --disable-pip-version-check -c requirements.lock -e '.[dev]' > $(VENV)/install.log 2>&1 \
		|| { grep -v 'is ignored: it is neither' $(VENV)/install.log; exit 1; }
	@touch $@

$(SYSTEM_STAMP): $(STAMP)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "安装系统软件包：$$missing"; \
			apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "提示：缺少系统软件包 $$missing（需 root 安装），相关测试将跳过"; \
		fi; \
	fi
	@touch $@

# Front-end assets (htmx, ECharts) come from npm and are served from node_modules.
node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

system: $(SYSTEM_STAMP) node_modules/.installed

demo: $(SYSTEM_STAMP) node_modules/.installed
	@$(VENV)/bin/hotline demo

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(SYSTEM_STAMP) node_modules/.installed
	$(VENV)/bin/pytest

test: lint typecheck unit

# Live assistance first (analysis latency, warm-up, memory), then pages, insights and the ticket store
# (the store benchmark also runs on PostgreSQL when HOTLINE_TEST_POSTGRES_URL is set).
bench: $(SYSTEM_STAMP) node_modules/.installed
	$(PY) bench/run.py
	$(PY) bench/pages.py
	$(PY) bench/insights.py
	$(PY) bench/tickets.py

models: $(STAMP)
	$(VENV)/bin/hotline model train

clean:
	rm -rf $(VENV) node_modules .mypy_cache .pytest_cache .ruff_cache var
