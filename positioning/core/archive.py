"""One reader of untrusted zip archives: a workspace backup, a scoring workbook
(.xlsx), a zip of canvas files to import, a deck template (.pptx, .potx).

:func:`open_zip` takes the archive's bytes, or a binary file opened by the
caller (it does no other I/O), and checks it against the caller's
:class:`ZipLimits` before anything is inflated:

* the archive's size, and the entry count and central directory size its end
  record declares (read by :mod:`zipfile`'s own end-record reader, before the
  directory is parsed, so a directory of millions of entries is never loaded);
* every entry's name: no absolute path or drive, no backslash, no ``.``,
  ``..`` or empty segment, and none twice (or, with ``lenient_names``, such
  entries set aside for the caller to name, and a name twice read entry by entry);
* what the entries declare they unpack to: one by one, in all, and as a
  multiple of the archive's size (the ratio that makes a zip bomb).
  :mod:`zipfile` never inflates an entry past its declared size (and then
  checks its CRC), so the declared sizes are a real bound.

:meth:`SafeZip.read` reads one entry, no more than the limit it is given, and
refuses a locked (encrypted) entry, a compression :mod:`zipfile` cannot read
and damage (a bad CRC, a stream cut short); :meth:`SafeZip.verify` reads every
entry so. :func:`check_zip` does all of it at once, for callers that hand the
bytes to another library (openpyxl, python-pptx) afterwards.

Every refusal is an :class:`ArchiveRefused`: a reason code of :data:`REASONS`,
the entry it is about (if any) and its values (sizes as :class:`ByteSize`),
which each caller words in its own messages.
"""

from __future__ import annotations

import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from positioning.core.sizes import ByteSize

#: Why an archive is refused, and the values each refusal carries (besides ``entry``).
REASONS = {
    "too_large": ("size", "limit"),  # the archive itself
    "not_zip": (),
    "too_many_entries": ("count", "most"),
    "bad_name": (),  # entry: an absolute path, a drive, a backslash, a "." or ".." segment
    "duplicate_name": (),  # entry: in the archive twice
    "unpacks": ("size", "limit"),  # all the entries together
    "ratio": ("size", "limit", "archive", "ratio"),  # more than ``limit``: ``ratio`` times the ``archive``'s size
    "entry_too_large": ("size", "limit"),  # entry
    "encrypted": (),  # entry
    "unsupported": ("method",),  # entry: a compression method zipfile does not read
    "damaged": ("why",),  # entry: a bad CRC, a stream cut short, a local header that disagrees
}
#: The compression methods read.
METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
#: Bytes of a central directory's entry besides its name and extra fields.
DIRECTORY_ENTRY_BYTES = 46
#: What reading a damaged entry makes zipfile and its decompressors raise.
_DAMAGE = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, struct.error)
_DRIVE = re.compile(r"^[A-Za-z]:")
#: How much of an entry :meth:`SafeZip.verify` holds at a time.
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may hold (None: no limit of that kind)."""

    #: Most entries (folders count).
    entries: int
    #: Most bytes all entries may unpack to.
    unpacked_bytes: int
    #: Largest archive.
    archive_bytes: int | None = None
    #: Most bytes one entry may unpack to.
    entry_bytes: int | None = None
    #: Most the entries may unpack to, as a multiple of the archive's size.
    ratio: float | None = None
    #: Most bytes of central directory per entry allowed (46, the name, extra fields): a directory larger
    #: than ``entries`` times this holds more entries than its end record says.
    directory_bytes_per_entry: int = 1024
    #: False: an entry whose name is not plain (:func:`is_safe_name`) or is there twice refuses the archive.
    #: True (an import, which reads each file on its own): such entries are set aside in
    #: :attr:`SafeZip.set_aside` and a name twice is two entries, each read by its own ZipInfo.
    lenient_names: bool = False


class ArchiveRefused(ValueError):
    """An archive (or one of its entries) refused: ``reason`` (a key of :data:`REASONS`), ``entry`` and ``values``."""

    def __init__(self, reason: str, entry: str | None = None, **values: object) -> None:
        assert reason in REASONS and set(values) == set(REASONS[reason]), (reason, values)
        self.reason, self.entry, self.values = reason, entry, values
        where = f" {entry!r}" if entry is not None else ""
        super().__init__(f"{reason}{where}: {values}" if values else f"{reason}{where}")


class SafeZip:
    """An archive whose directory passed the checks: its entries, and bounded reads of them."""

    def __init__(self, archive: zipfile.ZipFile, size: int) -> None:
        self.zip = archive
        #: The archive's size in bytes.
        self.size = size
        #: The entries, in the archive's order (with ``lenient_names``: those whose name is plain).
        self.infos: list[zipfile.ZipInfo] = archive.infolist()
        #: With ``lenient_names``: the entries whose name is not plain, and so are never read.
        self.set_aside: list[zipfile.ZipInfo] = []

    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def read(self, name: str | zipfile.ZipInfo, limit: int | None = None) -> bytes:
        """The entry's bytes; ArchiveRefused when it declares more than ``limit``, is locked, uses a compression
        not read, or is damaged (zipfile checks the CRC once the whole entry is read)."""
        info = name if isinstance(name, zipfile.ZipInfo) else self.zip.getinfo(name)
        entry = info.filename
        if limit is not None and info.file_size > limit:
            raise ArchiveRefused("entry_too_large", entry, size=ByteSize(info.file_size), limit=ByteSize(limit))
        _check_readable(info)
        try:
            with self.zip.open(info) as stream:
                data = stream.read(info.file_size + 1)  # zipfile stops at the declared size anyway
        except (*_DAMAGE, RuntimeError, NotImplementedError) as error:
            raise ArchiveRefused("damaged", entry, why=str(error) or type(error).__name__) from None
        if len(data) != info.file_size:
            raise ArchiveRefused("damaged", entry, why=f"{len(data)} bytes, not the {info.file_size} declared")
        return data

    def verify(self) -> None:
        """Read every entry (one at a time, a chunk at a time: an entry is never held whole in memory):
        ArchiveRefused for the first that cannot be read whole."""
        for info in self.infos:
            if not info.is_dir():
                self._stream(info)

    def _stream(self, info: zipfile.ZipInfo) -> None:
        entry = info.filename
        _check_readable(info)
        read = 0
        try:
            with self.zip.open(info) as stream:  # zipfile checks the CRC when the last chunk is read
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
        except (*_DAMAGE, RuntimeError, NotImplementedError) as error:
            raise ArchiveRefused("damaged", entry, why=str(error) or type(error).__name__) from None
        if read != info.file_size:
            raise ArchiveRefused("damaged", entry, why=f"{read} bytes, not the {info.file_size} declared")


def _check_readable(info: zipfile.ZipInfo) -> None:
    """An entry not locked, in a compression zipfile reads."""
    if info.flag_bits & 0x1:
        raise ArchiveRefused("encrypted", info.filename)
    if info.compress_type not in METHODS:
        raise ArchiveRefused("unsupported", info.filename, method=info.compress_type)


@contextmanager
def open_zip(source: bytes | BinaryIO, limits: ZipLimits) -> Iterator[SafeZip]:
    """The archive ``source`` (its bytes, or a seekable binary file) once its directory passes the checks
    of ``limits``; ArchiveRefused says why not. A file stays the caller's to close."""
    handle: BinaryIO = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    size = handle.seek(0, io.SEEK_END)
    if limits.archive_bytes is not None and size > limits.archive_bytes:
        raise ArchiveRefused("too_large", size=ByteSize(size), limit=ByteSize(limits.archive_bytes))
    _check_end_record(handle, limits)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, *_DAMAGE):  # UnicodeDecodeError is a ValueError
        raise ArchiveRefused("not_zip") from None
    with archive:
        checked = SafeZip(archive, size)
        _check_entries(checked, limits)
        yield checked


def check_zip(source: bytes | BinaryIO, limits: ZipLimits) -> None:
    """Everything :func:`open_zip` checks, and every entry read whole (its CRC, its compression, no lock)."""
    with open_zip(source, limits) as archive:
        archive.verify()


def _check_end_record(handle: BinaryIO, limits: ZipLimits) -> None:
    """The entry count and directory size the end record declares (zip64 too), before zipfile parses the
    directory: a count over the limit, or a directory too large for the entries allowed, is refused."""
    try:
        record = zipfile._EndRecData(handle)  # type: ignore[attr-defined]  # zipfile's own reader of it
    except (zipfile.BadZipFile, *_DAMAGE):
        record = None
    if record is None:
        raise ArchiveRefused("not_zip")
    entries, directory_bytes = record[4], record[5]  # zipfile's _ECD_ENTRIES_TOTAL, _ECD_SIZE
    if entries > limits.entries or directory_bytes > limits.entries * limits.directory_bytes_per_entry:
        # a count not above the limit while the directory is: each entry takes at least 46 bytes of it
        count = entries if entries > limits.entries else directory_bytes // DIRECTORY_ENTRY_BYTES
        raise ArchiveRefused("too_many_entries", count=count, most=limits.entries)


def _check_entries(archive: SafeZip, limits: ZipLimits) -> None:
    infos = archive.infos
    if len(infos) > limits.entries:
        raise ArchiveRefused("too_many_entries", count=len(infos), most=limits.entries)
    seen: set[str] = set()
    for info in infos:
        if not is_safe_name(info.filename) and limits.lenient_names:
            archive.set_aside.append(info)
        elif not is_safe_name(info.filename):
            raise ArchiveRefused("bad_name", info.filename)
        elif info.filename in seen and not limits.lenient_names:
            raise ArchiveRefused("duplicate_name", info.filename)
        seen.add(info.filename)
        if limits.entry_bytes is not None and info.file_size > limits.entry_bytes:
            size, limit = ByteSize(info.file_size), ByteSize(limits.entry_bytes)
            raise ArchiveRefused("entry_too_large", info.filename, size=size, limit=limit)
    unpacked = sum(info.file_size for info in infos)  # those set aside too: they are in the file
    if unpacked > limits.unpacked_bytes:
        raise ArchiveRefused("unpacks", size=ByteSize(unpacked), limit=ByteSize(limits.unpacked_bytes))
    if limits.ratio is not None and unpacked > limits.ratio * archive.size:
        most = ByteSize(int(limits.ratio * archive.size))
        raise ArchiveRefused(
            "ratio", size=ByteSize(unpacked), limit=most, archive=ByteSize(archive.size), ratio=limits.ratio
        )
    aside = {id(info) for info in archive.set_aside}
    archive.infos = [info for info in infos if id(info) not in aside]


def is_safe_name(name: str) -> bool:
    """A relative path of plain segments (a folder's entry ends with "/").

    >>> [is_safe_name(n) for n in ("a/b.yaml", "a/", "/etc/passwd", "../x", "a/./b", "a\\\\b", "C:x", "a//b", "")]
    [True, True, False, False, False, False, False, False, False]
    """
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return False
    parts = name.removesuffix("/").split("/")
    return all(part not in ("", ".", "..") for part in parts)
