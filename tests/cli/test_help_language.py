"""One language per run: with --lang fr the whole --help is French, with --lang en English."""

from __future__ import annotations

import re

import click
import pytest

from conseils_citoyens.cli import main, run
from conseils_citoyens.i18n import set_language


def _pages() -> list[tuple[str, ...]]:
    pages: list[tuple[str, ...]] = [()]
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        pages.append((name,))
        if isinstance(command, click.Group):
            pages.extend((name, sub) for sub in command.list_commands(ctx))
    return pages


def _help(
    lang: str,
    path: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    monkeypatch.delenv("LANGUAGE", raising=False)
    try:
        with pytest.raises(SystemExit) as stop:
            run(["--lang", lang, *path, "--help"])
    finally:
        set_language("fr")
    assert stop.value.code == 0
    return capsys.readouterr().out


#: Words that give away English in a French help page (click's own and ours).
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this|Show the|\[required\]|default:|\bTEXT\b|\bPATH\b|"
    r"\bFILE\b|\bINTEGER\b|\bFLOAT\b|COMMAND \[ARGS\]|\bDIRECTORY\b|\bRESPONSES\b|\bFORMS\b|"
    r"Overwrite|Output format|\bKIND\b"
)
#: ... and French in an English one.
FRENCH = re.compile(
    r"Utilisation|Options :|Commandes|[a-z] : |[éèêàùç]|FICHIER|TEXTE|ENTIER|DOSSIER|RÉPONSES|"
    r"obligatoire|défaut|Remplace|\bNOM\b|JETON"
)


@pytest.mark.parametrize("path", _pages(), ids=lambda p: " ".join(p) or "root")
def test_french_help_is_all_french(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _help("fr", path, capsys, monkeypatch)
    assert text.startswith("Utilisation : conseils-citoyens")
    assert "Options :" in text
    assert "Affiche cette aide et quitte." in text
    assert not ENGLISH.findall(text), text
    # click's bracket: « ; » after a space, bounds in words (not « 5; x>=1 »)
    assert not re.search(r"[^\s(];|[<>]=", text), text


def test_french_help_gives_defaults_and_bounds_in_french_typography(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(_help("fr", ("report",), capsys, monkeypatch).split())
    assert "[défaut : 5 ; au moins 1]" in text
    assert "[défaut : 3 ; de 1 à 20]" in text
    english = " ".join(_help("en", ("report",), capsys, monkeypatch).split())
    assert "[default: 5; x>=1]" in english


@pytest.mark.parametrize("path", _pages(), ids=lambda p: " ".join(p) or "root")
def test_english_help_is_all_english(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _help("en", path, capsys, monkeypatch)
    assert text.startswith("Usage: conseils-citoyens")
    assert "Options:" in text
    assert not FRENCH.findall(text), text


def test_the_root_help_gives_the_exit_codes_in_each_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Codes de sortie : 0 correct" in _help("fr", (), capsys, monkeypatch)
    english = _help("en", (), capsys, monkeypatch)
    assert "Exit codes: 0 success" in english
    assert "--version       Show the version and exit." in english


def test_a_folder_given_as_input_exits_3_in_french(tmp_path: pytest.TempPathFactory) -> None:
    from click.testing import CliRunner

    folder = str(tmp_path)
    for args in (
        ["council", "check", folder],
        ["report", folder, "-o", f"{folder}/r.md"],
        ["validate", "council", folder],
        ["questionnaire", "export", "-o", f"{folder}/q.json", "--overlay", folder],
    ):
        result = CliRunner().invoke(main, ["--lang", "fr", *args])
        assert result.exit_code == 3, (args, result.output)
        assert f"erreur : {folder} : c'est un dossier, pas un fichier" in result.output
        assert "Directory" not in result.output
        assert "Valeur invalide" not in result.output
    english = CliRunner().invoke(main, ["--lang", "en", "council", "check", folder])
    assert english.exit_code == 3
    assert f"error: {folder}: it is a folder, not a file" in english.output


def test_a_file_given_as_the_demo_folder_exits_5_in_french(
    tmp_path: pytest.TempPathFactory,
) -> None:
    from click.testing import CliRunner

    file = tmp_path / "fichier.txt"  # type: ignore[operator]
    file.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "fr", "demo", str(file)])
    assert result.exit_code == 5
    assert f"erreur : {file} : c'est un fichier, pas un dossier" in result.output
    assert file.read_text(encoding="utf-8") == "x"


def test_system_errors_are_translated(tmp_path: pytest.TempPathFactory) -> None:
    from click.testing import CliRunner

    blocker = tmp_path / "fichier.txt"  # type: ignore[operator]
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "q.json"
    result = CliRunner().invoke(
        main, ["--lang", "fr", "questionnaire", "export", "-o", str(target)]
    )
    assert result.exit_code == 5
    assert "écriture impossible (un fichier existe déjà à cet endroit du chemin)" in result.output
    assert "File exists" not in result.output
    english = CliRunner().invoke(
        main, ["--lang", "en", "questionnaire", "export", "-o", str(target)]
    )
    assert "cannot write (a file already exists at that point of the path)" in english.output


def _parameters() -> list[tuple[tuple[str, ...], click.Parameter]]:
    """Every option and argument of every command, with the command's path."""
    ctx = click.Context(main)
    found: list[tuple[tuple[str, ...], click.Parameter]] = []
    for path in _pages()[1:]:
        command: click.Command | None = main
        for name in path:
            assert isinstance(command, click.Group)
            command = command.get_command(ctx, name)
        assert command is not None
        if not isinstance(command, click.Group):
            found += [(path, parameter) for parameter in command.params]
    return found


def _refused(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """What the CLI, run as the console script runs it, prints when it refuses ``args``."""
    monkeypatch.delenv("LANGUAGE", raising=False)
    try:
        with pytest.raises(SystemExit) as stop:
            run(args)
    finally:
        set_language("fr")
    assert stop.value.code == 2, capsys.readouterr()
    return capsys.readouterr().err


def test_a_value_that_is_not_a_whole_number_is_refused_in_the_runs_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not « 'abc' n'est pas un integer range valide » (click's type name is English)."""
    from conseils_citoyens.cli._help import IntRange

    numbers = [
        (path, parameter)
        for path, parameter in _parameters()
        if isinstance(parameter.type, click.types.IntParamType | click.types.FloatParamType)
    ]
    assert len(numbers) >= 5  # --respondents, --min-group (x2), --top, --topics
    for path, parameter in numbers:
        assert isinstance(parameter.type, IntRange), (path, parameter.name)
        flag = parameter.opts[0]
        french = _refused(["--lang", "fr", *path, flag, "abc"], capsys, monkeypatch)
        assert f"Valeur invalide pour '{flag}' : « abc » n'est pas un nombre entier" in french
        assert "integer" not in french
        english = _refused(["--lang", "en", *path, flag, "abc"], capsys, monkeypatch)
        assert f"Invalid value for '{flag}': 'abc' is not a whole number" in english
        bounded = _refused(["--lang", "fr", *path, flag, "0"], capsys, monkeypatch)
        assert f"Valeur invalide pour '{flag}' : 0 n'est pas dans l'intervalle" in bounded


def test_no_path_of_the_wrong_kind_gets_clicks_half_english_message(
    tmp_path: pytest.TempPathFactory,
) -> None:
    """« Fichier 'x' est un dossier » came from click.Path(dir_okay=False): our types say it."""
    from click.testing import CliRunner

    choosy = [
        (path, parameter.name)
        for path, parameter in _parameters()
        if type(parameter.type) is click.Path
        and not (parameter.type.file_okay and parameter.type.dir_okay)
    ]
    assert choosy == []
    folder, file = tmp_path, tmp_path / "fichier.txt"  # type: ignore[operator]
    file.write_text("x", encoding="utf-8")
    responses = folder / "r.json"  # the option is refused before the responses are read
    log = CliRunner().invoke(
        main, ["report", str(responses), "-o", f"{folder}/r.md", "--release-log", str(folder)]
    )
    assert log.exit_code == 3, log.output
    assert f"erreur : {folder} : c'est un dossier, pas un fichier" in log.output
    crops = CliRunner().invoke(
        main,
        ["responses", "import", str(file), "-o", f"{folder}/r.json", "--crops", str(file)],
    )
    assert crops.exit_code == 5, crops.output
    assert f"erreur : {file} : c'est un fichier, pas un dossier" in crops.output
    assert file.read_text(encoding="utf-8") == "x"
