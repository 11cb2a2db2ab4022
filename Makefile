# plangen — the two commands a newcomer needs: `make demo` and `make test`.
# Nothing is assumed but Python 3.11+; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test bench preview schema wheel lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "plangen 需要 Python 3.11 或更高版本")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## Render the bundled examples in every style, as Markdown and .docx, into plangen-demo/
demo: $(STAMP)
	$(BIN)/plangen demo -o plangen-demo

## Run the whole test suite (a light Hypothesis profile; CI=true or HYPOTHESIS_PROFILE=ci for the full
## one, PLANGEN_TEST_WHEEL=1 to include the wheel check; PYTEST_ARGS="-k docx" to pass options)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Measure the budgets of design.md §8 against pandoc and the bare interpreter
bench: $(BENCH_STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

## Convert the demo .docx files to PDF and PNG pages (needs LibreOffice and poppler-utils)
preview: demo
	bash scripts/preview.sh plangen-demo

## Regenerate the shipped JSON Schema from the model (reviewed in the diff)
schema: $(STAMP)
	$(BIN)/plangen schema > schema/plan.schema.json

## ruff (lint and format) and mypy over the package, tests and scripts
lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/ruff check plangen tests scripts
	$(BIN)/ruff format --check plangen tests scripts
	$(BIN)/mypy plangen

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) plangen-demo build dist
