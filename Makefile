# piimap: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo test lint bench fuzz browser ocr clean

# Create the virtualenv and install the project with every extra the suite needs.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,s3,spark]'
	touch $(STAMP)

install: $(STAMP)

# Headless Chromium for the HTML report test (Debian's package). Best effort: the browser
# test skips with a clear message when it cannot be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  ( [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) ) || \
	  echo "note: chromium not installed; the browser test will be skipped"

# Tesseract OCR engine with English data (Debian's packages), for scanned PDFs and images.
# Without it OCR is unavailable and such files are reported `partial`, never clean.
ocr:
	@tesseract --list-langs 2>/dev/null | grep -qx eng || \
	  ( [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null 2>&1) ) || \
	  echo "note: tesseract-ocr not installed; OCR tests will be skipped"

test: $(STAMP) browser ocr lint
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# Lint, format and types: the same checks as .pre-commit-config.yaml.
lint: $(STAMP)
	$(BIN)/ruff check scanner recognizers tests bench samples
	$(BIN)/ruff format --check scanner recognizers tests bench samples
	$(BIN)/mypy

demo: $(STAMP)
	$(BIN)/python samples/make_samples.py samples/data
	$(BIN)/piimap scan samples/data --out reports/demo --format parquet --format html; \
	  rc=$$?; [ $$rc -le 1 ] || [ $$rc -eq 3 ] || exit $$rc
	@echo "Open reports/demo/report.html, or in Python: pandas.read_parquet('reports/demo/findings.parquet')"

bench: $(STAMP)
	$(BIN)/python -m bench.run

fuzz: $(STAMP)
	$(BIN)/pip install --quiet 'atheris>=2.3'
	$(BIN)/python tests/fuzz/fuzz_extract.py -max_total_time=$${FUZZ_SECONDS:-300}
	$(BIN)/python tests/fuzz/fuzz_recognizers.py -max_total_time=$${FUZZ_SECONDS:-300}

clean:
	rm -rf $(VENV) reports/demo bench/corpus bench/out
