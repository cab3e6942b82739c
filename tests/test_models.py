"""Argos package management: install from a file or an index, list, find; all offline."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from l10n import models
from l10n.errors import EXIT_FAILURE, InputError
from l10n.models import ModelError, ModelInfo
from tiny_argos import build_tiny_package


def test_install_list_find(tiny_argos_package: Path, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    info = models.install_from_file(tiny_argos_package, packages)

    assert info == ModelInfo("translate-en_de", "en", "de", "1.0", packages / "translate-en_de-1_0")
    assert (info.path / "model" / "model.bin").is_file()
    assert models.list_models(packages) == [info]
    assert models.find_model("en", "de", packages) == info
    assert models.find_model("de", "en", packages) is None


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    assert models.list_models(tmp_path / "missing") == []
    assert models.find_model("en", "de", tmp_path) is None


def test_reinstall_replaces_and_leaves_no_debris(tiny_argos_package: Path, tmp_path: Path) -> None:
    models.install_from_file(tiny_argos_package, tmp_path)
    (tmp_path / "translate-en_de-1_0" / "stale-file").write_text("old")
    info = models.install_from_file(tiny_argos_package, tmp_path)

    assert models.list_models(tmp_path) == [info]
    assert not (info.path / "stale-file").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".install.lock", "translate-en_de-1_0"]


def test_find_prefers_newest_version(tiny_argos_package: Path, tmp_path: Path) -> None:
    newer = build_tiny_package(tmp_path / "build", version="1.10")
    other = build_tiny_package(tmp_path / "build", from_code="en", to_code="fr")
    packages = tmp_path / "packages"
    for archive in (newer, tiny_argos_package, other):
        models.install_from_file(archive, packages)

    assert [(m.to_code, m.version) for m in models.list_models(packages)] == [("de", "1.0"), ("de", "1.10"), ("fr", "1.0")]
    assert models.find_model("en", "de", packages).version == "1.10"


def test_skips_non_translation_packages(tiny_argos_package: Path, tmp_path: Path) -> None:
    models.install_from_file(tiny_argos_package, tmp_path)
    sbd = tmp_path / "sbd-en"
    sbd.mkdir()
    (sbd / "metadata.json").write_text(json.dumps({"type": "sbd", "from_codes": ["en"]}))
    (tmp_path / "not-a-package").mkdir()

    assert [m.name for m in models.list_models(tmp_path)] == ["translate-en_de"]


@pytest.mark.parametrize("metadata", ["{not json", "[]", '{"type": "translate"}'])
def test_broken_installed_metadata_names_the_file(metadata: str, tiny_argos_package: Path, tmp_path: Path) -> None:
    info = models.install_from_file(tiny_argos_package, tmp_path)
    (info.path / "metadata.json").write_text(metadata)

    with pytest.raises(InputError) as caught:
        models.list_models(tmp_path)
    assert caught.value.path == str(info.path / "metadata.json")


def _rewrite(source: Path, target: Path, rename=lambda name: name, extra: dict[str, bytes] | None = None) -> Path:
    """Copy the zip `source` to `target`, renaming (or dropping, when None) entries and adding `extra`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            name = rename(item.filename)
            if name is not None:
                dst.writestr(name, src.read(item.filename))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return target


TOP = "translate-en_de-1_0/"
BROKEN_ARCHIVES = {
    "two top folders": (dict(extra={"other/metadata.json": b"{}"}), "exactly one top-level folder"),
    "file at top level": (dict(extra={"README": b"hi"}), "exactly one top-level folder"),
    "no metadata": (dict(rename=lambda n: None if n.endswith("metadata.json") else n), "metadata.json"),
    "no model": (dict(rename=lambda n: None if "/model/" in n else n), "model/"),
    "no tokenizer": (dict(rename=lambda n: None if n.endswith("sentencepiece.model") else n), "sentencepiece.model"),
    "bad metadata": (
        dict(rename=lambda n: None if n.endswith("metadata.json") else n, extra={TOP + "metadata.json": b"{oops"}),
        "invalid metadata.json",
    ),
    "metadata without codes": (
        dict(rename=lambda n: None if n.endswith("metadata.json") else n, extra={TOP + "metadata.json": b"{}"}),
        "from_code and to_code",
    ),
    "unsafe path": (dict(extra={TOP + "../../evil.txt": b"x"}), "unsafe path"),
    "hidden top folder": (dict(rename=lambda n: "." + n), "hidden top-level folder"),
}


@pytest.mark.parametrize("case", BROKEN_ARCHIVES)
def test_broken_archive_is_refused_naming_the_file(case: str, tiny_argos_package: Path, tmp_path: Path) -> None:
    options, expected = BROKEN_ARCHIVES[case]
    archive = _rewrite(tiny_argos_package, tmp_path / "broken.argosmodel", **options)
    packages = tmp_path / "packages"

    with pytest.raises(InputError) as caught:
        models.install_from_file(archive, packages)
    assert caught.value.path == str(archive)
    assert str(caught.value).startswith(f"{archive}: ")
    assert expected in str(caught.value)
    assert models.list_models(packages) == []


@pytest.mark.parametrize("content", [b"this is not a zip", b""])
def test_non_zip_is_refused(content: bytes, tmp_path: Path) -> None:
    archive = tmp_path / "model.argosmodel"
    archive.write_bytes(content)
    with pytest.raises(InputError, match="not a zip archive") as caught:
        models.install_from_file(archive, tmp_path / "packages")
    assert caught.value.path == str(archive)


def test_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such Argos package file"):
        models.install_from_file(tmp_path / "nope.argosmodel", tmp_path / "packages")


def test_default_packages_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "mine"))
    assert models.default_packages_dir() == tmp_path / "mine"

    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    # The session fixture pointed XDG_DATA_HOME at a temporary folder before Argos was imported.
    assert models.default_packages_dir() == Path(os.environ["XDG_DATA_HOME"]) / "argos-translate" / "packages"


# --- the package index, served from this machine (never the real network) ---------------


def _assert_offline_error(error: ModelError) -> None:
    message = str(error)
    assert "\n" not in message
    assert "cannot reach the Argos package index" in message
    assert "l10n models install --file PATH.argosmodel" in message
    assert error.exit_code == EXIT_FAILURE


def test_index_unreachable(tmp_path: Path) -> None:
    # Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
    with pytest.raises(ModelError) as caught:
        models.install_from_index("en", "de", tmp_path, index_url="http://127.0.0.1:9/")
    _assert_offline_error(caught.value)


def test_index_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    with pytest.raises(ModelError) as caught:
        models.install_from_index("en", "de", tmp_path)
    assert "http://127.0.0.1:9/index.json" in str(caught.value)


def test_index_that_never_answers_times_out(tmp_path: Path) -> None:
    # A socket that accepts connections (the kernel's backlog) but never responds.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/"
        with pytest.raises(ModelError) as caught:
            models.install_from_index("en", "de", tmp_path, index_url=url, timeout=0.3)
    _assert_offline_error(caught.value)


@pytest.fixture
def index_server(tiny_argos_package: Path, tmp_path: Path):
    """A local HTTP server with an Argos index.json and the tiny package; yields its base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / tiny_argos_package.name).write_bytes(tiny_argos_package.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_port}/"
    package = {"package_version": "1.0", "argos_version": "1.0", "from_code": "en", "to_code": "de",
               "from_name": "English", "to_name": "German", "type": "translate"}
    index = [
        {**package, "package_version": "0.9", "links": [base + "missing.argosmodel"]},
        {**package, "links": [base + tiny_argos_package.name]},
        {**package, "to_code": "fr", "links": [base + "missing.argosmodel"]},
    ]
    (site / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_install_from_index(index_server: str, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    info = models.install_from_index("en", "de", packages, index_url=index_server)

    assert (info.from_code, info.to_code, info.version) == ("en", "de", "1.0")
    assert models.list_models(packages) == [info]
    assert [p.name for p in packages.iterdir() if p.name.startswith(".download")] == []


def test_index_without_the_pair(index_server: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="has no en→es package"):
        models.install_from_index("en", "es", tmp_path, index_url=index_server)


def test_index_download_failure(index_server: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot download the en→fr package") as caught:
        models.install_from_index("en", "fr", tmp_path, index_url=index_server)
    assert "--file PATH.argosmodel" in str(caught.value)
    assert models.list_models(tmp_path) == []


def test_tiny_package_is_reproducible(tiny_argos_package: Path, tmp_path: Path) -> None:
    again = build_tiny_package(tmp_path)
    assert again.name == tiny_argos_package.name
    assert again.read_bytes() == tiny_argos_package.read_bytes()
