"""French for click's own messages (usage, errors, help), as a gettext catalogue.

click marks its messages for gettext in the default domain. The French
translation lives in ``locale/fr/LC_MESSAGES/messages.po`` beside this
module, a standard gettext file that translators edit with their usual
tools. Babel compiles it to ``messages.mo`` when the package is built
(``hatch_build.py``); in a source checkout the CLI compiles it at first use
(Babel is a development dependency) when the compiled file is missing or
older than the ``.po``. Only the CLI process binds the domain: an app that
embeds the library is not affected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
PO_FILE: Final = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po"
MO_FILE: Final = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.mo"


def compile_catalogue(po_file: Path = PO_FILE) -> bytes:
    """Compile the ``.po`` catalogue to GNU ``.mo`` bytes with Babel."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as source:
        catalogue = read_po(source, locale="fr", domain="messages")
    output = io.BytesIO()
    write_mo(output, catalogue, use_fuzzy=False)
    return output.getvalue()


def _ensure_compiled() -> None:
    """In a source checkout, compile the catalogue when the ``.mo`` is missing or stale."""
    try:
        stale = not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime
    except OSError:
        return
    if not stale:
        return
    try:
        data = compile_catalogue()
    except ImportError:  # an installed wheel always carries its .mo; nothing to do here
        return
    from conseils_citoyens.documents.jsonio import write_atomic

    try:
        write_atomic(MO_FILE, data)
    except Exception:
        return


def use_language(language: str) -> None:
    """Make click speak ``language`` in this process (French catalogue, or click's English)."""
    import gettext
    import os

    if language == "fr":
        _ensure_compiled()
    gettext.bindtextdomain("messages", str(LOCALE_DIR))
    os.environ["LANGUAGE"] = "fr" if language == "fr" else "en"
