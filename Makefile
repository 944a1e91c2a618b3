# Two commands a newcomer needs: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings default to production; the demo and the suite run with DEBUG on, and the demo shows its mailbox
# (DEMO_MAILBOX works only with DEBUG). A value given on the command line or in the environment wins.
export DEBUG ?= 1
export DEMO_MAILBOX ?= 1

.PHONY: run test install install-test system-deps migrate demo messages lint bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/activate
	$(PIP) install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

system-deps:
	bash scripts/system-deps.sh

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

# The demo's e-mails link to the address it serves; its Celery broker is kept in files (.demo-broker/), so a real
# worker and beat run beside the server with nothing to install (CELERY_BROKER_URL set to Redis wins).
run demo: export SITE_URL ?= http://$(HOST):$(PORT)
run demo: export CELERY_BROKER_URL ?= filesystem://

## make run: install, migrate, load the demo data, print the demo log-ins, serve on http://127.0.0.1:8000 with a
## Celery worker and its beat (scripts/run-demo.sh; Ctrl-C stops all three)
run: system-deps demo
	HOST=$(HOST) PORT=$(PORT) bash scripts/run-demo.sh

## make test: install and run the whole suite (PostgreSQL when reachable, else SQLite)
test: install
	bash scripts/system-deps.sh --browser
	bash scripts/test.sh

messages: install
	$(PY) manage.py makemessages -l sq -l sr_Latn -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=locale_vendor --ignore=test-artifacts --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .

bench: install
	@echo "See bench/README.md for each benchmark."

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .demo-broker
