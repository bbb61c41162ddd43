"""``council check`` and ``validate`` on the command line: output and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.hookspecs import hookimpl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFORME = EXAMPLES / "conseil-citoyen-conforme.json"
NON_CONFORME = EXAMPLES / "conseil-citoyen-non-conforme.json"


def run(*args: str | Path, lang: str = "fr") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *map(str, args)])


def test_a_compliant_council_exits_0_with_a_french_summary() -> None:
    result = run("council", "check", CONFORME, "--as-of", "2025-06-01")
    assert result.exit_code == ExitCode.OK, result.output
    assert "vérification au 01/06/2025" in result.output
    assert "Résumé : 0 erreur, 0 avertissement, 0 conseil" in result.output
    assert "composition conforme" in result.output


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Conseil citoyen de l'Alma", "Conseil citoyen de l'Alma (cc-1) — vérification"),
        ("Alma", "Conseil citoyen « Alma » (cc-1) — vérification"),
    ],
)
def test_the_first_line_names_the_council_once(tmp_path: Path, name: str, first: str) -> None:
    """Not « Conseil citoyen « Conseil citoyen de l'Alma » »."""
    data = {**json.loads(CONFORME.read_text(encoding="utf-8")), "id": "cc-1", "name": name}
    council = tmp_path / "conseil.json"
    council.write_text(json.dumps(data), encoding="utf-8")
    result = run("council", "check", council, "--as-of", "2025-06-01")
    assert result.output.startswith(first), result.output


def test_errors_exit_1_grouped_by_severity_with_members() -> None:
    result = run("council", "check", NON_CONFORME, "--as-of", "2025-06-01")
    assert result.exit_code == ExitCode.FINDINGS
    out = result.output
    assert out.index("Erreurs (2)") < out.index("Avertissements (12)") < out.index("Conseils (1)")
    assert "Parité femmes-hommes des habitants [council.parity]" in out
    assert "membres concernés : bourg-H05" in out
    assert "composition non conforme" in out


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    data = json.loads(CONFORME.read_text(encoding="utf-8"))
    data["members"][0]["elected_official"] = True
    del data["rules_document"]
    path = tmp_path / "conseil.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("council", "check", path, "--as-of", "2025-06-01")
    assert result.exit_code == ExitCode.OK, result.output
    assert "Avertissements (2)" in result.output
    assert "Erreurs" not in result.output
    assert "composition conforme" in result.output


def test_a_date_before_the_decree_applies_drawing_lots() -> None:
    result = run(
        "council",
        "check",
        NON_CONFORME,
        "--as-of",
        "2023-06-01",
        "--option",
        "parity_enabled=false",
    )
    # 2023: the QP code is still valid, drawing lots is required (none drawn): one error.
    assert result.exit_code == ExitCode.FINDINGS
    assert "Erreurs (1)" in result.output
    assert "[council.drawn_by_lot]" in result.output


def test_options_change_the_result() -> None:
    strict = run("council", "check", CONFORME, "--as-of", "2025-06-01", "--format", "json")
    assert json.loads(strict.output)["ok"] is True
    lenient = run(
        "council",
        "check",
        EXAMPLES / "conseil-citoyen-2016.json",
        "--as-of",
        "2025-06-01",
        "--format",
        "json",
    )
    data = json.loads(lenient.output)
    assert [f["rule"] for f in data["findings"]] == ["council.qpv_codes"]
    assert lenient.exit_code == ExitCode.FINDINGS


def test_parity_tolerance_option_from_the_command_line() -> None:
    base = ["council", "check", NON_CONFORME, "--as-of", "2025-06-01", "--format", "json"]
    parity = [f for f in json.loads(run(*base).output)["findings"] if f["rule"] == "council.parity"]
    assert {f["severity"] for f in parity} == {"error", "warning"}
    relaxed = run(*base, "--option", "parity_tolerance=3")
    parity = [f for f in json.loads(relaxed.output)["findings"] if f["rule"] == "council.parity"]
    assert {f["severity"] for f in parity} == {"warning"}


def test_json_output_parses_and_names_members_by_id() -> None:
    result = run("council", "check", NON_CONFORME, "--as-of", "2025-06-01", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    data = json.loads(result.output)
    assert data["valid"] is True
    assert data["ok"] is False
    assert data["as_of"] == "2025-06-01"
    assert data["subject"] == "cc-tourcoing-exemple-nc"
    elected = next(f for f in data["findings"] if f["rule"] == "council.no_elected")
    assert elected == {
        "rule": "council.no_elected",
        "severity": "warning",
        "message": elected["message"],
        "members": ["bourg-H05"],
        "path": "$.members",
    }
    assert "élu" in elected["message"]


def test_english_output() -> None:
    result = run("council", "check", NON_CONFORME, "--as-of", "2025-06-01", lang="en")
    assert "Errors (2)" in result.output
    assert "parity not met among residents" in result.output
    assert "composition not compliant" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "2025-13-01"),
        ("--as-of", "hier"),
        ("--as-of", "31/02/2025"),
        ("--as-of", "01/06/25"),
        ("--option", "parity_tolerance=beaucoup"),
        ("--option", "parity_enabled"),
        ("--format", "xml"),
    ],
)
def test_a_wrong_command_line_exits_2(args: tuple[str, ...]) -> None:
    result = run("council", "check", CONFORME, *args)
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.output


def test_a_date_can_be_typed_the_french_way() -> None:
    french = run("council", "check", CONFORME, "--as-of", "01/06/2025", "--format", "json")
    assert french.exit_code == ExitCode.OK, french.output
    assert json.loads(french.output)["as_of"] == "2025-06-01"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_wrong_date_says_how_to_write_one(lang: str) -> None:
    result = run("council", "check", CONFORME, "--as-of", "25-11-2026", lang=lang)
    assert result.exit_code == ExitCode.USAGE
    assert "2026-11-25" in result.output
    assert ("AAAA-MM-JJ ou JJ/MM/AAAA" if lang == "fr" else "YYYY-MM-DD or DD/MM/YYYY") in (
        result.output
    )


def test_an_invalid_council_exits_1_listing_problems(tmp_path: Path) -> None:
    path = tmp_path / "conseil.json"
    path.write_text(
        json.dumps({"id": "x", "name": "y", "qpv_codes": ["QP020001"], "members": [{"id": "a"}]}),
        encoding="utf-8",
    )
    result = run("council", "check", path)
    assert result.exit_code == ExitCode.FINDINGS
    assert "$.qpv_codes[0]" in result.output
    assert "$.members[0].college" in result.output
    as_json = run("council", "check", path, "--format", "json")
    assert as_json.exit_code == ExitCode.FINDINGS
    data = json.loads(as_json.output)
    assert data["valid"] is False
    assert {p["path"] for p in data["problems"]} == {"$.qpv_codes[0]", "$.members[0].college"}


@pytest.mark.parametrize("content", [None, b'{"id": ', b"\xff\xfe"])
def test_an_unreadable_council_exits_3(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "conseil.json"
    if content is not None:
        path.write_bytes(content)
    result = run("council", "check", path)
    assert result.exit_code == ExitCode.UNREADABLE
    assert str(path) in result.output
    assert "Traceback" not in result.output


# -- validate ------------------------------------------------------------------------------------


def test_validate_accepts_the_examples() -> None:
    for kind, name in [
        ("council", "conseil-citoyen-conforme.json"),
        ("council", "conseil-citoyen-non-conforme.json"),
        ("territory", "territoire-exemple.json"),
    ]:
        result = run("validate", kind, EXAMPLES / name)
        assert result.exit_code == ExitCode.OK, result.output
        assert "valide" in result.output


def test_validate_an_invalid_document_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"id": "t", "name": "T", "departements": ["20"]}), encoding="utf-8")
    result = run("validate", "territory", path)
    assert result.exit_code == ExitCode.FINDINGS
    assert "$.departements[0]" in result.output
    as_json = run("validate", "territory", path, "--format", "json")
    assert json.loads(as_json.output)["problems"][0]["path"] == "$.departements[0]"


def test_validate_unknown_kind_exits_2() -> None:
    result = run("validate", "nope", CONFORME)
    assert result.exit_code == ExitCode.USAGE
    assert "type inconnu" in result.output


def test_validate_missing_file_exits_3(tmp_path: Path) -> None:
    result = run("validate", "council", tmp_path / "absent.json")
    assert result.exit_code == ExitCode.UNREADABLE
    assert "fichier introuvable" in result.output


def test_validate_json_output_of_a_valid_document() -> None:
    result = run("validate", "council", CONFORME, "--format", "json")
    assert json.loads(result.output) == {
        "valid": True,
        "file": str(CONFORME),
        "kind": "council",
        "problems": [],
    }


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("parity_tolerence=3", "vouliez-vous dire « parity_tolerance » ?"),
        ("foo=1", "option inconnue « foo »"),
    ],
)
def test_a_misspelt_option_exits_2_listing_the_valid_names(option: str, expected: str) -> None:
    result = run("council", "check", CONFORME, "--option", option)
    assert result.exit_code == ExitCode.USAGE
    assert expected in result.output
    assert "options possibles : overseas_2015_list_until, parity_enabled, parity_tolerance" in (
        result.output
    )
    english = run("council", "check", CONFORME, "--option", option, lang="en")
    assert "possible options: overseas_2015_list_until, parity_enabled" in english.output


def test_an_option_a_plugin_rule_declares_is_accepted() -> None:
    import datetime as dt

    from conseils_citoyens.hookspecs import hookimpl
    from conseils_citoyens.plugins import isolated_plugins
    from conseils_citoyens.rules import Rule, Source

    seen: list[object] = []

    def check(council: object, context: object) -> list[object]:
        seen.append(context.option("local.max_age", None))  # type: ignore[attr-defined]
        return []

    class Local:
        @hookimpl
        def register_rules(self, register: object) -> None:
            register(  # type: ignore[operator]
                Rule(
                    id="local.age",
                    subject="council",
                    source=Source.PRACTICE,
                    title={"fr": "Âge", "en": "Age"},
                    check=check,
                    valid_from=dt.date(2000, 1, 1),
                    options=("local.max_age",),
                )
            )

    with isolated_plugins(Local()):
        result = run("council", "check", CONFORME, "--option", "local.max_age=40")
    assert result.exit_code == ExitCode.OK, result.output
    assert seen == ["40"]


class _TypedOptionPlugin:
    """A plugin whose rule declares a typed option, and records the value it reads."""

    def __init__(self) -> None:
        from conseils_citoyens.rules import RuleOption

        self.seen: list[object] = []
        self.max_age = RuleOption(name="local.max_age", type=int, default=30)

    def _check(self, council: object, context: object) -> list[object]:
        self.seen.append(self.max_age.value(context))  # type: ignore[arg-type]
        return []

    def rule(self) -> object:
        import datetime as dt

        from conseils_citoyens.rules import Rule, Source

        return Rule(
            id="local.age",
            subject="council",
            source=Source.PRACTICE,
            title={"fr": "Âge", "en": "Age"},
            check=self._check,
            valid_from=dt.date(2000, 1, 1),
            options=(self.max_age, "local.free_text"),
        )

    @hookimpl
    def register_rules(self, register: Callable[[object], None]) -> None:
        register(self.rule())


def test_a_typed_plugin_option_is_parsed_with_its_type() -> None:
    from conseils_citoyens.plugins import isolated_plugins

    plugin = _TypedOptionPlugin()
    with isolated_plugins(plugin):
        result = run(
            "council",
            "check",
            CONFORME,
            "--option",
            "local.max_age=25",
            "--option",
            "local.free_text=25",
        )
        unset = run("council", "check", CONFORME)
    assert result.exit_code == ExitCode.OK, result.output
    assert unset.exit_code == ExitCode.OK, unset.output
    assert plugin.seen == [25, 30]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "option « local.max_age » : 'abc' n'est pas un nombre entier"),
        ("en", "option 'local.max_age': 'abc' is not an integer"),
    ],
)
def test_a_bad_typed_plugin_option_exits_2_before_any_rule_runs(lang: str, message: str) -> None:
    from conseils_citoyens.plugins import isolated_plugins

    plugin = _TypedOptionPlugin()
    with isolated_plugins(plugin):
        result = run("council", "check", CONFORME, "--option", "local.max_age=abc", lang=lang)
        negative = run("council", "check", CONFORME, "--option", "local.max_age=-1", lang=lang)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert negative.exit_code == ExitCode.USAGE, negative.output
    assert "local.max_age" in negative.output
    assert plugin.seen == []


def test_an_unknown_plugin_name_exits_2() -> None:
    result = run("--plugin", "nope", "plugins")
    assert result.exit_code == ExitCode.USAGE
    assert "extension inconnue : nope" in result.output
