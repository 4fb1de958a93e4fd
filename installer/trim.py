"""Trim the frozen bundle: the libraries only left-out files needed, and identical copies.

Two steps of ``prescreen.spec``, kept here (standard library only) so that the
suite can test them without PyInstaller:

* :func:`orphaned`: when the spec leaves out a Qt plugin (the virtual
  keyboard, the VNC platform ...), PyInstaller has already collected the
  libraries that plugin links (``libQt6Quick``, ``libQt6Qml`` ...). A library
  that no kept file needs any more is left out too. Only libraries some file
  names as ``DT_NEEDED`` can go: one that nothing links is loaded by name
  (ctypes, Qt's plugin loader, llama.cpp's CPU variants) and stays.
* :func:`link_duplicates`: wheels that vendor the same library (numpy's and
  scipy's ``libgfortran``, llama-cpp-python's ``libggml-base.so`` and
  ``.so.0``) leave identical files in the folder; all but one become relative
  symbolic links to it.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

#: Identical files smaller than this are left as they are (not worth a link).
LINK_MIN_BYTES = 64 * 1024


def orphaned(binaries: dict[str, str], dropped: Iterable[str], needed: Callable[[str], list[str]]) -> set[str]:
    """The bundled libraries that only left-out files (or other such libraries) link.

    Args:
        binaries: every collected binary, place in the bundle -> source file.
        dropped: the places left out on purpose (they are not in the result).
        needed: the ``DT_NEEDED`` names of a source file.

    Returns:
        The places of the libraries to leave out as well. A name is matched on the
        file name, in any folder (the loader's search path decides which copy; each
        copy of a name still needed stays).
    """
    dropped = set(dropped)
    links = {dest: set(needed(src)) for dest, src in binaries.items()}
    by_name: dict[str, list[str]] = defaultdict(list)
    for dest in binaries:
        by_name[os.path.basename(dest)].append(dest)
    linked = {place for names in links.values() for name in names for place in by_name.get(name, [])}
    roots = [dest for dest in binaries if dest not in dropped and dest not in linked]
    reached = set(roots)
    stack = list(roots)
    while stack:
        for name in links[stack.pop()]:
            for place in by_name.get(name, []):
                if place not in reached and place not in dropped:
                    reached.add(place)
                    stack.append(place)
    return {dest for dest in binaries if dest not in dropped and dest not in reached}


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def link_duplicates(folder: Path, min_bytes: int = LINK_MIN_BYTES) -> list[tuple[Path, Path]]:
    """Replace every copy of an identical file by a relative symbolic link to the first (by path).

    Returns:
        ``(link, target)`` for each file replaced.
    """
    by_size: dict[int, list[Path]] = defaultdict(list)
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size >= min_bytes:
            by_size[path.stat().st_size].append(path)
    linked = []
    for paths in by_size.values():
        if len(paths) < 2:
            continue
        first: dict[str, Path] = {}
        for path in paths:
            target = first.setdefault(_digest(path), path)
            if target != path:
                path.unlink()
                path.symlink_to(os.path.relpath(target, path.parent))
                linked.append((path, target))
    return linked
