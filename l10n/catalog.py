"""Reading and writing PO catalogues and templates, safely.

The PO syntax itself is `pofile` (gettext's reading and msgcat's writing, on
polib's object model). A catalogue edited by hand into an invalid state (a
missing closing quote, a duplicate message) is reported with its file and line
instead of losing a translation on the next save.

Writes go through `atomic_write`; read-modify-write cycles through `editing()`,
which holds the catalogue's lock and re-reads the file inside it, so the CLI,
the web UI and a second terminal never overwrite each other's work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import polib

from . import pofile
from .fileio import atomic_write, locked
from .pofile import WRAP_WIDTH
from .potext import charset_of, decode_catalogue, read_bytes, read_checked_text

__all__ = ["read_checked_text", "decode_catalogue"]  # re-exported: reading text is `potext`'s

SOURCE_HEADER = "X-L10n-Source"  # the source page a template was extracted from
SOURCE_DIGEST_HEADER = "X-L10n-Source-SHA256"  # its content, to tell when a catalogue is out of date

def read_catalogue(path: Path) -> polib.POFile:
    """Parse a PO/POT file; any syntax error is an InputError naming the file and line.

    The entries are plain `polib.POEntry` objects read by `pofile.parse`, which keeps
    every escape and comment gettext knows; the POFile remembers the text, so that it
    is written back byte for byte while nothing changed.
    """
    path = Path(path)
    return parse_catalogue(read_bytes(path), path)


def parse_catalogue(raw: bytes, path: Path) -> polib.POFile:
    """`read_catalogue` for the bytes of the file at `path` (already read)."""
    po = pofile.parse(decode_catalogue(raw, path), path=path, encoding=charset_of(raw), wrapwidth=WRAP_WIDTH)
    po.fpath = str(path)
    return po


def catalogue_text(po: polib.POFile) -> str:
    """The PO text as `msgcat --width=79` writes it; a catalogue not changed since it was read is
    given back exactly as it was read."""
    return pofile.dumps(po, width=WRAP_WIDTH)


def catalogue_bytes(po: polib.POFile) -> bytes:
    """The file content in the catalogue's own charset (UTF-8 when that cannot hold the text)."""
    encoding = po.encoding if po.encoding and po.encoding.upper() != "CHARSET" else "utf-8"
    try:
        return catalogue_text(po).encode(encoding)
    except UnicodeEncodeError:  # a translation the declared charset cannot hold: move to UTF-8
        set_header(po, "Content-Type", "text/plain; charset=UTF-8")
        po.encoding = "utf-8"
        return catalogue_text(po).encode("utf-8")


def write_catalogue(po: polib.POFile, path: Path) -> None:
    """Write atomically. Callers editing a live file use `editing()`."""
    atomic_write(Path(path), catalogue_bytes(po))


def write_if_changed(po: polib.POFile, path: Path) -> bool:
    """Write unless the file already holds exactly this content; True when written."""
    data = catalogue_bytes(po)
    try:
        if Path(path).read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(Path(path), data)
    return True


def header_field(path: Path, name: str) -> str | None:
    """One header field, read from the start of a PO file without parsing the whole file.

    The header is read as gettext reads it: msgcat wraps a long field over several lines.
    """
    with open(path, "rb") as handle:
        head = handle.read(65536)
    fields = pofile.header_fields(head.decode(charset_of(head), "replace"))
    return fields.get(name) if fields is not None else read_catalogue(path).metadata.get(name)


@contextlib.contextmanager
def editing(path: Path) -> Iterator[polib.POFile]:
    """Lock the catalogue, read its current content, and write it back when the block ends.

    Nothing is written if the block raises.
    """
    path = Path(path)
    with locked(path):
        po = read_catalogue(path)
        yield po
        write_catalogue(po, path)


def compile_mo(po: polib.POFile) -> bytes:
    """The binary .mo data: translated, non-fuzzy entries only, as msgfmt writes them."""
    return po.to_binary()


# -- entries -----------------------------------------------------------------------------------

def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    """What identifies an entry in gettext: (msgctxt, msgid)."""
    return (entry.msgctxt, entry.msgid)


def entry_id(entry: polib.POEntry) -> str:
    """A short stable id for URLs and the API, derived from the entry's key."""
    import hashlib  # (3 ms to import: most commands never need it)

    key = f"{entry.msgctxt or ''}\x04{entry.msgid}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def entry_version(entry: polib.POEntry) -> str:
    """Changes whenever what a translator can edit changes: for optimistic concurrency."""
    plural = "\x00".join(f"{k}={v}" for k, v in sorted(entry.msgstr_plural.items(), key=lambda kv: int(kv[0])))
    data = "\x01".join([entry.msgstr, plural, ",".join(entry.flags), entry.tcomment or ""])
    import hashlib

    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    """Entries that count: not the header, not obsolete."""
    return [entry for entry in po if not entry.obsolete and entry.msgid != ""]


# -- headers -----------------------------------------------------------------------------------

def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")


def set_header(po: polib.POFile, name: str, value: str) -> None:
    po.metadata[name] = value


def new_file(headers: dict[str, str], *, template: bool) -> polib.POFile:
    """An empty PO or POT file with the standard header fields first."""
    po = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    po.header = "" if not template else "Template for translators. Edit the catalogues, not this file."
    po.metadata = {
        "Project-Id-Version": "",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now_stamp(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if template else now_stamp(),
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>" if template else "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **headers,
    }
    return po
