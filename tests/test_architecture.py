"""The package's layout holds: no import cycle, and infrastructure never imports subjects.

Every import counts, including those inside functions (a lazy import is still a
dependency: it only moves the moment the cycle bites).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "conseils_citoyens"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: Folders of infrastructure, below every subject.
INFRASTRUCTURE = ("documents",)
#: Subject folders, which infrastructure must not import.
SUBJECTS = ("council", "survey", "diagnostics", "formats", "cli", "demo")
#: The one allowed exception: the schemas' format checker needs the pure functions
#: that check French identifiers (SIREN, SIRET), a leaf module importing nothing of ours.
ALLOWED = {("conseils_citoyens.documents.schemas", "conseils_citoyens.council.identifiers")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in SRC.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE):
                    yield _closest(alias.name, known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith(PACKAGE):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in known else _closest(base, known)


def _closest(name: str, known: set[str]) -> str:
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        # The façade re-exports everything lazily; importing it is not a dependency.
        graph[name] = {t for t in _imports(name, path, known) if t not in {name, PACKAGE}}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_should() -> None:
    graph = _graph()
    assert "conseils_citoyens.documents.schemas" in graph["conseils_citoyens.documents.convert"]
    assert (
        "conseils_citoyens.survey.questionnaire.model"
        in graph["conseils_citoyens.survey.questionnaire.serialize"]
    )


def test_finds_a_cycle_when_there_is_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize("folder", INFRASTRUCTURE)
def test_infrastructure_never_imports_a_subject(folder: str) -> None:
    prefix = f"{PACKAGE}.{folder}"
    wrong = sorted(
        (source, target)
        for source, targets in _graph().items()
        if source.startswith(prefix)
        for target in targets
        if any(target.startswith(f"{PACKAGE}.{subject}") for subject in SUBJECTS)
        and (source, target) not in ALLOWED
    )
    assert wrong == []


def test_the_root_holds_only_the_facade_and_the_contracts() -> None:
    root_modules = sorted(p.stem for p in SRC.glob("*.py"))
    assert root_modules == [
        "__init__",
        "__main__",
        "_strategies",
        "errors",
        "hookspecs",
        "i18n",
        "plugins",
        "rules",
        "testing",
    ]


def _top_level_imports() -> set[str]:
    """Every top-level module the package imports, at import time or inside a function."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
            elif (  # the scan extra's modules: require("pypdfium2") (formats/scan/_deps.py)
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "require"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value.split(".")[0])
    return found


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    """A dependency the code does not import (defusedxml was one) is not installed for users."""
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [
        *project["project"]["dependencies"],
        *(d for extra in project["project"]["optional-dependencies"].values() for d in extra),
    ]
    names = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in declared}
    distributions = packages_distributions()
    imported = {
        dist.lower() for module in _top_level_imports() for dist in distributions.get(module, [])
    }
    assert "defusedxml" not in names
    assert names - imported == set()
