"""Installed entry points of one group, without importing importlib.metadata for nothing.

Every command looks up the plugins installed for it, and importing
:mod:`importlib.metadata` (it pulls in ``email``, ``csv``, ``zipfile``...) is a
tenth of a short command such as ``council check``. Nearly every installation
has no plugin, so :func:`entry_points` first reads the file system the way
importlib.metadata's path finder does, and only asks importlib.metadata about
the distributions whose ``entry_points.txt`` names the group (the usual case:
none, and it is never imported). importlib.metadata then parses those files
and loads their entry points exactly as it always does.

The quick look covers what importlib.metadata's path finder does for the
directories of :data:`sys.path`: ``*.dist-info`` and ``*.egg-info``
directories, names matched without regard to case, the first distribution of a
name on the path hiding the later ones. Whatever it does not reproduce exactly
makes it step aside, and importlib.metadata searches everything itself: a
distribution finder on :data:`sys.meta_path` other than Python's own, an entry
of :data:`sys.path` that is a file (a zip archive) or an ``.egg``, or a
metadata directory whose name does not give the distribution's name
(``Foo-1.0.DIST-INFO``, ``-1.0.dist-info``). ``tests/test_discovery.py``
compares both on the test environment and on generated ones.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

_SUFFIXES = (".dist-info", ".egg-info")


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` that ``importlib.metadata.entry_points(group=group)`` gives.

    In the order importlib.metadata gives them (distributions in the order of
    :data:`sys.path`). An ``entry_points.txt`` naming the group that cannot be
    read (not UTF-8, a line without ``=``) raises :class:`ValueError` naming
    the file; one that does not name the group is not read, where
    importlib.metadata would fail on it.
    """
    candidates = _candidates(group)
    if candidates is None:  # something the quick look does not reproduce exactly
        from importlib import metadata

        return list(metadata.entry_points(group=group))
    if not candidates:
        return []
    from importlib import metadata

    found: list[EntryPoint] = []
    for path in candidates:
        try:
            found.extend(metadata.PathDistribution(path).entry_points.select(group=group))
        except (ValueError, TypeError) as exc:  # not UTF-8, a line without "=": name the file
            raise ValueError(f"{path / 'entry_points.txt'} : {exc}") from exc
    return found


def _candidates(group: str) -> list[Path] | None:
    """The metadata directories that may hold ``group``, or None when unsure how to look."""
    if any(
        finder is not PathFinder and getattr(finder, "find_distributions", None) is not None
        for finder in sys.meta_path
    ):
        return None
    seen: set[str] = set()
    found: list[Path] = []
    for entry in sys.path:
        if not isinstance(entry, str):
            return None
        root = entry or "."
        try:
            children = os.listdir(root)
        except FileNotFoundError:
            continue
        except OSError:
            if os.path.isfile(root):
                return None  # a zip archive: importlib.metadata reads inside it
            continue  # unreadable: importlib.metadata finds nothing there either
        if os.path.basename(entry).lower().endswith(".egg"):
            return None
        for child in children:
            if not child.lower().endswith(_SUFFIXES):
                continue
            stem, suffix = os.path.splitext(child)
            if suffix not in _SUFFIXES:
                return None  # importlib.metadata would name it from its METADATA file
            # The name importlib.metadata tells distributions apart by (its _normalized_name).
            name = re.sub(r"[-_.]+", "_", stem.partition("-")[0]).lower()
            if not name:
                return None  # importlib.metadata would name it from its METADATA file
            if name in seen:
                continue  # hidden by a distribution of the same name earlier on the path
            seen.add(name)
            if _names_group(os.path.join(root, child, "entry_points.txt"), group):
                found.append(Path(entry, child))
    return found


def _names_group(path: str, group: str) -> bool:
    """True when the file has a section ``[group]``, read as importlib.metadata reads it."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:  # no such file, or a *.egg-info file rather than a directory
        return False
    if group.encode() not in data:
        return False
    # importlib.metadata's Sectioned.read: stripped lines, "[name]" opens a section.
    text = data.decode("utf-8", errors="surrogateescape")
    return any(
        line.startswith("[") and line.endswith("]") and line.strip("[]") == group
        for line in map(str.strip, text.splitlines())
    )
