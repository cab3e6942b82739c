# Two entry points (see README): `make run` and `make test`. Both set up .venv first.
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3

.PHONY: setup run test system-deps bench clean

setup: $(VENV)/.installed

# argostranslate goes in with --no-deps: its own requirements pull stanza, torch and spaCy (about 6 GB)
# that this project does not use; what it needs from them is listed in pyproject.toml.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps argostranslate==1.11.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The main job on the embedded default page(s): English -> German catalogue -> exported page.
# Machine translation needs the Argos model once (network); without it the run goes on without.
run: setup
	$(BIN)/l10n extract
	$(BIN)/l10n update --lang de
	@$(BIN)/l10n models install de && $(BIN)/l10n pretranslate --lang de \
		|| echo "l10n: going on without machine translation"
	$(BIN)/l10n export --lang de
	@$(BIN)/l10n check --lang de || true  # the state of the catalogues; incomplete is normal here
	$(BIN)/l10n serve --demo-user

# The tests compare with GNU gettext (msgfmt, msgmerge) and drive Debian's Chromium; install them
# when missing (needs root, as on CI).
system-deps:
	@test -x /usr/bin/chromium -a -x /usr/bin/msgfmt || \
		(apt-get update -qq && apt-get install -y -qq chromium gettext >/dev/null)

# axe-core (npm registry) for the accessibility tests, installed once into .cache/npm (offline after).
AXE := .cache/npm/node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null && npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4 \
		|| echo "l10n: npm missing or offline: the axe-core accessibility tests will be skipped"

test: setup system-deps $(AXE)
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf build test-artifacts .pytest_cache
