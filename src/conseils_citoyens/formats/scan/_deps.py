"""The optional ``scan`` extra and LibreOffice: imported or called only when needed.

``import conseils_citoyens`` never loads numpy, pypdfium2, zxing-cpp or Pillow
(segno, which draws the forms' QR code, is a core dependency loaded when a form
is exported); each scan function asks :func:`require` for what it uses, and a
missing package becomes a French message naming the install command.
"""

from __future__ import annotations

import importlib
import shutil
from types import ModuleType
from typing import Final

from conseils_citoyens.errors import ConseilsCitoyensError

#: The command that installs every package of the extra.
INSTALL_EXTRA: Final = 'pip install "conseils-citoyens[scan]"'
#: The Debian package that brings LibreOffice without a desktop.
LIBREOFFICE_PACKAGE: Final = "libreoffice-writer-nogui"

#: Module name -> distribution name, for messages.
_DISTRIBUTIONS: Final = {
    "numpy": "numpy",
    "pypdfium2": "pypdfium2",
    "zxingcpp": "zxing-cpp",
    "PIL": "pillow",
}


class MissingDependencyError(ConseilsCitoyensError):
    """A package of the ``scan`` extra, or LibreOffice, is not installed."""

    code = "scan.missing_dependency"


def require(name: str) -> ModuleType:
    """Import ``name`` (a module of the scan extra) or raise :class:`MissingDependencyError`."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        package = _DISTRIBUTIONS.get(name.split(".", 1)[0], name)
        raise MissingDependencyError(
            {
                "fr": "les formulaires scannés (leur lecture, ou la position des cases du "
                f"formulaire PDF) demandent le paquet « {package} », absent : installez "
                f"l'option scan avec {INSTALL_EXTRA}",
                "en": "scanned forms (reading them, or the positions of the PDF form's boxes) "
                f"need the package '{package}', which is missing: install the scan extra "
                f"with {INSTALL_EXTRA}",
            }
        ) from exc


def soffice() -> str:
    """Return the LibreOffice program, or raise :class:`MissingDependencyError`."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise MissingDependencyError(
            {
                "fr": "le formulaire PDF est produit par LibreOffice, introuvable sur cette "
                f"machine : installez-le (par exemple « apt-get install {LIBREOFFICE_PACKAGE} »), "
                "ou imprimez le formulaire .odt ou .docx",
                "en": "the PDF form is made by LibreOffice, which is not installed here: install "
                f"it (for example 'apt-get install {LIBREOFFICE_PACKAGE}'), or print the .odt or "
                ".docx form",
            }
        )
    return found
