"""The documentation site names only commands that exist and links only to pages that exist.

The site itself is built by ``mkdocs build --strict`` in CI; these tests keep the
same promises without mkdocs: every command line shown in a code block of the
guides resolves to a real command and real options of the CLI, and every
relative link of ``docs/`` points to an existing file (and heading).
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from pathlib import Path

import click
import pytest

from conseils_citoyens.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: Pages whose command examples are checked: the territories' guide and the CLI reference.
COMMAND_PAGES = (*sorted((DOCS / "fr").glob("*.md")), DOCS / "cli.md")

_FENCE = re.compile(r"^(\s*)(```|~~~)")
_PROMPTS = ("$ ", "uv run ")
_SHELL_OPERATORS = frozenset({"|", "||", "&&", ";", ">", ">>", "2>", "<"})
_LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_EXPLICIT_ID = re.compile(r"\{\s*#([\w-]+)\s*\}\s*$")


def code_blocks(text: str) -> list[list[str]]:
    """Return the lines of every fenced code block of a Markdown text."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    fence = ""
    for line in text.splitlines():
        match = _FENCE.match(line)
        if current is None:
            if match:
                current, fence = [], match.group(2)
        elif match and match.group(2) == fence and line.strip() == fence:
            blocks.append(current)
            current = None
        else:
            current.append(line)
    return blocks


def command_lines(text: str) -> list[str]:
    """Return the ``conseils-citoyens`` command lines shown in the code blocks of ``text``.

    A line counts when it starts with ``conseils-citoyens``, optionally after a
    ``$`` prompt and/or ``uv run``; a trailing backslash continues it.
    """
    commands: list[str] = []
    for block in code_blocks(text):
        pending = ""
        for raw in block:
            line = pending + raw.strip()
            pending = ""
            if line.endswith("\\"):
                pending = line[:-1].rstrip() + " "
                continue
            stripped = line
            changed = True
            while changed:
                changed = False
                for prompt in _PROMPTS:
                    if stripped.startswith(prompt):
                        stripped = stripped[len(prompt) :].lstrip()
                        changed = True
            if stripped == "conseils-citoyens" or stripped.startswith("conseils-citoyens "):
                commands.append(stripped)
    return commands


def _words(command: str) -> list[str]:
    """Split a documented command line into words, up to the first shell operator."""
    words: list[str] = []
    for word in shlex.split(command, comments=True):
        if word in _SHELL_OPERATORS or word.startswith(("2>", ">")):
            break
        words.append(word)
    return words[1:]  # drop "conseils-citoyens"


def _option_names(word: str) -> list[str]:
    """The option names a documented word shows: ``[--format`` → ``--format``; ``--a|--b``."""
    cleaned = word.strip("[]()").split("=", 1)[0]
    return [part.strip("[]") for part in cleaned.split("|") if part.startswith("-")]


def _is_placeholder(word: str) -> bool:
    """A synopsis placeholder such as ``COMMAND``, ``...`` or ``[DIR]``."""
    bare = word.strip("[](). ")
    return bare == "" or bare.replace("_", "").isupper()


def _known_options(command: click.Command, ctx: click.Context) -> set[str]:
    names: set[str] = set()
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def resolve(command_line: str) -> tuple[list[str], list[str]]:
    """Resolve a documented command line against the CLI.

    Return the command path (e.g. ``["report"]``) and the problems found: an
    unknown command or subcommand, or an option the command does not have.
    """
    words = _words(command_line)
    problems: list[str] = []
    path: list[str] = []
    command: click.Command = main
    ctx = click.Context(main, info_name="conseils-citoyens")
    # Global options come before the command name.
    global_with_value = {"--lang", "--plugin"}
    index = 0
    while index < len(words):
        word = words[index].lstrip("[(")
        if isinstance(command, click.Group) and not word.startswith("-"):
            if _is_placeholder(word):  # a synopsis: "conseils-citoyens [OPTIONS] COMMAND ..."
                return path, problems
            sub = command.get_command(ctx, word)
            if sub is None:
                problems.append(f"unknown command {' '.join([*path, word])!r}")
                return path, problems
            path.append(word)
            command = sub
            ctx = click.Context(sub, parent=ctx, info_name=word)
            index += 1
            continue
        if word.startswith("-"):
            known = _known_options(command, ctx)
            for name in _option_names(word):
                if name not in known:
                    problems.append(
                        f"{' '.join(path) or 'conseils-citoyens'}: unknown option {name}"
                    )
            if command is main and word in global_with_value:
                index += 1
        elif isinstance(command, click.Group):
            break
        index += 1
    if isinstance(command, click.Group) and command is not main and "--help" not in words:
        problems.append(f"{' '.join(path)!r} is a group: a subcommand is missing")
    return path, problems


def _documented_commands() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for page in COMMAND_PAGES:
        for command in command_lines(page.read_text(encoding="utf-8")):
            found.append((page.relative_to(ROOT).as_posix(), command))
    return found


def test_the_guides_show_commands() -> None:
    pages = {page for page, _ in _documented_commands()}
    assert "docs/cli.md" in pages
    assert "docs/fr/recensement.md" in pages


@pytest.mark.parametrize(("page", "command"), _documented_commands())
def test_every_documented_command_exists(page: str, command: str) -> None:
    _path, problems = resolve(command)
    assert not problems, f"{page}: {command}\n" + "\n".join(problems)


def test_every_command_of_the_cli_is_in_the_reference() -> None:
    documented = {tuple(resolve(command)[0]) for _, command in _documented_commands()}
    ctx = click.Context(main)
    missing = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command, parent=ctx, info_name=name)
            missing.extend(
                f"{name} {sub}"
                for sub in command.list_commands(sub_ctx)
                if (name, sub) not in documented
            )
        elif (name,) not in documented:
            missing.append(name)
    assert not missing, f"commands shown in no code block of the guides: {missing}"


def test_the_resolver_catches_what_does_not_exist() -> None:
    assert resolve("conseils-citoyens report r.json -o r.docx --by college")[1] == []
    assert resolve("conseils-citoyens --lang en council check F.json [--as-of AAAA-MM-JJ]")[1] == []
    assert resolve("conseils-citoyens reprot r.json")[1] == ["unknown command 'reprot'"]
    assert resolve("conseils-citoyens responses importer x.docx")[1] == [
        "unknown command 'responses importer'"
    ]
    assert resolve("conseils-citoyens report r.json [--by-group college]")[1] == [
        "report: unknown option --by-group"
    ]
    assert resolve("conseils-citoyens [--plugin NAME ...] COMMAND ...")[1] == []
    assert resolve("conseils-citoyens questionnaire")[1] == [
        "'questionnaire' is a group: a subcommand is missing"
    ]


def test_command_lines_are_read_from_code_blocks_only() -> None:
    text = (
        "Run `conseils-citoyens nothing` inline.\n\n"
        "```console\n$ uv run conseils-citoyens plugins --format json\n"
        "sortie conseils-citoyens ignorée\n"
        "conseils-citoyens report r.json \\\n  -o r.md\n```\n"
    )
    assert command_lines(text) == [
        "conseils-citoyens plugins --format json",
        "conseils-citoyens report r.json -o r.md",
    ]


# -- links ---------------------------------------------------------------------


def slugify(title: str) -> str:
    """The anchor Python-Markdown's ``toc`` extension gives a heading (its default slugify)."""
    text = re.sub(r"`([^`]*)`", r"\1", title)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(text: str) -> set[str]:
    """The anchors of a page's headings (outside code blocks), with toc's ``_1`` de-duplication."""
    found: set[str] = set()
    in_code = False
    fence = ""
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match and (not in_code or line.strip() == fence):
            in_code, fence = (not in_code), match.group(2)
            continue
        if in_code:
            continue
        heading = _HEADING.match(line)
        if not heading:
            continue
        title = heading.group(2)
        explicit = _EXPLICIT_ID.search(title)
        slug = explicit.group(1) if explicit else slugify(title)
        unique, number = slug, 0
        while unique in found:
            number += 1
            unique = f"{slug}_{number}"
        found.add(unique)
    return found


def _prose(text: str) -> str:
    """The text with code blocks and inline code removed (links there are not links)."""
    kept: list[str] = []
    in_code = False
    fence = ""
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match and (not in_code or line.strip() == fence):
            in_code, fence = (not in_code), match.group(2)
            continue
        if not in_code:
            kept.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(kept)


def relative_links(text: str) -> list[str]:
    """The relative link targets of a Markdown text (external and mail links excluded)."""
    prose = _prose(text)
    targets = [m.group(1) for m in _LINK.finditer(prose)]
    targets += [m.group(1) for m in _IMAGE.finditer(prose)]
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t)]


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_relative_link_points_to_an_existing_file(page: Path) -> None:
    broken = []
    for target in relative_links(page.read_text(encoding="utf-8")):
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.is_file():
            broken.append(f"{target}: no such file")
            continue
        if not destination.is_relative_to(DOCS.resolve()):
            broken.append(f"{target}: outside docs/ (the site would not have it)")
            continue
        if (
            anchor
            and destination.suffix == ".md"
            and anchor not in anchors(destination.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}: no heading with the anchor #{anchor}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_checker_sees_links_and_anchors() -> None:
    text = (
        "# Vérifier la composition\n\n## Étape 2 : `report`\n\n"
        "See [the API](../api.md#python-api), ![x](img.png) and [web](https://example.org).\n"
        "```\n[not a link](nowhere.md)\n```\n"
    )
    assert relative_links(text) == ["../api.md#python-api", "img.png"]
    assert anchors(text) == {"verifier-la-composition", "etape-2-report"}
    assert anchors("# A\n# A\n") == {"a", "a_1"}


def test_every_page_is_in_the_site_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", config, re.MULTILINE)
    missing = [
        page.relative_to(DOCS).as_posix()
        for page in _pages()
        if f": {page.relative_to(DOCS).as_posix()}" not in config
    ]
    assert not missing, f"pages missing from the nav of mkdocs.yml: {missing}"


# -- the API quickstart ----------------------------------------------------------


def _quickstart() -> tuple[str, str]:
    """The quickstart code of docs/api.md and the output the page says it prints."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    output = re.search(r"It prints:\n\n```text\n(.*?)```", section, re.DOTALL)
    assert code, "docs/api.md: the quickstart code is missing"
    assert output, "docs/api.md: the quickstart's output is missing"
    return code.group(1), output.group(1)


def test_the_api_quickstart_runs_and_prints_what_the_page_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from conseils_citoyens.plugins import isolated_plugins

    code, expected = _quickstart()
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    with isolated_plugins():
        exec(compile(code, "docs/api.md", "exec"), {"__name__": "quickstart"})
    assert capsys.readouterr().out == expected
    assert (tmp_path / "quickstart" / "rapport.odt").stat().st_size > 0
