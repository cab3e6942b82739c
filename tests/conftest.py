"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiny_argos import build_tiny_package


@pytest.fixture(scope="session", autouse=True)
def _argos_away_from_home(tmp_path_factory: pytest.TempPathFactory):
    """Point Argos's folders at a temporary folder before anything imports argostranslate.

    Importing `argostranslate` creates folders under XDG_DATA_HOME, XDG_CONFIG_HOME and
    XDG_CACHE_HOME (default: the home folder) and reads settings.json from there.
    """
    home = tmp_path_factory.mktemp("argos-home")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            mp.setenv(name, str(home / name.lower()))
        mp.delenv("ARGOS_PACKAGES_DIR", raising=False)
        mp.delenv("ARGOS_PACKAGE_INDEX", raising=False)
        yield


@pytest.fixture(scope="session")
def tiny_argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real but tiny en→de Argos package (.argosmodel), built once per test session."""
    return build_tiny_package(tmp_path_factory.mktemp("tiny-argos"))
