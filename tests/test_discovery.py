"""Installed entry points are found exactly as importlib.metadata finds them.

:func:`conseils_citoyens.plugins.installed_entry_points` spares short commands the import of
importlib.metadata when no plugin is installed. A plugin it missed would be a
local rule silently not applied, so it is compared with importlib.metadata on
this test environment, on generated ones, and where it must step aside.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens import plugins
from conseils_citoyens.plugins import ENTRY_POINT_GROUP

GROUP = ENTRY_POINT_GROUP


def _seen(entry_points: Any) -> list[tuple[str, str, str, str | None]]:
    """What a caller sees of each entry point, where its distribution lives included."""
    return [
        (e.name, e.value, e.group, str(getattr(e.dist, "_path", None)) if e.dist else None)
        for e in entry_points
    ]


def _reference(group: str) -> list[tuple[str, str, str, str | None]]:
    importlib.invalidate_caches()  # importlib.metadata keeps listings by folder mtime
    return _seen(importlib.metadata.entry_points(group=group))


def test_same_entry_points_as_importlib_metadata_for_every_group_of_this_environment() -> None:
    groups = {e.group for d in importlib.metadata.distributions() for e in d.entry_points}
    assert {"console_scripts", "pytest11"} <= groups  # a real environment, with real entry points
    for group in sorted(groups | {GROUP, "no_such_group"}):
        assert plugins._metadata_candidates(group) is not None, "the quick look stepped aside"
        assert _seen(plugins.installed_entry_points(group)) == _reference(group), group


def test_importlib_metadata_is_not_imported_when_no_plugin_is_installed() -> None:
    code = (
        "import sys\n"
        "from conseils_citoyens.plugins import installed_entry_points\n"
        f"assert installed_entry_points({GROUP!r}) == []\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


@pytest.fixture
def path_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Put given folders first on sys.path (the rest stays, so that the standard library
    still imports: this environment has no plugin of ours)."""

    def use(*folders: Path | str) -> None:
        monkeypatch.setattr(sys, "path", [*(str(f) for f in folders), *sys.path])
        importlib.invalidate_caches()

    yield use
    importlib.invalidate_caches()


def _distribution(
    folder: Path, directory: str, entry_points: str | bytes | None, *, name: str = ""
) -> Path:
    meta = folder / directory
    meta.mkdir(parents=True)
    dist_name = name or directory.partition("-")[0].rsplit(".", 1)[0]
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: 1.0\n")
    if isinstance(entry_points, str):
        (meta / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    elif isinstance(entry_points, bytes):
        (meta / "entry_points.txt").write_bytes(entry_points)
    return meta


# Generated environments: distribution folders whose names differ only by case and
# separators (one hides the other), egg-info folders and files, section headers
# written every way importlib.metadata accepts or refuses.
_NAMES = st.sampled_from(["cc_local", "CC-Local", "cc.local", "cc__local", "other", "Other_Pkg"])
_SUFFIXES = st.sampled_from([".dist-info", ".egg-info", "-2.0.dist-info", "-1.0.egg-info"])
_HEADERS = st.sampled_from(
    [
        f"[{GROUP}]",
        f"  [{GROUP}]  ",
        f"[[{GROUP}]]",
        f"[ {GROUP} ]",
        f"# [{GROUP}]",
        f"[{GROUP.upper()}]",
        "[console_scripts]",
        f"[{GROUP}.extra]",
    ]
)
_LINES = st.sampled_from(
    ["a = m_a", "b=m_b:attr", "  c =  m_c:f [extra]", "# d = commented", "", "e = x.y:z.w"]
)
_SECTIONS = st.lists(st.tuples(_HEADERS, st.lists(_LINES, max_size=3)), max_size=3)
_DISTRIBUTIONS = st.lists(
    st.tuples(_NAMES, _SUFFIXES, st.none() | _SECTIONS, st.booleans()), max_size=6
)


def _text(sections: list[tuple[str, list[str]]]) -> str:
    return "".join(
        header + "\n" + "".join(line + "\n" for line in lines) for header, lines in sections
    )


@settings(max_examples=150, deadline=None)
@given(folders=st.lists(_DISTRIBUTIONS, min_size=1, max_size=3))
def test_same_entry_points_as_importlib_metadata_on_generated_environments(
    folders: list[list[tuple[str, str, list[tuple[str, list[str]]] | None, bool]]],
) -> None:
    saved = list(sys.path)
    with tempfile.TemporaryDirectory() as temporary:
        roots = []
        for index, distributions in enumerate(folders):
            root = Path(temporary, f"site{index}")
            root.mkdir()
            roots.append(str(root))
            for number, (name, suffix, sections, as_file) in enumerate(distributions):
                directory = f"{name}{suffix}" if number == 0 else f"{name}-{number}{suffix}"
                if (root / directory).exists():
                    continue
                if as_file and suffix.endswith(".egg-info"):
                    (root / directory).write_text(f"Name: {name}\nVersion: 1.0\n")  # PKG-INFO only
                    continue
                _distribution(root, directory, None if sections is None else _text(sections))
        sys.path[:] = [*roots, Path(temporary, "missing").as_posix(), *saved]
        try:
            importlib.invalidate_caches()
            for group in (GROUP, "console_scripts"):
                assert plugins._metadata_candidates(group) is not None
                assert _seen(plugins.installed_entry_points(group)) == _reference(group)
        finally:
            sys.path[:] = saved
            importlib.invalidate_caches()


def test_the_first_distribution_of_a_name_on_the_path_hides_the_others(
    tmp_path: Path, path_of: Any
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _distribution(first, "cc_local-1.0.dist-info", "[console_scripts]\nx = y\n")
    _distribution(second, "CC.Local-2.0.dist-info", f"[{GROUP}]\nhidden = cc_local\n")
    _distribution(second, "visible-1.0.dist-info", f"[{GROUP}]\nshown = visible\n")
    path_of(first, second)
    assert [e.name for e in plugins.installed_entry_points(GROUP)] == ["shown"]
    assert _seen(plugins.installed_entry_points(GROUP)) == _reference(GROUP)


def test_an_unrelated_broken_distribution_does_not_hide_the_plugins(
    tmp_path: Path, path_of: Any
) -> None:
    _distribution(tmp_path, "broken-1.0.dist-info", b"[console_scripts]\nx = \xff\xfe\n")
    _distribution(tmp_path, "plugin-1.0.dist-info", f"[{GROUP}]\nlocal = plugin\n")
    path_of(tmp_path)
    with pytest.raises(UnicodeDecodeError):  # importlib.metadata reads every file
        importlib.metadata.entry_points(group=GROUP)
    assert [e.name for e in plugins.installed_entry_points(GROUP)] == ["local"]


def test_a_broken_plugin_description_is_an_error_naming_its_file(
    tmp_path: Path, path_of: Any
) -> None:
    _distribution(tmp_path, "plugin-1.0.dist-info", f"[{GROUP}]\nlocal = \xe9\n".encode("latin-1"))
    path_of(tmp_path)
    with pytest.raises(ValueError, match=r"plugin-1\.0\.dist-info"):
        plugins.installed_entry_points(GROUP)


def test_the_plugin_host_reports_an_unreadable_plugin_description(
    tmp_path: Path, path_of: Any
) -> None:
    from conseils_citoyens.errors import PluginError
    from conseils_citoyens.plugins import PluginHost

    _distribution(tmp_path, "plugin-1.0.dist-info", f"[{GROUP}]\nno equals sign\n")
    path_of(tmp_path)
    with pytest.raises(PluginError, match=r"plugin-1\.0\.dist-info") as raised:
        PluginHost(builtins=False).rules()
    assert "illisible" in str(raised.value)


def _zip_site(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        archive.writestr("zipped-1.0.dist-info/entry_points.txt", f"[{GROUP}]\nzipped = zipped\n")
    return path


class _OtherFinder:
    """A distribution finder of an application's own (another import system)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def find_spec(self, *args: object) -> None:
        return None

    def find_distributions(self, context: Any = None) -> Iterator[Any]:
        yield importlib.metadata.PathDistribution(self.root / "elsewhere-1.0.dist-info")


@pytest.mark.parametrize(
    "case", ["zip on the path", "egg folder", "upper-case suffix", "nameless", "another finder"]
)
def test_what_the_quick_look_does_not_reproduce_is_left_to_importlib_metadata(
    case: str, tmp_path: Path, path_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    expected = {
        "zip on the path": "zipped",
        "egg folder": "egged",
        "upper-case suffix": "shouting",
        "nameless": "nameless",
        "another finder": "elsewhere",
    }[case]
    if case == "zip on the path":
        path_of(site, _zip_site(tmp_path / "site.zip"))
    elif case == "egg folder":
        egg = tmp_path / "egged-1.0-py3.11.egg"
        (egg / "EGG-INFO").mkdir(parents=True)
        (egg / "EGG-INFO" / "PKG-INFO").write_text("Name: egged\nVersion: 1.0\n")
        (egg / "EGG-INFO" / "entry_points.txt").write_text(f"[{GROUP}]\negged = egged\n")
        path_of(site, egg)
    elif case == "upper-case suffix":
        _distribution(site, "Shouting-1.0.DIST-INFO", f"[{GROUP}]\nshouting = s\n", name="shout")
        path_of(site)
    elif case == "nameless":
        _distribution(site, "-1.0.dist-info", f"[{GROUP}]\nnameless = n\n", name="named")
        path_of(site)
    else:
        _distribution(tmp_path, "elsewhere-1.0.dist-info", f"[{GROUP}]\nelsewhere = e\n")
        path_of(site)
        monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, _OtherFinder(tmp_path)])
    assert plugins._metadata_candidates(GROUP) is None
    found = plugins.installed_entry_points(GROUP)
    assert [e.name for e in found] == [expected]
    assert _seen(found) == _reference(GROUP)
