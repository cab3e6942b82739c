"""Argos Translate packages (`.argosmodel`): list, find and install them in a chosen folder.

An Argos package is a zip holding one folder with `metadata.json`, `model/` (a CTranslate2
model) and `sentencepiece.model` or `bpe.model`. Installing means unzipping that folder
into the packages folder, as Argos does.

Every function takes the packages folder explicitly. `argostranslate.package` is used to read
metadata and the package index the way Argos does, but not its install and index helpers:
`install_from_path` imports `argostranslate.translate` (which needs stanza, not installed),
and the index helpers have no timeout and recurse forever when offline.
`argostranslate` is imported lazily, on first use: importing it reads Argos's settings and
creates Argos's folders under the home directory (tests point XDG_* at a temporary folder).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType

from packaging.version import InvalidVersion, Version

from .errors import FailureError, InputError
from .fileio import locked

INDEX_TIMEOUT_SECONDS = 10.0
OFFLINE_HINT = "on an air-gapped machine use `l10n models install --file PATH.argosmodel`"


class ModelError(FailureError):
    """A translation model cannot be found, fetched or loaded."""


@dataclass(frozen=True)
class ModelInfo:
    """An installed translation package."""

    name: str  # Argos's package name, e.g. "translate-en_de"
    from_code: str
    to_code: str
    version: str  # `package_version` from metadata.json
    path: Path  # the installed package folder


def _argos() -> ModuleType:
    """`argostranslate.package`, imported on first use (see the module docstring)."""
    from argostranslate import package

    return package


def default_packages_dir() -> Path:
    """`$ARGOS_PACKAGES_DIR` if set, else Argos's own default (settings.json, then XDG data folder)."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"])
    settings = _argos().settings
    return Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages"))


def open_package(path: Path):
    """The `argostranslate.package.Package` installed in `path` (metadata, tokenizer, target prefix)."""
    metadata = Path(path) / "metadata.json"
    try:
        package = _argos().Package(Path(path))
    except (OSError, ValueError, AttributeError) as err:  # bad JSON is a ValueError, a non-object an AttributeError
        raise InputError(f"unreadable Argos package metadata: {err}", metadata) from None
    if package.type == "translate" and not (isinstance(package.from_code, str) and isinstance(package.to_code, str)):
        raise InputError("Argos package metadata needs from_code and to_code", metadata)
    return package


def _info(package) -> ModelInfo:
    return ModelInfo(
        name=_argos().argospm_package_name(package),
        from_code=package.from_code,
        to_code=package.to_code,
        version=package.package_version,
        path=Path(package.package_path),
    )


def _version(text: str) -> Version:
    """A package_version for comparing; unparsable versions sort first."""
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def list_models(packages_dir: Path) -> list[ModelInfo]:
    """The translation packages installed in `packages_dir`, sorted by language pair and version."""
    packages_dir = Path(packages_dir)
    if not packages_dir.is_dir():
        return []
    models = []
    for folder in packages_dir.iterdir():
        # Hidden folders are our own unfinished installs; non-translate packages are e.g. "sbd".
        if folder.name.startswith(".") or not (folder / "metadata.json").is_file():
            continue
        package = open_package(folder)
        if package.type == "translate":
            models.append(_info(package))
    return sorted(models, key=lambda m: (m.from_code, m.to_code, _version(m.version), m.name))


def find_model(from_code: str, to_code: str, packages_dir: Path) -> ModelInfo | None:
    """The newest installed package translating `from_code` to `to_code`, or None."""
    matches = [m for m in list_models(packages_dir) if (m.from_code, m.to_code) == (from_code, to_code)]
    return max(matches, key=lambda m: _version(m.version)) if matches else None


def _check_archive(archive: Path) -> str:
    """Validate an `.argosmodel` zip without extracting it; return its top folder's name."""
    if not archive.is_file():
        raise InputError("no such Argos package file", archive)
    if not zipfile.is_zipfile(archive):
        raise InputError("not an Argos package: not a zip archive", archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            tops = {name.split("/", 1)[0] for name in names}
            if len(tops) != 1 or not all("/" in name for name in names):
                raise InputError(
                    f"not an Argos package: expected exactly one top-level folder, found {sorted(tops)}", archive
                )
            top = tops.pop()
            if top.startswith("."):  # hidden folders in the packages folder are unfinished installs
                raise InputError(f"not an Argos package: hidden top-level folder {top!r}", archive)
            for name in names:
                parts = PurePosixPath(name).parts
                if name.startswith("/") or ".." in parts or "\\" in name:
                    raise InputError(f"not an Argos package: unsafe path {name!r}", archive)
            if f"{top}/metadata.json" not in names:
                raise InputError(f"not an Argos package: no {top}/metadata.json", archive)
            if not any(name.startswith(f"{top}/model/") for name in names):
                raise InputError(f"not an Argos package: no {top}/model/ folder", archive)
            if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & set(names):
                raise InputError(f"not an Argos package: no {top}/sentencepiece.model or bpe.model", archive)
            metadata = json.loads(zf.read(f"{top}/metadata.json"))
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"unreadable Argos package: {err}", archive) from None
    except ValueError as err:  # bad JSON or bad UTF-8
        raise InputError(f"not an Argos package: invalid metadata.json ({err})", archive) from None
    if not isinstance(metadata, dict) or not all(
        isinstance(metadata.get(key), str) for key in ("from_code", "to_code")
    ):
        raise InputError("not an Argos package: metadata.json needs from_code and to_code", archive)
    return top


def install_from_file(archive: Path, packages_dir: Path) -> ModelInfo:
    """Install an `.argosmodel` file into `packages_dir`, replacing a package of the same folder name."""
    archive, packages_dir = Path(archive), Path(packages_dir)
    top = _check_archive(archive)
    packages_dir.mkdir(parents=True, exist_ok=True)
    target = packages_dir / top
    # Unzip beside the target, then swap it in with renames: a crash never leaves half a package.
    with locked(packages_dir / ".install"):
        staging = Path(tempfile.mkdtemp(dir=packages_dir, prefix=".install-"))
        try:
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(staging)
            if target.exists():
                target.rename(staging / ".previous")
            (staging / top).rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _info(open_package(target))


def _index_url() -> str:
    settings = _argos().settings
    return settings.get_setting("ARGOS_PACKAGE_INDEX", default=settings.package_index)


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "l10n (argostranslate)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def install_from_index(
    from_code: str,
    to_code: str,
    packages_dir: Path,
    *,
    index_url: str | None = None,
    timeout: float = INDEX_TIMEOUT_SECONDS,
) -> ModelInfo:
    """Download the newest `from_code`→`to_code` package from Argos's package index and install it.

    `index_url` is the index's base URL (default: `$ARGOS_PACKAGE_INDEX` or Argos's own);
    `timeout` bounds every network wait, so an offline machine fails fast with ModelError.
    """
    base = index_url or _index_url()
    url = base.rstrip("/") + "/index.json"
    try:
        index = json.loads(_fetch(url, timeout))
    except (OSError, urllib.error.URLError) as err:  # includes timeouts and refused connections
        reason = getattr(err, "reason", err)
        raise ModelError(f"cannot reach the Argos package index {url} (offline? {reason}); {OFFLINE_HINT}") from None
    except ValueError:
        raise ModelError(f"the Argos package index {url} is not valid JSON; {OFFLINE_HINT}") from None

    argos = _argos()
    candidates = [
        argos.AvailablePackage(metadata)
        for metadata in (index if isinstance(index, list) else [])
        if isinstance(metadata, dict)
    ]
    candidates = [
        p for p in candidates if p.type == "translate" and (p.from_code, p.to_code) == (from_code, to_code) and p.links
    ]
    if not candidates:
        raise ModelError(f"the Argos package index {url} has no {from_code}→{to_code} package")
    best = max(candidates, key=lambda p: _version(p.package_version))

    packages_dir = Path(packages_dir)
    packages_dir.mkdir(parents=True, exist_ok=True)
    fd, download = tempfile.mkstemp(dir=packages_dir, prefix=".download-", suffix=".argosmodel")
    os.close(fd)
    try:
        errors = []
        for link in best.links:
            try:
                Path(download).write_bytes(_fetch(link, timeout))
                break
            except (OSError, urllib.error.URLError) as err:
                errors.append(f"{link}: {getattr(err, 'reason', err)}")
        else:
            raise ModelError(f"cannot download the {from_code}→{to_code} package ({'; '.join(errors)}); {OFFLINE_HINT}")
        return install_from_file(Path(download), packages_dir)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(download)

