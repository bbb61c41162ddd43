"""``import conseils_citoyens`` stays light: no document library, no plugin loading."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEAVY = ("docx", "odf", "lxml", "pluggy", "jsonschema", "click")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m for m in out.stdout.strip().split(",") if m}


def test_import_loads_no_document_library_nor_plugins() -> None:
    assert _loaded_after("import conseils_citoyens") == set()


def test_model_access_stays_light() -> None:
    loaded = _loaded_after(
        "import conseils_citoyens as cc; cc.Council; cc.Member; cc.QpvGeneration"
    )
    assert loaded.isdisjoint({"docx", "odf", "lxml", "pluggy"})


#: What ``conseils-citoyens council check FILE`` needs from the package; the start-up
#: benchmark (bench/bench_startup.py) times it against importing the dependencies alone.
COUNCIL_CHECK_MODULES = {
    "conseils_citoyens",
    "conseils_citoyens.cli",
    "conseils_citoyens.cli._click_fr",
    "conseils_citoyens.cli._common",
    "conseils_citoyens.cli._help",
    "conseils_citoyens.cli.council",
    "conseils_citoyens.council",
    "conseils_citoyens.council.composition",
    "conseils_citoyens.council.identifiers",
    "conseils_citoyens.council.model",
    # a built-in plugin implementing register_rules, like the composition: loaded
    # when the rules are asked for; its rules import their models only when they run
    "conseils_citoyens.diagnostics",
    "conseils_citoyens.diagnostics.checks",
    "conseils_citoyens.documents",
    "conseils_citoyens.documents.convert",
    "conseils_citoyens.documents.jsonio",
    "conseils_citoyens.documents.schemas",
    "conseils_citoyens.documents.typed",
    "conseils_citoyens.errors",
    "conseils_citoyens.hookspecs",
    "conseils_citoyens.i18n",
    "conseils_citoyens.plugins",
    "conseils_citoyens.rules",
}


def _modules_after_cli(*arguments: str) -> set[str]:
    probe = (
        "import sys\n"
        "from conseils_citoyens.cli import run\n"
        "try:\n"
        f"    run({list(arguments)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        # as a user runs it: installed plugins are looked up (there are none here)
        env={k: v for k, v in os.environ.items() if k != "CONSEILS_CITOYENS_PLUGINS"},
    )
    return set(out.stderr.split())


def test_council_check_imports_only_what_it_needs() -> None:
    loaded = _modules_after_cli("council", "check", str(EXAMPLES / "conseil-citoyen-conforme.json"))
    ours = {m for m in loaded if m.split(".")[0] == "conseils_citoyens"}
    assert ours == COUNCIL_CHECK_MODULES
    # nor what only other commands, errors or --help need: click's translated texts
    # (gettext imports locale for the first) are asked for only when shown
    assert loaded.isdisjoint(
        {"docx", "odf", "lxml", "difflib", "traceback", "importlib.metadata", "babel", "locale"}
    )


def test_an_unknown_command_imports_no_command_module() -> None:
    loaded = _modules_after_cli("councl", "check")  # click's "did you mean" needs only names
    assert not {m for m in loaded if m.startswith("conseils_citoyens.cli.")} - {
        "conseils_citoyens.cli._click_fr",
        "conseils_citoyens.cli._common",
        "conseils_citoyens.cli._help",
    }
