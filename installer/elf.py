"""Drop the build machine's folders from the run paths (DT_RPATH/DT_RUNPATH) of the bundle's ELF files.

A Python built by pyenv links its ``libpython`` and ``lib-dynload`` modules with
``RPATH=<prefix>/lib``; PyInstaller copies them as they are, so the frozen app's
loader would first look for libm, libc ... in the build machine's Python folder.
The run path is a string in the ``.dynstr`` table; it is overwritten in place
with the remaining entries (or an empty string), padded with NUL bytes, so the
file keeps its layout. Standard library only (64-bit little-endian ELF).
"""

from __future__ import annotations

import struct
from pathlib import Path

DT_NEEDED, DT_RPATH, DT_RUNPATH, SHT_DYNAMIC = 1, 15, 29, 6


def run_paths(path: Path) -> list[str]:
    """The file's run paths, as written (empty if none, or not a 64-bit little-endian ELF)."""
    return [value for _, value in _entries(Path(path).read_bytes())]


def needed(path: Path) -> list[str]:
    """The libraries the file names as DT_NEEDED (``libQt6Core.so.6`` ...; empty if not an ELF)."""
    return [value for _, value in _entries(Path(path).read_bytes(), (DT_NEEDED,))]


def _entries(data: bytes, tags: tuple[int, ...] = (DT_RPATH, DT_RUNPATH)):
    """(file offset of the string, the string) for each dynamic entry with one of ``tags``."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _, sh_type, _, _, offset, size, link, _, _, entsize in sections:
        if sh_type != SHT_DYNAMIC or not entsize:
            continue
        strtab_offset = sections[link][4]
        for position in range(offset, offset + size, entsize):
            tag, value = struct.unpack_from("<qQ", data, position)
            if tag == 0:
                break
            if tag in tags:
                start = strtab_offset + value
                end = data.index(b"\0", start)
                yield start, data[start:end].decode("utf-8", "replace")


def drop_run_paths(path: Path, prefixes: list[str]) -> bool:
    """Remove every run-path entry under one of ``prefixes``; True if the file changed."""
    path = Path(path)
    data = bytearray(path.read_bytes())
    changed = False
    for start, value in list(_entries(bytes(data))):
        keep = [entry for entry in value.split(":")
                if entry and not any(entry == p or entry.startswith(p.rstrip("/") + "/") for p in prefixes)]
        new = ":".join(keep).encode("utf-8")
        if new != value.encode("utf-8"):
            old_length = len(value.encode("utf-8"))
            data[start:start + old_length] = new + b"\0" * (old_length - len(new))
            changed = True
    if changed:
        path.write_bytes(bytes(data))
    return changed
