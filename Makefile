# Every target bootstraps its own virtual environment, so a fresh clone needs only
# Python 3.11, pip and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

PLAN_2020 := tests/fixtures/plan-2020-96-KH-UBND.txt
PLAN_2025 := tests/fixtures/plan-2025-draft.txt

.PHONY: system-deps install demo test lint format schema plans golden bench fuzz clean validate fixtures bad-corpus realworld

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: parse the bundled 2025 plan; show its header, targets and tasks
demo: $(STAMP)
	$(BIN)/python scripts/demo.py $(PLAN_2025) /tmp/khtool-demo-2025.yaml

## system-deps: Debian packages for OCR, the browser and LibreOffice tests (as root)
system-deps:
	@bash scripts/system_deps.sh

## test: the whole test suite (installs what it needs first)
test: $(STAMP) system-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

## schema: regenerate schemas/plan.schema.json from the models
schema: $(STAMP)
	$(BIN)/khtool schema -o schemas/plan.schema.json

## plans: regenerate data/plans/ from tests/fixtures/
plans: $(STAMP)
	$(BIN)/python scripts/make_plans.py

## golden: rewrite tests/golden/ from the parser (review the diff!)
golden: $(STAMP)
	$(BIN)/python scripts/make_golden.py

## validate: check every plan in data/plans/ (schema and consistency rules)
validate: $(STAMP)
	$(BIN)/khtool validate data/plans/

## realworld: score the parser on the real plans of ../shared/realworld (when present)
REALWORLD ?= ../shared/realworld
realworld: $(STAMP)
	@if [ -f $(REALWORLD)/score.py ]; then $(PY) $(REALWORLD)/score.py $(BIN)/khtool; \
	else echo "$(REALWORLD) is absent: nothing to score"; fi

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## fixtures: rewrite the .docx/.pdf/.html/UTF-16 renderings of the plans (PDFs need LibreOffice)
fixtures: $(STAMP)
	$(BIN)/python scripts/make_format_fixtures.py

## bad-corpus: regenerate tests/fixtures/bad/ (broken and hostile inputs) and its manifest
bad-corpus: $(STAMP)
	$(BIN)/python scripts/make_bad_corpus.py

## fuzz: the long fuzz run: 10,000 examples per reader and for validate and diff
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --examples 10000 --timeout 60 --json /tmp/khtool-fuzz/figures.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build src/*.egg-info

## screenshots: the three HTML reports of the Hanoi plans as PNG in docs/img/ (needs Debian's chromium)
REPORTS := /tmp/khtool-reports
CHROMIUM ?= chromium
SHOT := $(CHROMIUM) --headless --no-sandbox --hide-scrollbars --force-device-scale-factor=1 --window-size=1280,960
.PHONY: screenshots
screenshots: $(STAMP)
	mkdir -p $(REPORTS) docs/img
	$(BIN)/khtool report data/plans/hanoi-2025-draft.yaml -o $(REPORTS)/plan-2025.html
	$(BIN)/khtool report data/plans/hanoi-2024-263-KH-UBND.yaml data/plans/hanoi-2025-draft.yaml -o $(REPORTS)/diff-2024-2025.html
	$(BIN)/khtool report 2020 2024 2025 -o $(REPORTS)/targets-2020-2025.html
	for name in plan-2025 diff-2024-2025 targets-2020-2025; do \
	  $(SHOT) --screenshot=docs/img/report-$$name.png file://$(REPORTS)/$$name.html 2>/dev/null || exit 1; \
	done
	$(BIN)/python -c "import sys; from PIL import Image; [Image.open(f).convert('RGB').quantize(64).save(f, optimize=True) for f in sys.argv[1:]]" docs/img/report-*.png
	ls -l docs/img/report-*.png

## draft-pictures: first page and appendix page of the rendered 2026 draft as PNG in docs/img/ (LibreOffice, poppler-utils; fonts-liberation for Times metrics)
DRAFT_PICS := /tmp/khtool-draft-pictures
.PHONY: draft-pictures
draft-pictures: $(STAMP)
	rm -rf $(DRAFT_PICS) && mkdir -p $(DRAFT_PICS) docs/img
	$(BIN)/khtool draft --from 2025 --year 2026 -o $(DRAFT_PICS)/draft-2026.docx 2>/dev/null
	soffice -env:UserInstallation=file://$(DRAFT_PICS)/profile --headless --convert-to pdf --outdir $(DRAFT_PICS) $(DRAFT_PICS)/draft-2026.docx >/dev/null
	pdftoppm -png -gray -r 60 -f 1 -l 1 -singlefile $(DRAFT_PICS)/draft-2026.pdf docs/img/draft-2026-page1
	page=$$(pdfinfo -f 1 -l 999 $(DRAFT_PICS)/draft-2026.pdf | awk '/^Page.*size/ && $$4 > $$6 {print $$2; exit}'); \
	  test -n "$$page" && pdftoppm -png -gray -r 60 -f $$page -l $$page -singlefile $(DRAFT_PICS)/draft-2026.pdf docs/img/draft-2026-appendix
	ls -l docs/img/draft-2026-*.png

## bench-ocr: OCR accuracy (fields, characters) and seconds per page on scans of the plans
bench-ocr: $(STAMP)
	$(BIN)/python scripts/bench_ocr.py --engines

## scanned-fixtures: rewrite tests/fixtures/scanned/ (the mixed scanned + text PDF)
scanned-fixtures: $(STAMP)
	$(BIN)/python scripts/make_scanned_fixtures.py
