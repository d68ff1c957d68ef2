# Manara: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A laptop run is a development run; production sets DEBUG=false and a SECRET_KEY itself.
DEV_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run test lint format bench messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@$(BIN)/python scripts/check_system_libraries.py
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	TASKS_IMMEDIATE=$${TASKS_IMMEDIATE:-true} $(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev
	@$(BIN)/python scripts/check_system_libraries.py
	@bash scripts/install_test_packages.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/pytest

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
	$(DEV_ENV) $(BIN)/python manage.py bench_directory
	$(DEV_ENV) $(BIN)/python manage.py bench_plans

# Re-extract and compile the translation catalogues (needs GNU gettext).
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale fr --locale ar --no-obsolete --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*'
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
