"""Project configuration and layout.

A project is a folder with `source_texts/` (English pages) and `locales/`
(templates and catalogues in the standard gettext layout). Settings come from
`[tool.l10n]` in `pyproject.toml` or from the top level of `l10n.toml`
(l10n.toml wins); every setting has a default, so a bare folder works too.

    locales/<domain>.pot                        template, one per source page
    locales/<lang>/LC_MESSAGES/<domain>.po      catalogue
    build/<lang>/<relative path of the page>    exported page
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

from .formats import FORMAT_MODULES

SOURCE_SUFFIXES = tuple(FORMAT_MODULES)

DEFAULTS: dict[str, Any] = {
    "source_language": "en",
    "languages": ["de"],
    "source_dir": "source_texts",
    "locales_dir": "locales",
    "build_dir": "build",
    "glossary": "glossary.csv",
    "front_matter_keys": ["title", "description", "summary"],  # Markdown front matter values translated
    "wrapped_text": [],  # globs of hard-wrapped .txt pages (or {glob: true/false}); others: recognised
}


@dataclass(frozen=True)
class SourcePage:
    """One English page and the gettext domain its catalogues are named after."""

    path: Path
    relative: Path  # to the source folder: also the exported page's relative path
    domain: str


@dataclass
class Project:
    root: Path
    settings: dict[str, Any] = field(default_factory=dict)

    def _get(self, key: str) -> Any:
        return self.settings.get(key, DEFAULTS.get(key))

    def _path(self, key: str) -> Path:
        return self.root / str(self._get(key))

    @property
    def source_language(self) -> str:
        return str(self._get("source_language"))

    @property
    def languages(self) -> list[str]:
        return [str(lang) for lang in self._get("languages")]

    @property
    def source_dir(self) -> Path:
        return self._path("source_dir")

    @property
    def locales_dir(self) -> Path:
        return self._path("locales_dir")

    @property
    def build_dir(self) -> Path:
        return self._path("build_dir")

    @property
    def glossary_path(self) -> Path:
        return self._path("glossary")

    def format_options(self, page: SourcePage) -> dict[str, Any]:
        """Keyword arguments for the `parse` of the page's format (`formats.parse_file`)."""
        suffix = page.path.suffix.lower()
        if suffix in (".md", ".markdown"):
            return {"front_matter_keys": [str(key) for key in self._get("front_matter_keys")]}
        if suffix == ".txt":
            setting = self._get("wrapped_text")  # globs of wrapped pages, or {glob: true/false}
            layouts = setting.items() if isinstance(setting, dict) else ((glob, True) for glob in setting)
            for glob, wrapped in layouts:
                if page.relative.match(str(glob)):
                    return {"wrapped": bool(wrapped)}
        return {}

    def template_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def catalogue_path(self, lang: str, domain: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"

    def reference(self, path: Path) -> str:
        """How a source file is named in `#:` references: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def sources(self) -> list[SourcePage]:
        """Every source page, sorted; the domain is the relative path without suffix."""
        if not self.source_dir.is_dir():
            return []
        pages: dict[str, SourcePage] = {}
        for path in sorted(self.source_dir.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in SOURCE_SUFFIXES:
                continue
            relative = path.relative_to(self.source_dir)
            domain = relative.with_suffix("").as_posix().replace("/", ".")
            if domain in pages:
                raise InputError(f"two source pages map to the domain {domain!r}: "
                                 f"{pages[domain].relative} and {relative}; rename one", path)
            pages[domain] = SourcePage(path, relative, domain)
        return list(pages.values())

    def source(self, domain: str) -> SourcePage:
        for page in self.sources():
            if page.domain == domain:
                return page
        raise InputError(f"no source page for domain {domain!r} in {self.source_dir}")

    def catalogues(self, lang: str) -> list[tuple[str, Path]]:
        """(domain, path) of the existing catalogues of `lang`, sorted by domain."""
        folder = self.locales_dir / lang / "LC_MESSAGES"
        if not folder.is_dir():
            return []
        return sorted((path.stem, path) for path in folder.glob("*.po"))


def load_project(root: str | Path | None = None) -> Project:
    """Read the project in `root` (default: the current folder)."""
    root = Path(root or ".").resolve()
    if not root.is_dir():
        raise InputError("project folder does not exist", root)
    settings: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        settings = _read_toml(pyproject).get("tool", {}).get("l10n", {})
    own = root / "l10n.toml"
    if own.is_file():
        settings = {**settings, **_read_toml(own)}
    if isinstance(settings.get("languages"), str):
        settings["languages"] = [settings["languages"]]
    return Project(root, settings)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # 8 ms to import (with datetime): only when the project has a configuration file

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise InputError(f"invalid TOML: {error}", path, line) from None
