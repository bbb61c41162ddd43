"""``conseils-citoyens council check COUNCIL.json``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from conseils_citoyens.cli._common import ExitCode, date_option, echo_json, handle_errors, t
from conseils_citoyens.cli._help import InputFile, argument, bi, group, option
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.rules import CheckReport, Rule, RuleOption, subject_heading
from conseils_citoyens.rules import format_report as rules_format_report


def known_options() -> list[str]:
    """The names ``--option`` accepts: the composition rules' and those plugin rules declare."""
    from conseils_citoyens.council.composition import OPTIONS
    from conseils_citoyens.plugins import get_plugins

    declared = {name for rule in get_plugins().rules("council") for name in rule.option_names}
    return sorted(set(OPTIONS) | declared)


def _typed_options() -> dict[str, RuleOption]:
    """The typed options by name: those plugin rules declare, then the composition rules'."""
    from conseils_citoyens.council.composition import OPTIONS
    from conseils_citoyens.plugins import get_plugins

    declared = {o.name: o for rule in get_plugins().rules("council") for o in rule.typed_options}
    return {**declared, **OPTIONS}


def _parse_options(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, Any]:
    if not values:
        return {}
    import difflib

    options: dict[str, Any] = {}
    known: list[str] | None = None
    typed: dict[str, RuleOption] | None = None
    for item in values:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                t(f"« {item} » : nom=valeur attendu", f"'{item}': name=value expected")
            )
        known = known or known_options()
        if name.strip() not in known:
            close = difflib.get_close_matches(name.strip(), known, n=1)
            hint_fr = f"vouliez-vous dire « {close[0]} » ? " if close else ""
            hint_en = f"did you mean '{close[0]}'? " if close else ""
            raise click.BadParameter(
                t(
                    f"option inconnue « {name.strip()} » ; {hint_fr}options possibles : "
                    + ", ".join(known),
                    f"unknown option '{name.strip()}'; {hint_en}possible options: "
                    + ", ".join(known),
                )
            )
        typed = typed if typed is not None else _typed_options()
        option = typed.get(name.strip())
        try:
            options[name.strip()] = text if option is None else option.parse(text)
        except ValidationError as exc:
            raise click.BadParameter(exc.problems[0].message) from None
    return options


@group("council")
def council_group() -> None:
    """Conseils citoyens : vérification de la composition.

    \f
    Citizens' councils: composition check.
    """


@council_group.command("check")
@argument("file", type=InputFile())
@option(
    "--as-of",
    "as_of",
    callback=date_option,
    metavar="DATE",
    help=bi(
        "Date de la vérification, AAAA-MM-JJ ou JJ/MM/AAAA (défaut : aujourd'hui).",
        "Check date, YYYY-MM-DD or DD/MM/YYYY (default: today).",
    ),
)
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=bi("Format de sortie.", "Output format."),
)
@option(
    "--option",
    "options",
    multiple=True,
    callback=_parse_options,
    metavar=bi("NOM=VALEUR", "NAME=VALUE"),
    help=bi(
        "Option des règles, répétable (parity_enabled=false, parity_tolerance=2, overseas_2015_list_until=2025-12-31).",
        "Rule option, repeatable.",
    ),
)
@handle_errors
def check_command(
    file: Path, as_of: dt.date | None, output_format: str, options: dict[str, Any]
) -> None:
    """Vérifie la composition du conseil citoyen décrit dans FICHIER.json.

    Code de sortie 0 sans erreur (avertissements et conseils permis), 1 en cas
    d'erreur ou de document invalide, 3 si le fichier est illisible.

    \f
    Check the composition of the citizens' council described in FILE.json.

    Exit code 0 without error (warnings and advice allowed), 1 with an error
    or an invalid document, 3 when the file cannot be read.
    """
    from conseils_citoyens.council.composition import check_council
    from conseils_citoyens.council.model import Council
    from conseils_citoyens.documents.convert import load
    from conseils_citoyens.plugins import get_plugins

    try:
        council = load(file, Council)
    except ValidationError as exc:
        if output_format == "json":
            echo_json(
                {
                    "valid": False,
                    "file": str(file),
                    "problems": [p.to_dict() for p in exc.problems],
                }
            )
            raise SystemExit(int(ExitCode.FINDINGS)) from None
        raise
    report = check_council(council, as_of=as_of, options=options)
    if output_format == "json":
        echo_json({"valid": True, "file": str(file), **report.to_dict()})
    else:
        click.echo(
            format_report(report, council.name, {r.id: r for r in get_plugins().rules("council")})
        )
    if not report.ok:
        raise SystemExit(int(ExitCode.FINDINGS))


def format_report(report: CheckReport, name: str, rules: dict[str, Rule]) -> str:
    """Return a readable report, grouped by severity, in the current language."""
    return rules_format_report(
        report,
        subject_heading(
            {"fr": "Conseil citoyen", "en": "Conseil citoyen"}, name, report.subject_id
        ),
        {rule_id: rule.title for rule_id, rule in rules.items()},
        verdict=(
            {"fr": "composition conforme", "en": "composition compliant"},
            {"fr": "composition non conforme", "en": "composition not compliant"},
        ),
    )
