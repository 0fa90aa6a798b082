# PMIS — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 10000
PYTEST_ARGS ?=

.PHONY: install messages migrate demo run test lint bench check-compose clean translations roles-doc

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: messages
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "PMIS is starting at http://$(HOST):$(PORT)/ (SQLite, tasks in-process). Stop with Ctrl+C."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

check-compose: install
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

bench: messages
	$(PY) bench/run.py --scale $(SCALE)

clean:
	rm -rf db.sqlite3 media staticfiles artifacts

# Extract UI strings and fill ru/kk from locale/translations/*.json (missing ones are listed).
translations: install
	$(PY) manage.py makemessages -l ru -l kk -l en --ignore=.venv --ignore=static --ignore=bench --no-obsolete -v 0
	$(PY) locale/fill_po.py

# docs/roles.md's access tables, written from the authorization matrix (tests/authz/matrix_*.py).
roles-doc: install
	$(PY) -m tests.authz.roles_doc
