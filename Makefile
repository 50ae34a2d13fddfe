# Two commands do all the set-up: `make lab` opens the lessons, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LESSON ?=
# make lab PORT=8890 ARGS=--no-browser: another port, and any other option of the server
PORT ?=
ARGS ?=
PYTEST_WORKERS ?= 2
START := notebooks/$(or $(LESSON),00-overview).ipynb

.PHONY: chromium lab test lint unit notebooks binder e2e benchmark assets present refresh-notebooks clean-notebooks reset-notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Both servers serve the repository root, so that every lesson's ../assets/ images and its links to
# other lessons resolve as on GitHub and Binder, and open the overview (or LESSON=03-relu).
# The browser tests (tests/e2e) start them through these two targets.
lab: $(VENV)/.runtime  ## open the lessons in JupyterLab, at the overview (PORT=…, ARGS=… for the server)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(START) \
	  $(if $(PORT),--port=$(PORT)) $(ARGS)

test: lint unit notebooks binder e2e  ## run every test

lint: $(VENV)/.dev
	$(BIN)/ruff check .

unit: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not binder" --doctest-modules activations.py activation_lab tests --ignore=tests/e2e

notebooks: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

# what Binder installs: a fresh venv from requirements.txt alone, extensions enabled, every notebook runs (~2 min)
binder: $(VENV)/.dev
	$(BIN)/python -m pytest -m binder tests/test_binder_smoke.py

e2e: $(VENV)/.dev chromium
	$(BIN)/python -m pytest tests/e2e

# Debian's Chromium for the browser tests and the benchmark: installed when it is missing and this
# is root with apt (as on CI); otherwise the browser tests are skipped with a hint (and fail on CI).
chromium:
	@if [ -n "$${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Chromium from Debian for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else \
	  echo "no Chromium: the browser tests will be skipped (sudo apt-get install chromium fonts-dejavu-core)"; \
	fi

benchmark: $(VENV)/.dev chromium  ## kernel-side and browser latency benchmarks (the browser one needs Chromium)
	PYTHONPATH=tests $(BIN)/python benchmarks/bench_update.py
	$(BIN)/python benchmarks/bench_browser.py

present: $(VENV)/.runtime  ## the lessons as apps without code for a projector, at the overview (LESSON=03-relu, PORT=…)
	@test -f $(START) || { echo "no lesson $(START); LESSON is one of: $(basename $(notdir $(wildcard notebooks/*.ipynb)))"; exit 2; }
	ACTIVATIONS_PRESENTER=1 $(BIN)/python -m lesson_voila --LessonVoila.start_page=$(START) \
	  $(if $(PORT),--port=$(PORT)) $(ARGS) .

refresh-notebooks: $(VENV)/.dev  ## re-run every lesson in a fresh kernel and store its outputs
	$(BIN)/python tools/notebooks.py refresh notebooks/*.ipynb

assets: $(VENV)/.runtime  ## regenerate every figure in assets/ from the module
	$(BIN)/python tools/make_assets.py assets

clean-notebooks: $(VENV)/.dev  ## strip execution counts and widget state before committing
	$(BIN)/python tools/notebooks.py clean notebooks/*.ipynb

reset-notebooks:  ## put the lessons back as shipped: discards every edit saved into notebooks/
	git checkout -- notebooks/

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
