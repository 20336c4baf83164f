"""Opening an input file: whatever kind of path it is, and whatever the file turns out to be.

- A path that is a pipe (`<(nkf -s list.csv)`, `/dev/stdin`) can be read once only: sniffing its
  first bytes would take them away from the reader. Such input is read into memory once, up to a
  limit, and every reader gets the same bytes.
- A file that is not what a command reads (a PDF, a Word document, a workbook where JSON belongs)
  is named for what it is, so that the message says what to give instead.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gapcheck.errors import InputError
from gapcheck.messages import N_, _

PIPE_LIMIT_HINT = N_("save it to a file first (e.g. nkf -s list.csv > list-sjis.csv) and give that file")


@dataclass(frozen=True)
class Input:
    """A file to read: its path (for messages), and its bytes when it could be read only once."""

    path: Path
    data: bytes | None = None

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def head(self, size: int) -> bytes:
        if self.data is not None:
            return self.data[:size]
        with self.path.open("rb") as stream:
            return stream.read(size)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    @property
    def source(self) -> str | BinaryIO:
        """What a library that takes a path or a file object gets. A native library cannot open a
        path whose name is not UTF-8 (Shift_JIS bytes from a zip made on Windows): it gets the bytes."""
        if self.data is not None:
            return io.BytesIO(self.data)
        name = str(self.path)
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return io.BytesIO(self.path.read_bytes())
        return name


def open_input(path: str | Path, limit: int) -> Input:
    """The input at `path`; InputError when it is missing, a folder, unreadable, or a pipe holding
    more than `limit` bytes."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(path, _("the file does not exist"), _("check the path (a typo?)")) from None
    except NotADirectoryError:
        raise InputError(path, _("the file does not exist (a part of the path is a file, not a folder)")) from None
    except PermissionError:
        raise InputError(path, _("permission denied: gapcheck may not open this path"), _("ask for read access")) from None
    if stat.S_ISDIR(mode):
        raise InputError(path, _("this is a folder, not a file"), _("give the file inside it"))
    try:
        if stat.S_ISREG(mode):
            with path.open("rb"):  # fails now, with a message, rather than in a reader
                return Input(path)
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except PermissionError:
        raise InputError(path, _("permission denied: gapcheck may not read this file"), _("ask for read access")) from None
    except OSError as error:
        raise InputError(path, _("the file cannot be read ({reason})", reason=error.strerror or error)) from None
    if len(data) > limit:
        raise InputError(
            path,
            _("refused: this input is not a regular file (a pipe?) and holds more than {size}, "
              "which gapcheck would have to keep in memory", size=_size(limit)),
            _(PIPE_LIMIT_HINT),
        )
    return Input(path, data)


def locate(recorded: str | Path) -> Path:
    """The file a path recorded by gapcheck names. Reports record file names readably (see
    `text.readable`): where a name was not UTF-8, the file on disk has the recorded text in
    Shift_JIS or EUC-JP, so each missing part of the path is looked for in those encodings too."""
    path = Path(recorded)
    if path.exists() or str(path).isascii():
        return path
    found = Path(path.anchor)
    for part in path.parts[1 if path.anchor else 0 :]:
        candidates = [part]
        for encoding in ("cp932", "euc_jp"):
            try:
                candidates.append(os.fsdecode(part.encode(encoding)))
            except UnicodeEncodeError:
                pass
        found = next((found / c for c in candidates if (found / c).exists()), None)
        if found is None:
            return path
    return found


def _size(count: int) -> str:
    return f"{count >> 20} MB" if count >= 1 << 20 else _("{count:,} bytes", count=count)


# --- what a file is ---------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0"
# What a file is, as message ids (translated where a message names it).
# An OLE2 file (old Office formats, encrypted new ones) says what it holds in its directory: the
# names of its streams, in UTF-16.
_OLE_STREAMS = (
    ("EncryptedPackage", N_("a password-protected (encrypted) Office file")),
    ("WordDocument", N_("a Word document (.doc)")),
    ("PowerPoint Document", N_("a PowerPoint presentation (.ppt)")),
    ("Workbook", N_("an Excel 97-2003 workbook (.xls)")),
    ("Book", N_("an Excel 5.0 workbook (.xls)")),
)
_ZIPPED = (
    ("word/", N_("a Word document (.docx)")),
    ("ppt/", N_("a PowerPoint presentation (.pptx)")),
    ("xl/", N_("an Excel workbook (.xlsx)")),
)
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": N_("an OpenDocument spreadsheet (.ods)"),
    b"application/vnd.oasis.opendocument.text": N_("an OpenDocument text document (.odt)"),
    b"application/vnd.oasis.opendocument.presentation": N_("an OpenDocument presentation (.odp)"),
}
_MAGIC = (
    (b"%PDF-", N_("a PDF document")),
    (b"\x89PNG", N_("an image (PNG)")),
    (b"\xff\xd8\xff", N_("an image (JPEG)")),
    (b"GIF8", N_("an image (GIF)")),
    (b"{\\rtf", N_("a rich-text document (.rtf)")),
)
OLE_UNKNOWN = N_("an OLE2 compound file (an old Office format)")  # its directory lies beyond the first megabyte
SPREADSHEETS = frozenset(
    {"an Excel 97-2003 workbook (.xls)", "an Excel 5.0 workbook (.xls)", "an Excel workbook (.xlsx)",
     "an OpenDocument spreadsheet (.ods)"}
)


def ole_holds(source: Input, stream: str) -> bool:
    """Whether an OLE2 file names `stream` in its directory (read from its first megabyte)."""
    return stream.encode("utf-16-le") in source.head(1 << 20)


def identify(source: Input) -> str | None:
    """What a binary file is ("a PDF document", "an Excel workbook (.xlsx)" …: a message id, for
    `_()`), from its bytes; None for text and for what is not recognised."""
    head = source.head(8)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(_OLE):
        return next((what for name, what in _OLE_STREAMS if ole_holds(source, name)), OLE_UNKNOWN)
    if head.startswith(b"PK\x03\x04"):
        return _zipped(source)
    return None


def _zipped(source: Input) -> str:
    try:
        with source.open() as stream, zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = archive.read("mimetype").strip()
                return _ODF.get(kind, N_("an OpenDocument file"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return N_("a damaged zip archive (perhaps a truncated .xlsx or .docx)")
    for prefix, what in _ZIPPED:
        if any(name.startswith(prefix) for name in names):
            return what
    return N_("a zip archive")
