"""``questionnaire export --token``: a token that cannot name a file, or given twice, is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.questionnaire.export import export_questionnaire
from conseils_citoyens.survey.questionnaire.model import Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "tokens",
    [
        ("A/B", "C"),
        ("../evil",),
        (
            "C",
            "..",
        ),
        ("é1",),
        (" A",),
        ("",),
    ],
)
def test_a_token_that_cannot_be_a_file_name_is_a_usage_error(
    tmp_path: Path, tokens: tuple[str, ...]
) -> None:
    args = [arg for token in tokens for arg in ("--token", token)]
    code, _, stderr = run("questionnaire", "export", "-o", str(tmp_path / "t.docx"), *args)
    assert code == ExitCode.USAGE, stderr
    assert "Traceback" not in stderr
    assert "jeton « " in stderr
    assert "refusé" in stderr
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent / "evil.docx").exists()


def test_a_token_given_twice_is_refused_before_any_file_is_written(tmp_path: Path) -> None:
    code, _, stderr = run(
        "questionnaire", "export", "-o", str(tmp_path / "u.odt"), "--token", "A", "--token", "A"
    )
    assert code == ExitCode.USAGE, stderr
    assert "jeton donné deux fois : A" in stderr
    assert list(tmp_path.iterdir()) == []
    english = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "questionnaire",
            "export",
            "-o",
            str(tmp_path / "u.odt"),
            "--token",
            "B",
            "--token",
            "B",
            "--token",
            "../x",
        ],
    )
    assert english.exit_code == ExitCode.USAGE
    assert "token '../x' refused" in english.stderr


def test_the_api_refuses_a_token_the_response_schema_would_refuse(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        export_questionnaire(
            standard_questionnaire(), tmp_path / "f.json", respondent=Respondent(token="A/B")
        )
    assert refused.value.problems[0].code == "export.token"
    assert "jeton « A/B » refusé" in str(refused.value)
    assert not (tmp_path / "f.json").exists()
