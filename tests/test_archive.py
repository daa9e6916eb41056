"""The one reader of untrusted zip archives (positioning/core/archive.py) and the one size formatter."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from positioning.core.archive import ArchiveRefused, ZipLimits, check_zip, open_zip
from positioning.core.sizes import ByteSize
from positioning.i18n.catalogue import format_size
from positioning.i18n.wording import t

ROOMY = ZipLimits(entries=100, unpacked_bytes=100 * 1024**2, ratio=100)


def _zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refused(data: bytes, limits: ZipLimits = ROOMY) -> ArchiveRefused:
    with pytest.raises(ArchiveRefused) as caught:
        check_zip(data, limits)
    return caught.value


def test_a_plain_zip_is_read_entry_by_entry():
    data = _zip({"a/b.yaml": b"title: x\n", "a/": b"", "c.txt": b"hello" * 100})
    check_zip(data, ROOMY)
    with open_zip(io.BytesIO(data), ROOMY) as archive:
        assert archive.names() == ["a/b.yaml", "a/", "c.txt"] and archive.size == len(data)
        assert archive.read("c.txt") == b"hello" * 100
        with pytest.raises(ArchiveRefused) as caught:
            archive.read("c.txt", limit=10)
    assert (caught.value.reason, caught.value.entry, caught.value.values) == (
        "entry_too_large",
        "c.txt",
        {"size": 500, "limit": 10},
    )


def test_a_zip_bomb_is_refused_by_its_ratio():
    bomb = _zip({"zeros.bin": bytes(20 * 1024 * 1024)})  # 20 MB of zeros, ~20 KB zipped
    refused = _refused(bomb)
    assert refused.reason == "ratio" and refused.values["size"] == 20 * 1024 * 1024
    assert refused.values["archive"] == len(bomb) and refused.values["ratio"] == 100
    assert refused.values["limit"] == 100 * len(bomb)
    assert isinstance(refused.values["size"], ByteSize)


def test_too_many_entries_are_refused_before_the_directory_is_parsed():
    many = _zip({f"{n}.txt": b"" for n in range(20)})
    refused = _refused(many, ZipLimits(entries=10, unpacked_bytes=1024))
    assert (refused.reason, refused.values) == ("too_many_entries", {"count": 20, "most": 10})
    # an end record that understates the count: the directory's size gives it away
    lying = bytearray(many)
    end = lying.rfind(b"PK\x05\x06")
    lying[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2
    refused = _refused(bytes(lying), ZipLimits(entries=10, unpacked_bytes=1024, directory_bytes_per_entry=50))
    assert refused.reason == "too_many_entries" and refused.values["count"] > 10


def test_an_archive_too_large_to_unpack_is_refused_while_the_zip_is_small():
    small = _zip({"a.bin": bytes(3 * 1024 * 1024), "b.bin": bytes(3 * 1024 * 1024)})
    assert len(small) < 20_000
    refused = _refused(small, ZipLimits(entries=10, unpacked_bytes=5 * 1024 * 1024))
    assert (refused.reason, refused.values) == ("unpacks", {"size": 6 * 1024 * 1024, "limit": 5 * 1024 * 1024})
    refused = _refused(small, ZipLimits(entries=10, unpacked_bytes=10**9, entry_bytes=1024**2))
    assert (refused.reason, refused.entry) == ("entry_too_large", "a.bin")
    refused = _refused(small, ZipLimits(entries=10, unpacked_bytes=10**9, archive_bytes=1000))
    assert (refused.reason, refused.values) == ("too_large", {"size": len(small), "limit": 1000})


def test_an_encrypted_member_is_refused():
    data = bytearray(_zip({"plain.txt": b"x", "locked.txt": b"secret"}, zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        locked = archive.getinfo("locked.txt")
    data[locked.header_offset + 6] |= 0x1  # the "encrypted" flag, in the local header and the directory
    directory = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 1)
    data[directory + 8] |= 0x1
    refused = _refused(bytes(data))
    assert (refused.reason, refused.entry) == ("encrypted", "locked.txt")
    with open_zip(bytes(data), ROOMY) as archive:  # the directory is fine: the other member reads
        assert archive.read("plain.txt") == b"x"


def test_a_member_with_a_bad_crc_is_refused():
    data = bytearray(_zip({"a.txt": b"hello world"}, zipfile.ZIP_STORED))
    data[data.find(b"hello")] = ord("j")
    refused = _refused(bytes(data))
    assert (refused.reason, refused.entry) == ("damaged", "a.txt") and "CRC" in refused.values["why"]


@pytest.mark.parametrize(
    "name", ["../evil.yaml", "a/../../evil.yaml", "./a.yaml", "/etc/passwd", "a\\b.yaml", "C:/x.yaml", "a//b"]
)
def test_a_name_that_is_not_a_plain_relative_path_is_refused(name):
    refused = _refused(_zip({"good.yaml": b"", name: b""}))
    assert (refused.reason, refused.entry) == ("bad_name", name)


def test_a_name_given_twice_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("a.yaml", b"1")
        archive.writestr("a.yaml", b"2")
    refused = _refused(buffer.getvalue())
    assert (refused.reason, refused.entry) == ("duplicate_name", "a.yaml")


def test_with_lenient_names_odd_names_are_set_aside_and_a_name_twice_is_two_entries():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for name, data in (("a.yaml", b"1"), ("../up.yaml", b"x"), ("a.yaml", b"2"), ("b/./c.yaml", b"y")):
            archive.writestr(name, data)
    with open_zip(buffer.getvalue(), dataclasses.replace(ROOMY, lenient_names=True)) as archive:
        assert [info.filename for info in archive.set_aside] == ["../up.yaml", "b/./c.yaml"]
        assert [archive.read(info) for info in archive.infos] == [b"1", b"2"]  # each from its own entry
        assert archive.read("a.yaml") == b"2"  # by name: zipfile's last one


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x05\x06" + bytes(10), bytes(100)])
def test_what_is_not_a_zip_is_refused(data):
    assert _refused(data).reason == "not_zip"


def test_sizes_read_the_same_everywhere_and_round_up():
    assert [format_size(n) for n in (0, 1023, 1024, 1025, 2 * 1024**2, 2 * 1024**2 + 1, 10.5 * 1024**2)] == [
        "0 bytes",
        "1,023 bytes",
        "1 KB",
        "2 KB",
        "2 MB",
        "2.1 MB",
        "10.5 MB",
    ]
    assert format_size(4 * 1024**3) == "4 GB" and format_size(1024**3 - 1) == "1 GB"
    assert format_size(100, "zh") == "100 字节" and format_size(3 * 1024**2, "zh") == "3 MB"
    # a ByteSize given to the wording is shown as a size, in the wording's language
    assert t("en", "import_unpacks", name="a.zip", size=ByteSize(120 * 1024**2), limit=ByteSize(100 * 1024**2)) == (
        "a.zip unpacks to 120 MB; at most 100 MB in all"
    )


def test_a_stored_job_reason_shows_its_sizes_in_each_language():
    from positioning.jobs.tasks import reason_text
    from positioning.store.jobs import reason

    stored = reason("job_too_big", size=ByteSize(101 * 1024**2 + 1), limit=ByteSize(100 * 1024**2))
    assert reason_text(stored, "en").startswith("The file would be 101.1 MB; the limit is 100 MB.")
    assert reason_text(stored, "zh").startswith("文件将有 101.1 MB，上限为 100 MB。")
