"""Safe file writing: atomic replace under an advisory lock.

Every write to a catalogue goes through `locked()` + `atomic_write()` so that a
crash never leaves a truncated file and two writers (CLI, web UI, a second
terminal) never interleave. The lock file sits beside the target
(`de.po` -> `de.po.lock`), so every process agrees on it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import L10nError

LOCK_TIMEOUT_SECONDS = 60.0


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the lock for `path`. Not re-entrant: nesting it for the same path in one thread deadlocks."""
    from filelock import FileLock, Timeout  # 15 ms to import: read-only commands never lock

    lock = FileLock(str(lock_path(path)), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise L10nError(f"could not lock the file within {timeout:.0f}s (someone else is writing it)", path) from None


def atomic_write(path: Path, data: bytes | str, encoding: str = "utf-8", durable: bool = True) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    Readers see either the old file or the new one, never a partial write.
    The file mode of an existing target is kept. `durable` also flushes the data to
    disk before the rename (for catalogues: work that cannot be made again); outputs
    that can be rebuilt (exported pages) skip that cost.
    """
    import tempfile  # not needed by read-only commands

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
