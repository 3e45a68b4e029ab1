# Staff: `make build`. Developers: `make test`, `make lint`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# libthai0: Pango breaks Thai lines between words with it (Thai has no spaces between words)
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 poppler-utils

.PHONY: build test lint system check

# --draft: the languages no reviewer has confirmed yet are made too, DRAFT on every page;
# a release build (python build.py, or --strict for a print run) refuses them by name.
build: $(STAMP)
	$(PY) build.py --draft

check: $(STAMP)
	$(PY) build.py check

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check tract tests build.py benchmarks
	$(PY) -m ruff format --check tract tests build.py benchmarks
	$(PY) -m mypy tract

# The Python environment, pinned: made on first use, remade when the pins change.
$(STAMP): requirements.lock pyproject.toml
	@$(MAKE) --no-print-directory system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

# Debian packages WeasyPrint needs; installed when we are root, otherwise only named.
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install these Debian packages: sudo apt-get install $$missing"; fi; \
	fi
