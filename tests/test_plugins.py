"""The plugin host: loading, isolation, attribution of failures, duplicates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.errors import PluginError
from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.plugins import PluginHost, get_plugins, isolated_plugins
from conseils_citoyens.survey.questionnaire.model import Questionnaire

ROOT = Path(__file__).resolve().parents[1]


def _write_nothing(questionnaire: Questionnaire, stream: Any, options: ExportOptions) -> None:
    stream.write(b"")


def _exporter(name: str, *, replace: bool = False) -> Exporter:
    return Exporter(
        name=name,
        suffixes=(f".{name}",),
        media_type="text/plain",
        export=_write_nothing,
        replace=replace,
    )


class ExporterPlugin:
    def __init__(self, *names: str, replace: bool = False) -> None:
        self.names = names
        self.replace = replace

    @hookimpl
    def register_exporters(self, register: Callable[[Exporter], None]) -> None:
        for name in self.names:
            register(_exporter(name, replace=self.replace))


def test_isolated_host_sees_only_its_plugins_and_restores_the_default() -> None:
    before = get_plugins()
    with isolated_plugins(ExporterPlugin("txt"), builtins=False) as host:
        assert get_plugins() is host
        assert set(host.exporters()) == {"txt"}
    assert get_plugins() is before


def test_two_hosts_do_not_share_state() -> None:
    one = PluginHost(builtins=False, entry_points=False, plugins=[ExporterPlugin("a")])
    two = PluginHost(builtins=False, entry_points=False, plugins=[ExporterPlugin("b")])
    assert set(one.exporters()) == {"a"}
    assert set(two.exporters()) == {"b"}


def test_duplicate_name_names_both_plugins() -> None:
    first, second = ExporterPlugin("dup"), ExporterPlugin("dup")
    host = PluginHost(builtins=False, entry_points=False, plugins=[first, second])
    with pytest.raises(PluginError) as caught:
        host.exporters()
    message = caught.value.message
    assert "register_exporters" in message
    assert caught.value.hook == "register_exporters"
    assert "déjà enregistré" in message


def test_duplicate_with_replace_wins() -> None:
    host = PluginHost(
        builtins=False,
        entry_points=False,
        plugins=[ExporterPlugin("dup"), ExporterPlugin("dup", replace=True)],
    )
    assert host.exporters()["dup"].replace is True


def test_a_raising_hook_is_attributed_to_its_plugin() -> None:
    class Broken:
        @hookimpl
        def register_exporters(self, register: Callable[[Exporter], None]) -> None:
            raise RuntimeError("boom")

    host = PluginHost(builtins=False, entry_points=False, plugins=[ExporterPlugin("ok"), Broken()])
    with pytest.raises(PluginError) as caught:
        host.exporters()
    assert caught.value.hook == "register_exporters"
    assert "Broken" in caught.value.plugin
    assert "boom" in caught.value.message


def test_wrong_type_registered_is_a_plugin_error() -> None:
    class Wrong:
        @hookimpl
        def register_exporters(self, register: Callable[[object], None]) -> None:
            register("not an exporter")

    host = PluginHost(builtins=False, entry_points=False, plugins=[Wrong()])
    with pytest.raises(PluginError, match="Exporter attendu"):
        host.exporters()


def test_plugin_failing_at_import_is_named() -> None:
    host = PluginHost(builtins=False, entry_points=False, plugins=["no_such_module_for_cc_tests"])
    with pytest.raises(PluginError) as caught:
        host.infos()
    assert caught.value.plugin == "no_such_module_for_cc_tests"


def test_hook_implementation_without_spec_fails_loudly() -> None:
    module = types.ModuleType("cc_typo_plugin")

    @hookimpl
    def register_exporter(register: Any) -> None:  # typo: the hook is register_exporters
        """Never called."""

    module.register_exporter = register_exporter  # type: ignore[attr-defined]
    host = PluginHost(builtins=False, entry_points=False, plugins=[module])
    with pytest.raises(PluginError, match="sans spécification"):
        host.infos()


def test_implementations_may_take_fewer_arguments() -> None:
    class NoArgs:
        @hookimpl
        def register_exporters(self) -> None:
            return None

    host = PluginHost(builtins=False, entry_points=False, plugins=[NoArgs()])
    assert host.exporters() == {}


def test_infos_list_hooks() -> None:
    host = PluginHost(builtins=False, entry_points=False, plugins=[ExporterPlugin("x")])
    (info,) = host.infos()
    assert info.origin == "explicit"
    assert info.hooks == ("register_exporters",)


def test_nothing_is_loaded_before_use() -> None:
    host = PluginHost(builtins=False, entry_points=False, plugins=["no_such_module_for_cc_tests"])
    assert host._manager is None  # constructing a host imports nothing


def test_builtin_hook_table_matches_the_builtins() -> None:
    import importlib

    import pluggy

    from conseils_citoyens import hookspecs
    from conseils_citoyens.plugins import BUILTIN_HOOKS, DEFAULT_PLUGINS

    assert set(BUILTIN_HOOKS) == set(DEFAULT_PLUGINS)
    for name in DEFAULT_PLUGINS:
        manager = pluggy.PluginManager("conseils_citoyens")
        manager.add_hookspecs(hookspecs)
        module = importlib.import_module(name)
        manager.register(module, name=name)
        implemented = {caller.name for caller in manager.get_hookcallers(module) or ()}
        assert implemented == BUILTIN_HOOKS[name], name


def test_builtins_are_imported_only_when_one_of_their_hooks_is_called() -> None:
    code = (
        "import sys\n"
        "from conseils_citoyens.plugins import PluginHost\n"
        "host = PluginHost(entry_points=False)\n"
        "host.rules('council')\n"
        "print('conseils_citoyens.formats.docx' in sys.modules,"
        " 'conseils_citoyens.survey.questionnaire.model' in sys.modules,"
        " 'conseils_citoyens.council.composition' in sys.modules)\n"
        "print(len(host.infos()), 'conseils_citoyens.formats.docx' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "False", "True", "8", "True"]


def test_lazy_builtins_keep_the_registration_order() -> None:
    from conseils_citoyens.plugins import DEFAULT_PLUGINS

    host = PluginHost(entry_points=False, plugins=[ExporterPlugin("x")])
    host.rules()  # loads two built-ins after the explicit plugin was registered
    exporters = host.exporters()  # loads the exporting built-ins behind them
    assert list(exporters)[-1] == "x"  # the explicit plugin still comes after the built-ins
    names = [info.name for info in host.infos()]
    assert names[: len(DEFAULT_PLUGINS)] == list(DEFAULT_PLUGINS)
    assert [info.origin for info in host.infos()][-1] == "explicit"
    eager = PluginHost(entry_points=False, plugins=[ExporterPlugin("x")])
    assert [i.name for i in eager.infos()] == names
    assert list(eager.exporters()) == list(exporters)


def test_replacing_a_lazy_builtin_still_wins() -> None:
    builtin = next(iter(PluginHost(entry_points=False).exporters()))
    host = PluginHost(entry_points=False, plugins=[ExporterPlugin(builtin, replace=True)])
    host.rules()
    assert host.exporters()[builtin].suffixes == (f".{builtin}",)


def _install_example_plugin(target: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv absent")
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT / "plugins" / "agglo-exemple"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def _cli(args: list[str], pythonpath: Path | None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    environment.pop(
        "CONSEILS_CITOYENS_PLUGINS", None
    ) if "CONSEILS_CITOYENS_PLUGINS" not in env else None
    if pythonpath is not None:
        environment["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", "from conseils_citoyens.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.mark.slow
def test_installed_plugin_is_discovered_and_allow_list_filters_it(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _install_example_plugin(target)
    listed = _cli(["plugins"], target)
    assert listed.returncode == 0, listed.stderr
    assert "agglo_exemple" in listed.stdout
    assert "cc-agglo-exemple 0.1.0" in listed.stdout
    assert "register_questionnaire_sections" in listed.stdout
    filtered = _cli(["plugins"], target, CONSEILS_CITOYENS_PLUGINS="")
    assert "agglo_exemple" not in filtered.stdout
    without = _cli(["--no-plugins", "plugins"], target)
    assert "agglo_exemple" not in without.stdout
    only = _cli(["--plugin", "agglo_exemple", "plugins"], target)
    assert "agglo_exemple" in only.stdout
    # A mistyped name: exit 2, with the names that would work.
    typo = _cli(["--lang", "fr", "--plugin", "agglo-exemple", "plugins"], target)
    assert typo.returncode == 2
    assert "extension inconnue : agglo-exemple ; extensions installées : agglo_exemple" in (
        typo.stderr
    )
    # Uninstalled (not on the path): back to the original list.
    assert "agglo_exemple" not in _cli(["plugins"], None).stdout


@pytest.mark.slow
def test_installed_plugin_changes_the_exported_questionnaire(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _install_example_plugin(target)
    with_plugin = tmp_path / "with.json"
    without = tmp_path / "without.json"
    assert _cli(["questionnaire", "export", "-o", str(with_plugin)], target).returncode == 0
    assert _cli(["questionnaire", "export", "-o", str(without)], None).returncode == 0
    ids_with = _question_ids(with_plugin)
    ids_without = _question_ids(without)
    assert set(ids_with) - set(ids_without) == {
        "ae_table_quartier",
        "ae_table_utile",
        "ae_lieu_formation",
    }
    # The local rule is applied by 'council check' too.
    council = ROOT / "examples" / "conseil-citoyen-conforme.json"
    checked = _cli(
        ["council", "check", str(council), "--as-of", "2025-06-01", "--format", "json"], target
    )
    assert "agglo_exemple.young_residents" in checked.stdout


@pytest.mark.slow
def test_installed_plugin_option_is_typed(tmp_path: Path) -> None:
    """A bad value for the example plugin's int option exits 2, not 4 from inside the rule."""
    target = tmp_path / "site"
    _install_example_plugin(target)
    council = str(ROOT / "examples" / "conseil-citoyen-conforme.json")
    check = ["council", "check", council, "--as-of", "2025-06-01"]
    bad = _cli(["--lang", "fr", *check, "--option", "agglo_exemple.max_age=abc"], target)
    assert bad.returncode == 2, bad.stderr
    assert "option « agglo_exemple.max_age » : 'abc' n'est pas un nombre entier" in bad.stderr
    assert "la règle a échoué" not in bad.stderr
    english = _cli(["--lang", "en", *check, "--option", "agglo_exemple.max_age=abc"], target)
    assert english.returncode == 2, english.stderr
    assert "option 'agglo_exemple.max_age': 'abc' is not an integer" in english.stderr
    # A good value reaches the rule as a number; its finding and title name no other age.
    good = _cli(["--lang", "fr", *check, "--option", "agglo_exemple.max_age=18"], target)
    assert good.returncode == 0, good.stderr
    assert "Au moins un jeune habitant (règle locale) [agglo_exemple.young_residents]" in (
        good.stdout
    )
    assert "aucun habitant de moins de 18 ans" in good.stdout
    assert "moins de 30" not in good.stdout


def _question_ids(path: Path) -> list[str]:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    return [q["id"] for section in data["sections"] for q in section["questions"]]


@pytest.mark.slow
def test_broken_entry_point_is_reported_by_the_cli(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _install_example_plugin(target)
    (target / "cc_agglo_exemple" / "__init__.py").write_text("raise ImportError('cassé')\n")
    result = _cli(["plugins"], target)
    assert result.returncode == 4
    assert "agglo_exemple" in result.stderr
    assert "cassé" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_raising_rule_is_attributed_to_its_plugin() -> None:
    import datetime as dt

    from conseils_citoyens.council.composition import check_council
    from conseils_citoyens.council.model import Council
    from conseils_citoyens.rules import Rule, Source

    def explode(council: object, context: object) -> list[object]:
        raise ValueError("règle cassée")

    class RulePlugin:
        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(
                Rule(
                    id="local.broken",
                    subject="council",
                    source=Source.PRACTICE,
                    title={"fr": "cassée"},
                    check=explode,
                )
            )

    council = Council(id="c", name="C", qpv_codes=("QN05901M",))
    with isolated_plugins(RulePlugin()), pytest.raises(PluginError) as caught:
        check_council(council, as_of=dt.date(2025, 1, 1))
    assert "RulePlugin" in caught.value.plugin
    assert "local.broken" in (caught.value.hook or "")
