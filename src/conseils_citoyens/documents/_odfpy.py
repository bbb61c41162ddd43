"""odfpy, made safe for a host application: no ``sys.path`` change, no print to stdout.

Two habits of odfpy 1.4 would leak into the application that embeds us:

- each of its modules appends its own folder to ``sys.path`` when first
  imported (seven times); :func:`ensure_odfpy` imports them all once, under a
  lock, and removes what they appended (an entry the host had already stays);
- its loader *prints* the whole XML part to stdout when the SAX parser fails,
  and an error line when it cannot build an element. ``contextlib.redirect_stdout``
  is process-wide: other threads' output was captured (and counted as a
  failure) while a document loaded. Instead, odfpy's own ``print`` (the name
  in its two loading modules) is replaced by a function that raises in a
  thread that is loading through :func:`load_quietly` and prints as before
  in any other thread: ``sys.stdout`` is never touched.

Every use of odfpy in the package calls :func:`ensure_odfpy` first.
"""

from __future__ import annotations

import builtins
import importlib
import os
import sys
import threading
from typing import IO, Any, Final

#: Every odfpy module the package uses, and those that append to ``sys.path``.
_MODULES: Final = (
    "odf.namespaces",
    "odf.element",
    "odf.attrconverters",
    "odf.grammar",
    "odf.manifest",
    "odf.meta",
    "odf.dc",
    "odf.office",
    "odf.style",
    "odf.text",
    "odf.table",
    "odf.draw",
    "odf.dr3d",
    "odf.form",
    "odf.number",
    "odf.config",
    "odf.teletype",
    "odf.easyliststyle",
    "odf.opendocument",
    "odf.load",
)
#: The modules whose ``print`` reaches stdout while a document loads.
_PRINTING: Final = ("odf.opendocument", "odf.load")

_lock = threading.Lock()
_ready = False
_loading = threading.local()


class OdfpyPrinted(Exception):
    """odfpy tried to print while loading (an XML part it could not parse, an element it refused)."""


def _print(*args: Any, **kwargs: Any) -> None:
    if getattr(_loading, "active", False):
        # Never carry what odfpy wanted to print: it is the document's XML (answers).
        raise OdfpyPrinted("odfpy printed while loading")
    builtins.print(*args, **kwargs)


def ensure_odfpy() -> None:
    """Import odfpy once, leaving ``sys.path`` as the host had it; thread-safe."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import odf

        folder = os.path.dirname(odf.__file__)
        had = sys.path.count(folder)
        try:
            for name in _MODULES:
                importlib.import_module(name)
        finally:
            while sys.path.count(folder) > had:
                # Remove the last occurrence: odfpy appended it, the host's stay.
                del sys.path[len(sys.path) - 1 - sys.path[::-1].index(folder)]
        for name in _PRINTING:
            sys.modules[name].print = _print  # type: ignore[attr-defined]
        _ready = True


def load_quietly(stream: IO[bytes]) -> Any:
    """``odf.opendocument.load(stream)``; raise :class:`OdfpyPrinted` instead of printing."""
    ensure_odfpy()
    from odf.opendocument import load

    _loading.active = True
    try:
        return load(stream)
    finally:
        _loading.active = False
