"""French for click's own messages (usage, errors, help), as a gettext catalogue.

click marks its messages for gettext in the default domain. The CLI binds
that domain to ``locale/`` beside this module; ``messages.mo`` there is
compiled from :data:`CATALOGUE` by ``python -m conseils_citoyens.cli._click_fr``
(a test checks that the file matches). Only the CLI process does this: an
app that embeds the library is not affected.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Final

#: msgid -> French text; a (singular, plural) msgid -> (singular, plural) texts.
CATALOGUE: Final[dict[str | tuple[str, str], str | tuple[str, str]]] = {
    "Usage:": "Utilisation :",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "Error: {message}": "Erreur : {message}",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Aborted!": "Interrompu.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas modifiable.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir {filename!r} : {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas une valeur oui/non. Valeurs reconnues : {states}"
    ),
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "unknown error": "erreur inconnue",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argument en trop : ({args})",
        "Arguments en trop : ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "L'option {name!r} demande une valeur.",
        "L'option {name!r} demande {nargs} valeurs.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'un de : {choices}.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'un de : {possibilities} ?)",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} ne suit pas le format {format}.",
        "{value!r} ne suit aucun des formats {formats}.",
    ),
}

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
MO_FILE: Final = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.mo"
_HEADER: Final = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: fr\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)


def compile_catalogue() -> bytes:
    """Return the GNU ``.mo`` bytes of :data:`CATALOGUE` (keys sorted, as gettext requires)."""
    entries: dict[bytes, bytes] = {b"": _HEADER.encode("utf-8")}
    for key, value in CATALOGUE.items():
        if isinstance(key, tuple):
            assert isinstance(value, tuple)
            entries["\0".join(key).encode("utf-8")] = "\0".join(value).encode("utf-8")
        else:
            assert isinstance(value, str)
            entries[key.encode("utf-8")] = value.encode("utf-8")
    keys = sorted(entries)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + len(keys) * 8
    data_at = translations_at + len(keys) * 8
    table_originals: list[tuple[int, int]] = []
    table_translations: list[tuple[int, int]] = []
    blob = b""
    for original in keys:
        table_originals.append((len(original), data_at + len(blob)))
        blob += original + b"\0"
    for original in keys:
        translated = entries[original]
        table_translations.append((len(translated), data_at + len(blob)))
        blob += translated + b"\0"
    output = struct.pack("<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, 0)
    output += b"".join(struct.pack("<2I", *item) for item in table_originals)
    output += b"".join(struct.pack("<2I", *item) for item in table_translations)
    return output + blob


def use_language(language: str) -> None:
    """Make click speak ``language`` in this process (French catalogue, or click's English)."""
    import gettext
    import os

    gettext.bindtextdomain("messages", str(LOCALE_DIR))
    os.environ["LANGUAGE"] = "fr" if language == "fr" else "en"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    MO_FILE.parent.mkdir(parents=True, exist_ok=True)
    MO_FILE.write_bytes(compile_catalogue())
    print(f"written: {MO_FILE}")
