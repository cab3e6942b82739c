"""A scratch folder for benchmarks that load argostranslate, removed afterwards.

argostranslate creates and reads folders under $XDG_* (default: the home folder) when it is
imported, so the benchmarks point those at the scratch folder first, as the tests do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def argos_scratch(prefix: str) -> Iterator[Path]:
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(tmp / name.lower())  # argostranslate must not write into $HOME
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
