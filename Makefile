# Manara: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A laptop run is a development run; production sets DEBUG=false and a SECRET_KEY itself.
DEV_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run procs test lint format bench messages install install-dev lock lock-check clean
# The exact versions and hashes installed (pip-compile from pyproject.toml): `make lock` after
# changing the dependencies, then commit both files.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --no-emit-index-url \
	--no-emit-trusted-host --no-emit-find-links --strip-extras --allow-unsafe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps .
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@$(BIN)/python scripts/check_system_libraries.py
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	TASKS_IMMEDIATE=$${TASKS_IMMEDIATE:-true} $(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The Procfile's three processes (web on gunicorn at 127.0.0.1:8000, worker, scheduler) together,
# as a server runs them; like `make run` it needs DEBUG=true or a production environment. (exec:
# a SIGTERM to the recipe's shell reaches honcho, which stops the three.)
procs: install-dev
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho start --port $${PORT:-8000}

test: install-dev
	@$(BIN)/python scripts/check_system_libraries.py
	@bash scripts/install_test_packages.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/pytest

lock: install-dev
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements-dev.lock pyproject.toml

# Fails when pyproject.toml changed without `make lock` (CI runs it once).
lock-check: install-dev
	$(BIN)/python scripts/check_lock.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(DEV_ENV) $(BIN)/python manage.py bench_facilities
	$(DEV_ENV) $(BIN)/python manage.py bench_prioritisation
	$(DEV_ENV) $(BIN)/python manage.py bench_guides
	$(DEV_ENV) $(BIN)/python manage.py build_hsds
	$(DEV_ENV) $(BIN)/python manage.py bench_directory
	$(DEV_ENV) $(BIN)/python manage.py bench_plans
	$(DEV_ENV) $(BIN)/python manage.py bench_referrals
	$(DEV_ENV) $(BIN)/python manage.py bench_maps
	$(DEV_ENV) $(BIN)/python manage.py bench_hsds
	@bash scripts/install_load_tool.sh && $(DEV_ENV) $(BIN)/python manage.py bench_load
	$(DEV_ENV) $(BIN)/python manage.py bench_imports

# Re-extract and compile the translation catalogues (needs GNU gettext).
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale fr --locale ar --no-obsolete --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*'
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
