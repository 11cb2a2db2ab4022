# plangen — the two commands a newcomer needs: `make demo` and `make test`.
# Nothing is assumed but Python 3.11+; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test bench preview pictures schema wheel lint clean

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

## Render the examples in every style to PDF (plangen render --to pdf) and PNG pages (needs
## LibreOffice and poppler-utils), into plangen-demo/preview
preview: $(STAMP)
	PLANGEN=$(BIN)/plangen bash scripts/preview.sh plangen-demo/preview

## Regenerate the page pictures in docs/images/ (page 1 of standard, okr and a 公文-wrapped notice)
pictures: $(STAMP)
	PLANGEN=$(BIN)/plangen PYTHON=$(BIN)/python bash scripts/pictures.sh docs/images

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
