# Staff: `make build`. Developers: `make test-fast` while working, `make test`, `make lint`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# libthai0: Pango breaks Thai lines between words with it (Thai has no spaces between words)
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 poppler-utils

.PHONY: build test test-fast lint system check team-server team-server-files

# --draft: the languages no reviewer has confirmed yet are made too, DRAFT on every page;
# a release build (python build.py, or --strict for a print run) refuses them by name.
build: $(STAMP)
	$(PY) build.py --draft

check: $(STAMP)
	$(PY) build.py check

# -n auto: one pytest worker per core (pytest-xdist); the tests share no port, file or build
test: $(STAMP)
	$(PY) -m pytest -q -n auto

# Everything but the tests marked slow (servers, browsers, the wheel, mutations, the shipped
# project's build): well under a minute, while working. CI runs make test, everything.
test-fast: $(STAMP)
	$(PY) -m pytest -q -n auto -m "not slow"

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

# The team server on a fresh Debian machine, as root, in a clone of the project's repository:
#   make team-server URL=https://tract.example.org [PUSH=origin] [TEAM_USER=tract]
# installs Caddy (which gets the HTTPS certificate) and git, makes a system user that owns
# the project, installs the services and starts them. See README, "The team server".
TEAM_USER ?= tract
TEAM_ROOT ?=
SITE = $(patsubst https://%,%,$(URL))

team-server: $(STAMP)
	@case "$(URL)" in https://?*) ;; *) echo "Say the address people will open, e.g. make team-server URL=https://tract.example.org"; exit 2;; esac
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy git
	id -u $(TEAM_USER) >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin $(TEAM_USER)
	chown -R $(TEAM_USER): $(CURDIR)
	$(MAKE) --no-print-directory team-server-files
	systemctl daemon-reload
	systemctl enable --now tract-team
	systemctl restart caddy
	@echo "The team server runs at $(URL). Invite the first member of staff with:"
	@echo "  runuser -u $(TEAM_USER) -- $(PY) build.py team invite NAME --staff"

# The service files alone, under $(TEAM_ROOT) (empty: the system's own folders).
team-server-files:
	install -d $(TEAM_ROOT)/etc/systemd/system/caddy.service.d $(TEAM_ROOT)/etc/caddy
	sed -e 's|@PROJECT@|$(CURDIR)|g' -e 's|@USER@|$(TEAM_USER)|g' -e 's|@URL@|$(URL)|g' \
	    -e 's|@PUSH@|$(if $(PUSH),--push $(PUSH),)|g' deploy/tract-team.service \
	    > $(TEAM_ROOT)/etc/systemd/system/tract-team.service
	sed -e 's|@SITE@|$(SITE)|g' deploy/caddy-tract.conf \
	    > $(TEAM_ROOT)/etc/systemd/system/caddy.service.d/tract.conf
	install -m 644 deploy/Caddyfile $(TEAM_ROOT)/etc/caddy/Caddyfile
