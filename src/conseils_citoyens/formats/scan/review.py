"""Review without a server: an HTML page of every doubtful zone, and a decisions file.

:func:`write_review` reads the ``scans`` record of a responses file written by
``responses import`` and writes a self-contained HTML page (pictures
embedded) listing each zone a person must judge, and a decisions file (CSV,
or JSON by its suffix) pre-filled with one line per zone: the person writes
``cochée`` or ``vide`` for a box, the text read for a write-in zone, and their
name; importing the scans again with ``--decisions`` gives complete responses.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from conseils_citoyens.errors import FileNotReadableError, Problem, ValidationError
from conseils_citoyens.formats.scan.importer import Decision
from conseils_citoyens.formats.scan.reader import REASONS
from conseils_citoyens.i18n import counted, get_language

#: Decisions-file fields, and their column names in French and English. The
#: ``key`` column names the form whatever the language (decisions are matched on
#: it); ``form`` is its label for people.
FIELDS: Final = (
    "form",
    "key",
    "zone",
    "kind",
    "page",
    "question",
    "where",
    "reading",
    "picture",
    "decision",
    "by",
)
HEADERS: Final[Mapping[str, tuple[str, ...]]] = {
    "fr": (
        "formulaire",
        "clé",
        "zone",
        "type",
        "page",
        "question",
        "endroit",
        "lecture",
        "image",
        "decision",
        "par",
    ),
    "en": (
        "form",
        "key",
        "zone",
        "type",
        "page",
        "question",
        "where",
        "reading",
        "picture",
        "decision",
        "by",
    ),
}
#: Columns read back (accents and case aside), in either language.
_ALIASES: Final[Mapping[str, str]] = {
    **{
        _header: _field
        for _names in HEADERS.values()
        for _header, _field in zip(_names, FIELDS, strict=False)
    },
    "cle": "key",
    "kind": "kind",
    "decided by": "by",
}
#: What a box's decision is written as, and what is understood, in either language.
_BOX_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "fr": {"ticked": "cochée", "empty": "vide"},
    "en": {"ticked": "ticked", "empty": "empty"},
}
_KINDS: Final[Mapping[str, Mapping[str, str]]] = {
    "fr": {"box": "case", "text": "texte"},
    "en": {"box": "box", "text": "text"},
}
_TICKED: Final = frozenset({"cochée", "coché", "cochee", "coche", "oui", "x", "ticked", "yes", "1"})
_EMPTY: Final = frozenset({"vide", "non", "annulée", "annulee", "empty", "no", "0"})
_NO_TEXT: Final = frozenset({"-", "(vide)", "(empty)"})


def _lang(lang: str | None) -> str:
    return "en" if (lang or get_language()) == "en" else "fr"


def review_items(data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every zone to review in a responses file's ``scans`` record, with its form's key."""
    items = []
    for form in data.get("scans") or []:
        for item in form.get("review") or []:
            items.append((str(form.get("key") or form.get("form")), dict(item)))
    return items


def form_labels(data: Mapping[str, Any], lang: str | None = None) -> dict[str, str]:
    """Each form's label for people in ``lang`` (default: the current language), by key."""
    chosen = _lang(lang)
    labels = {}
    for form in data.get("scans") or []:
        key = str(form.get("key") or form.get("form"))
        names = form.get("labels") or {}
        labels[key] = str(names.get(chosen) or form.get("form") or key)
    return labels


def decision_rows(data: Mapping[str, Any], lang: str | None = None) -> list[dict[str, str]]:
    """One pre-filled decisions line per zone (decisions already taken are kept), by field
    (:data:`FIELDS`), worded in ``lang`` (default: the current language)."""
    chosen = _lang(lang)
    english = chosen == "en"
    labels = form_labels(data, chosen)
    rows = []
    for form, item in review_items(data):
        kind = "box" if item.get("kind") == "box" else "text"
        decision = item.get("decision")
        if decision is not None and kind == "box":
            decision = _BOX_WORDS[chosen]["ticked" if decision == "ticked" else "empty"]
        question_label = item.get("question_label_en" if english else "question_label")
        message = item.get("message_en" if english else "message")
        rows.append(
            {
                "form": labels.get(form, form),
                "key": form,
                "zone": str(item.get("zone")),
                "kind": _KINDS[chosen][kind],
                "page": str(item.get("page")),
                "question": f"{item.get('question_number')}. "
                f"{question_label or item.get('question_label', '')}",
                "where": str(item.get("where_en" if english else "where") or item.get("where", "")),
                "reading": str(message or item.get("message", "")),
                "picture": str(item.get("crop") or ""),
                "decision": "" if decision is None else str(decision),
                "by": str(item.get("decided_by") or ""),
            }
        )
    return rows


def write_decisions(
    rows: Sequence[Mapping[str, str]], path: Path, lang: str | None = None
) -> bytes:
    """The decisions file's bytes: CSV (semicolons, for spreadsheets) or JSON by suffix,
    its columns named in ``lang`` (default: the current language)."""
    headers = HEADERS[_lang(lang)]
    named = [{h: row.get(f, "") for f, h in zip(FIELDS, headers, strict=True)} for row in rows]
    if path.suffix.lower() == ".json":
        return (json.dumps(named, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in named:
        writer.writerow({k: _neutral(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _neutral(value: str) -> str:
    """Respondents' and paths' text is data: never a spreadsheet formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and value not in _NO_TEXT else value


def read_decisions(path: Path) -> list[Decision]:
    """Read a decisions file (CSV or JSON); blank decisions are left pending.

    Columns and words may be French or English, whatever the language of the
    review that wrote the file (``formulaire``/``form``, ``cochée``/``ticked``…);
    a form is named by its ``clé``/``key`` column, or by its label in files
    without one. Raise :class:`ValidationError` listing every line whose decision
    is not understood (a box decided with anything but ``cochée``/``vide``).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileNotReadableError(
            path,
            {
                "fr": f"fichier de décisions illisible ({exc.__class__.__name__})",
                "en": f"unreadable decisions file ({exc.__class__.__name__})",
            },
        ) from exc
    rows: list[Mapping[str, Any]]
    if path.suffix.lower() == ".json":
        loaded = json.loads(text)
        rows = loaded if isinstance(loaded, list) else []
    else:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    decisions: list[Decision] = []
    problems: list[Problem] = []
    for number, named in enumerate(rows, start=2):
        if not isinstance(named, Mapping):
            continue
        row = _by_field(named)
        value = str(row.get("decision") or "").strip()
        label = str(row.get("form") or "").strip()
        form = str(row.get("key") or "").strip() or label
        zone = str(row.get("zone") or "").strip()
        label = label or form
        if not value or not form or not zone:
            continue
        by = str(row.get("by") or "").strip() or None
        is_box = str(row.get("kind") or "").strip().lower() in ("case", "box")
        lowered = value.lower()
        if is_box:
            if lowered in _TICKED:
                value = "ticked"
            elif lowered in _EMPTY:
                value = "empty"
            else:
                problems.append(
                    Problem(
                        path=f"ligne {number}",
                        code="scan.bad_decision",
                        texts={
                            "fr": f"décision « {value} » pour la case {zone} de « {label} » : "
                            "écrivez « cochée » ou « vide »",
                            "en": f"decision '{value}' for box {zone} of '{label}': "
                            "write 'ticked' or 'empty'",
                        },
                    )
                )
                continue
        elif lowered in _NO_TEXT:
            value = ""
        elif value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]
        decisions.append(Decision(form=form, zone=zone, value=value, by=by))
    if problems:
        raise ValidationError(problems, kind="decisions", source=path)
    return decisions


def _by_field(row: Mapping[str, Any]) -> dict[str, Any]:
    """A decisions line by field, whatever the language and accents of its column names."""
    fields: dict[str, Any] = {}
    for name, value in row.items():
        if not isinstance(name, str):
            continue
        plain = unicodedata.normalize("NFKD", name.strip().lower())
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        field = _ALIASES.get(plain) or _ALIASES.get(name.strip().lower())
        if field is not None and field not in fields:
            fields[field] = value
    return fields


def review_html(
    data: Mapping[str, Any],
    decisions_name: str,
    *,
    base: Path | None = None,
    lang: str | None = None,
) -> str:
    """A self-contained HTML page (pictures embedded) of every zone to review.

    In ``lang`` (default: the current language): the forms, questions and places
    too (records of earlier imports have them in French only).
    """
    english = (lang or get_language()) == "en"

    def tr(fr: str, en: str) -> str:
        return en if english else fr

    items = review_items(data)
    labels = form_labels(data, "en" if english else "fr")
    title = tr("Formulaires scannés : marques à vérifier", "Scanned forms: marks to check")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{tr("fr", "en")}"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "figure{margin:0}img{max-width:28em;border:1px solid #999}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.4em;"
        "vertical-align:top;text-align:left}.done{color:#1a6d1a}.todo{color:#a33}</style>",
        "</head><body>",
        f"<h1>{title}</h1>",
    ]
    pending = sum(1 for _, item in items if item.get("decision") is None)
    name = html.escape(decisions_name)
    if not items:
        parts.append(
            tr(
                "<p>Aucune marque douteuse ni texte manuscrit : rien à vérifier.</p>",
                "<p>No doubtful mark and no handwriting: nothing to check.</p>",
            )
        )
    else:
        zones = counted(
            len(items),
            {
                "fr": ("zone à vérifier", "zones à vérifier"),
                "en": ("zone to check", "zones to check"),
            },
            "en" if english else "fr",
        )
        parts.append(
            tr(
                f"<p>{zones}, dont {pending} sans décision. Pour chacune, "
                "regardez l'image (la zone est encadrée en rouge) et écrivez votre décision dans "
                f"le fichier <code>{name}</code>, colonne « decision » : "
                "<strong>cochée</strong> ou <strong>vide</strong> pour une case, le texte lu pour "
                "une zone d'écriture (<code>-</code> si elle ne contient rien à garder), et votre "
                "nom dans la colonne « par ». Relancez ensuite l'import des scans avec "
                f"<code>--decisions {name}</code> : les réponses seront "
                "complètes, et chaque décision gardée avec sa réponse.</p>",
                f"<p>{zones}, {pending} without a decision. For each, look at the picture "
                "(the zone is framed in red) and write your decision in the file "
                f"<code>{name}</code>, column 'decision': <strong>ticked</strong> or "
                "<strong>empty</strong> for a box, the text read for a write-in zone "
                "(<code>-</code> when there is nothing to keep), and your name in the column "
                "'by'. Then import the scans again with "
                f"<code>--decisions {name}</code>: the responses will be complete, and each "
                "decision kept with its response.</p>",
            )
        )
    current = None
    for form, item in items:
        if form != current:
            if current is not None:
                parts.append("</table>")
            parts.append(f"<h2>{html.escape(labels.get(form, form))}</h2>")
            parts.append(
                tr(
                    "<table><tr><th>Image</th><th>Question</th><th>Lecture</th>"
                    "<th>Décision</th></tr>",
                    "<table><tr><th>Picture</th><th>Question</th><th>Reading</th>"
                    "<th>Decision</th></tr>",
                )
            )
            current = form
        message = str(item.get("message_en" if english else "message", ""))
        question_label = item.get("question_label_en" if english else "question_label")
        where = item.get("where_en" if english else "where")
        reason = REASONS.get(str(item.get("reason")), (message, message))[1 if english else 0]
        decision = item.get("decision")
        if decision is None:
            decided = f'<span class="todo">{tr("à décider", "to decide")}</span>'
        else:
            shown = {"ticked": tr("cochée", "ticked"), "empty": tr("vide", "empty")}.get(
                decision, decision
            )
            if item.get("kind") == "text":
                shown = decision or tr("(rien à garder)", "(nothing to keep)")
            by = f" ({html.escape(str(item['decided_by']))})" if item.get("decided_by") else ""
            decided = f'<span class="done">{html.escape(str(shown))}</span>{by}'
        parts.append(
            "<tr>"
            f"<td>{_picture(item.get('crop'), base, english)}</td>"
            f"<td>{html.escape(str(item.get('question_number')))}. "
            f"{html.escape(str(question_label or item.get('question_label', '')))}<br>"
            f"<em>{html.escape(str(where or item.get('where', '')))}</em>"
            f" — page {html.escape(str(item.get('page')))}"
            f" — zone <code>{html.escape(str(item.get('zone')))}</code></td>"
            f"<td>{html.escape(reason)}</td><td>{decided}</td></tr>"
        )
    if current is not None:
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _picture(crop: Any, base: Path | None, english: bool = False) -> str:
    if not crop:
        return (
            "(no picture: import with --crops)"
            if english
            else "(pas d'image : importez avec --crops)"
        )
    path = Path(str(crop))
    if not path.is_absolute() and base is not None and not path.exists():
        path = base / path
    try:
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError:
        missing = "(picture not found: {})" if english else "(image introuvable : {})"
        return missing.format(html.escape(str(crop)))
    alt = "zone to check" if english else "zone à vérifier"
    return f'<img alt="{alt}" src="data:image/png;base64,{encoded}">'


def pending_count(data: Mapping[str, Any]) -> int:
    """How many zones still wait for a decision."""
    return sum(1 for _, item in review_items(data) if item.get("decision") is None)
