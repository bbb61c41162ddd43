"""The plugin host: built-in and third-party plugins registered the same way.

Built-in features (export formats, importers, composition rules, report
formats) are plugins listed in :data:`DEFAULT_PLUGINS`; third-party plugins
come from installed entry points of the group ``conseils_citoyens``, or from
an explicit list. Nothing is loaded until a feature is first needed.

Each hook implementation is called on its own, so a failure is attributed to
its plugin: a :class:`~conseils_citoyens.errors.PluginError` names the
plugin and the hook. Apps that serve several territories create one
:class:`PluginHost` each; :func:`get_plugins` returns the process-wide one.

Environment:

- ``CONSEILS_CITOYENS_PLUGINS``: comma-separated names of the installed
  plugins to load (entry point names); empty: none. Unset: all installed.
- ``CONSEILS_CITOYENS_TRACE=1``: print every hook call on stderr.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
import threading
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from conseils_citoyens.errors import PluginError
from conseils_citoyens.hookspecs import PROJECT_NAME

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

T = TypeVar("T")

ENTRY_POINT_GROUP: Final = PROJECT_NAME
ALLOW_ENV: Final = "CONSEILS_CITOYENS_PLUGINS"
TRACE_ENV: Final = "CONSEILS_CITOYENS_TRACE"

#: Built-in plugins: modules registered exactly like third-party plugins.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "conseils_citoyens.survey.questionnaire.export",
    "conseils_citoyens.formats.docx",
    "conseils_citoyens.formats.odt",
    "conseils_citoyens.council.composition",
    "conseils_citoyens.diagnostics.checks",
    "conseils_citoyens.formats.synthesis",
    "conseils_citoyens.formats.report",
    "conseils_citoyens.formats.scan",
)

#: The hooks each built-in plugin implements. A built-in module is imported
#: only when one of its hooks is first called (or when every plugin is listed),
#: so a command does not define the models of features it does not use.
#: ``tests/test_plugins.py`` imports each built-in and compares its hook
#: implementations with this table.
BUILTIN_HOOKS: Final[dict[str, frozenset[str]]] = {
    "conseils_citoyens.survey.questionnaire.export": frozenset({"register_exporters"}),
    "conseils_citoyens.formats.docx": frozenset({"register_exporters", "register_importers"}),
    "conseils_citoyens.formats.odt": frozenset({"register_exporters", "register_importers"}),
    "conseils_citoyens.council.composition": frozenset({"register_rules"}),
    "conseils_citoyens.diagnostics.checks": frozenset({"register_rules"}),
    "conseils_citoyens.formats.synthesis": frozenset({"register_report_formats"}),
    "conseils_citoyens.formats.report": frozenset({"register_report_formats"}),
    "conseils_citoyens.formats.scan": frozenset({"register_exporters"}),
}


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What ``conseils-citoyens plugins`` lists about one plugin."""

    name: str
    origin: str  # "builtin", "entry point", "explicit"
    module: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class QuestionnaireContribution:
    """What one plugin contributes to a questionnaire being assembled."""

    plugin: str
    sections: tuple[Any, ...]
    adjust: Callable[[Any], Any] | None


def _manager_class(base: type[Any]) -> type[Any]:
    """pluggy's manager, looking at a built-in module's names in :data:`BUILTIN_HOOKS` only.

    pluggy inspects every name of a plugin to find its hook implementations:
    for the two rule modules ``council check`` loads, that was about 0.5 ms
    of its start-up. ``tests/test_plugins.py`` checks the table against what
    plain pluggy finds in each built-in.
    """

    class Manager(base):  # type: ignore[misc]
        def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
            if isinstance(plugin, types.ModuleType):
                hooks = BUILTIN_HOOKS.get(plugin.__name__)
                if hooks is not None and name not in hooks:
                    return None
            return super().parse_hookimpl_opts(plugin, name)

    return Manager


def _module_name(plugin: object) -> str:
    return getattr(plugin, "__name__", type(plugin).__qualname__)


class PluginHost:
    """One pluggy manager with its plugins; load lazily, call hooks with attribution.

    :param builtins: register :data:`DEFAULT_PLUGINS`.
    :param entry_points: discover installed plugins (entry point group
        ``conseils_citoyens``); ``allow`` restricts them by name (default:
        the ``CONSEILS_CITOYENS_PLUGINS`` environment variable).
    :param plugins: extra plugins (modules, objects or importable module names).
    """

    def __init__(
        self,
        *,
        builtins: bool = True,
        entry_points: bool = True,
        plugins: Sequence[object | str] = (),
        allow: Iterable[str] | None = None,
    ) -> None:
        self._builtins = builtins
        self._entry_points = entry_points
        self._extra = tuple(plugins)
        if allow is None:
            raw = os.environ.get(ALLOW_ENV)
            allow = None if raw is None else [n.strip() for n in raw.split(",") if n.strip()]
        self._allow = None if allow is None else frozenset(allow)
        self._manager: Any = None
        self._infos: dict[str, PluginInfo] = {}
        self._lock = threading.RLock()
        self._cache: dict[str, Any] = {}
        self._owners: dict[str, dict[str, str]] = {}
        # Built-ins not imported yet, in DEFAULT_PLUGINS order.
        self._pending: list[str] = []

    # -- loading ---------------------------------------------------------------

    @property
    def manager(self) -> Any:
        """The pluggy manager, with every plugin loaded (built-ins included)."""
        with self._lock:
            manager = self._lazy_manager()
            self._load_builtins(list(self._pending))
            return manager

    def _lazy_manager(self) -> Any:
        """The pluggy manager; built-ins not needed yet may still be pending."""
        with self._lock:
            if self._manager is None:
                self._manager = self._load()
            return self._manager

    def _hook(self, name: str) -> Any:
        """The hook caller of ``name``, once the built-ins implementing it are loaded."""
        with self._lock:
            manager = self._lazy_manager()
            self._load_builtins([m for m in self._pending if name in BUILTIN_HOOKS.get(m, ())])
            return getattr(manager.hook, name)

    def _load_builtins(self, modules: list[str], manager: Any = None) -> None:
        """Import and register pending built-ins, keeping the registration order.

        Built-ins are registered first, in :data:`DEFAULT_PLUGINS` order, as
        if all had been loaded at once: plugins registered after a newly
        loaded built-in are unregistered and registered again behind it.
        """
        if not modules:
            return
        manager = manager if manager is not None else self._manager
        imported = [(name, importlib.import_module(name)) for name in modules]
        for name in modules:
            self._pending.remove(name)
        first = min(DEFAULT_PLUGINS.index(name) for name in modules)
        behind = [
            (name, plugin)
            for name, plugin in manager.list_name_plugin()
            if plugin is not None and _rank(name) > first
        ]
        for _, plugin in behind:
            manager.unregister(plugin)
        for name, plugin in sorted([*imported, *behind], key=lambda item: _rank(item[0])):
            if any(plugin is other for _, other in behind):
                manager.register(plugin, name=name)
            else:
                self._register(manager, plugin, name, "builtin")
        self._check_pending(manager)

    def _load(self) -> Any:
        import pluggy

        from conseils_citoyens import hookspecs

        manager = _manager_class(pluggy.PluginManager)(PROJECT_NAME)
        manager.add_hookspecs(hookspecs)
        if os.environ.get(TRACE_ENV):
            manager.trace.root.setwriter(sys.stderr.write)
            manager.enable_tracing()
        if self._builtins:
            self._pending = list(DEFAULT_PLUGINS)
            builtin_extras = [
                name
                for name in DEFAULT_PLUGINS
                if any(p == name or getattr(p, "__name__", None) == name for p in self._extra)
            ]
            if os.environ.get(TRACE_ENV):
                builtin_extras = list(DEFAULT_PLUGINS)  # a trace shows every registration
            self._load_builtins(builtin_extras, manager)
        if self._entry_points:
            self._load_entry_points(manager)
        for plugin in self._extra:
            if isinstance(plugin, str):
                try:
                    module = importlib.import_module(plugin)
                except Exception as exc:
                    raise PluginError(
                        plugin,
                        None,
                        {
                            "fr": f"import impossible : {exc!r}",
                            "en": f"cannot be imported: {exc!r}",
                        },
                    ) from exc
                self._register(manager, module, plugin, "explicit")
            else:
                self._register(manager, plugin, _module_name(plugin), "explicit")
        self._check_pending(manager)
        return manager

    def _check_pending(self, manager: Any) -> None:
        try:
            manager.check_pending()
        except Exception as exc:  # pluggy.PluginValidationError
            plugin = getattr(exc, "plugin", None)
            name = manager.get_name(plugin) if plugin is not None else "?"
            raise PluginError(
                name or "?",
                None,
                {
                    "fr": f"implémentation sans spécification : {exc}",
                    "en": f"hook implementation without a specification: {exc}",
                },
            ) from exc

    def _load_entry_points(self, manager: Any) -> None:
        if self._allow is not None and not self._allow:
            return  # none allowed: do not even look
        try:
            found = installed_entry_points(ENTRY_POINT_GROUP)
        except Exception as exc:  # an installed distribution's metadata cannot be read
            raise PluginError(
                ENTRY_POINT_GROUP,
                None,
                {
                    "fr": f"description d'extension installée illisible ({exc})",
                    "en": f"unreadable description of an installed plugin ({exc})",
                },
            ) from exc
        for entry_point in sorted(found, key=lambda e: e.name):
            if self._allow is not None and entry_point.name not in self._allow:
                continue
            dist = entry_point.dist
            label = f"{entry_point.name} ({dist.name if dist else '?'} : {entry_point.value})"
            try:
                plugin = entry_point.load()
            except Exception as exc:
                raise PluginError(
                    label,
                    None,
                    {"fr": f"chargement impossible : {exc!r}", "en": f"cannot be loaded: {exc!r}"},
                ) from exc
            self._register(
                manager,
                plugin,
                entry_point.name,
                "entry point",
                distribution=dist.name if dist else None,
                version=dist.version if dist else None,
                module=entry_point.value,
            )

    def _register(
        self,
        manager: Any,
        plugin: object,
        name: str,
        origin: str,
        *,
        distribution: str | None = None,
        version: str | None = None,
        module: str | None = None,
    ) -> None:
        if manager.is_registered(plugin):
            return
        if manager.has_plugin(name):
            # Two distinct objects of the same class or module name: keep both, told apart.
            suffix = 2
            while manager.has_plugin(f"{name}#{suffix}"):
                suffix += 1
            name = f"{name}#{suffix}"
        try:
            manager.register(plugin, name=name)
        except Exception as exc:  # pluggy.PluginValidationError: bad signature...
            raise PluginError(
                name,
                None,
                {"fr": f"enregistrement refusé : {exc}", "en": f"registration refused: {exc}"},
            ) from exc
        hooks = tuple(sorted(caller.name for caller in manager.get_hookcallers(plugin) or ()))
        if origin == "builtin":
            distribution = "conseils-citoyens"  # version: read in infos() (importlib.metadata)
        self._infos[name] = PluginInfo(
            name=name,
            origin=origin,
            module=module or _module_name(plugin),
            distribution=distribution,
            version=version,
            hooks=hooks,
        )

    def infos(self) -> tuple[PluginInfo, ...]:
        """Describe every loaded plugin, built-ins first."""
        from conseils_citoyens import __version__

        self.manager  # noqa: B018 - loading is the point
        infos = sorted(self._infos.values(), key=lambda info: _rank(info.name))
        return tuple(
            attrs.evolve(info, version=__version__) if info.origin == "builtin" else info
            for info in infos
        )

    # -- calling ---------------------------------------------------------------

    def call_each(self, hook: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Call each implementation of ``hook`` on its own; yield ``(plugin, result)``.

        Implementations are called in registration order (built-ins first);
        one that raises becomes a :class:`PluginError` naming it.
        """
        caller = self._hook(hook)
        for impl in caller.get_hookimpls():  # registration order: built-ins first
            arguments = {name: kwargs[name] for name in impl.argnames if name in kwargs}
            try:
                result = impl.function(**arguments)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(
                    impl.plugin_name,
                    hook,
                    {"fr": f"erreur : {exc!r}", "en": f"error: {exc!r}"},
                ) from exc
            yield impl.plugin_name, result

    def collect(self, hook: str, expected: type[T], key: Callable[[T], str]) -> dict[str, T]:
        """Call a ``register(...)`` hook and return what was registered, by key.

        A duplicate key raises a :class:`PluginError` naming both plugins,
        unless the later registration asks to replace.
        """
        cache_key = f"{hook}:{expected.__qualname__}"
        with self._lock:
            if cache_key in self._cache:
                return dict(self._cache[cache_key])
            found: dict[str, T] = {}
            owners: dict[str, str] = {}
            current = [""]

            def register(item: object, *, replace: bool = False) -> None:
                plugin = current[0]
                if not isinstance(item, expected):
                    raise PluginError(
                        plugin,
                        hook,
                        {
                            "fr": f"objet de type {type(item).__name__} enregistré, {expected.__name__} attendu",
                            "en": f"registered a {type(item).__name__}, expected {expected.__name__}",
                        },
                    )
                name = key(item)
                if name in found and not (replace or getattr(item, "replace", False)):
                    raise PluginError(
                        plugin,
                        hook,
                        {
                            "fr": f"« {name} » est déjà enregistré par l'extension « {owners[name]} »",
                            "en": f"'{name}' is already registered by plugin '{owners[name]}'",
                        },
                    )
                found[name] = item
                owners[name] = plugin

            caller = self._hook(hook)
            for impl in caller.get_hookimpls():
                current[0] = impl.plugin_name
                arguments = {"register": register} if "register" in impl.argnames else {}
                try:
                    impl.function(**arguments)
                except PluginError:
                    raise
                except Exception as exc:
                    raise PluginError(
                        impl.plugin_name,
                        hook,
                        {"fr": f"erreur : {exc!r}", "en": f"error: {exc!r}"},
                    ) from exc
            self._cache[cache_key] = found
            self._owners[hook] = owners
            return dict(found)

    def owner(self, hook: str, name: str) -> str | None:
        """Return the plugin that registered ``name`` through ``hook`` (after a collect)."""
        return self._owners.get(hook, {}).get(name)

    # -- typed views -------------------------------------------------------------

    def exporters(self) -> dict[str, Any]:
        """Questionnaire export formats by name."""
        from conseils_citoyens.formats import Exporter

        return self.collect("register_exporters", Exporter, lambda e: e.name)

    def importers(self) -> dict[str, Any]:
        """Filled-form importers by name."""
        from conseils_citoyens.formats import Importer

        return self.collect("register_importers", Importer, lambda i: i.name)

    def rules(self, subject: str | None = None) -> tuple[Any, ...]:
        """Check rules, all or those of one subject (``council``, ``diagnostic``, ``cycle``)."""
        from conseils_citoyens.rules import Rule

        rules = self.collect("register_rules", Rule, lambda r: r.id).values()
        return tuple(
            attrs.evolve(
                rule, check=_attributed(rule, self.owner("register_rules", rule.id) or "?")
            )
            for rule in rules
            if subject is None or rule.subject == subject
        )

    def report_formats(self, subject: str | None = None) -> dict[str, Any]:
        """Report formats by ``subject:name``, optionally of one subject."""
        from conseils_citoyens.formats import ReportFormat

        found = self.collect(
            "register_report_formats", ReportFormat, lambda f: f"{f.subject}:{f.name}"
        )
        return {k: v for k, v in found.items() if subject is None or v.subject == subject}

    def exporter_for_suffix(self, suffix: str) -> Any | None:
        """Return the exporter handling a file suffix (``.docx``), or None."""
        wanted = suffix.lower()
        return next((e for e in self.exporters().values() if wanted in e.suffixes), None)

    def importer_for_suffix(self, suffix: str) -> Any | None:
        """Return the importer handling a file suffix, or None."""
        wanted = suffix.lower()
        return next((i for i in self.importers().values() if wanted in i.suffixes), None)

    def report_format_for(self, subject: str, suffix: str) -> Any | None:
        """Return the report format of ``subject`` handling a file suffix, or None."""
        wanted = suffix.lower()
        return next(
            (f for f in self.report_formats(subject).values() if wanted in f.suffixes), None
        )

    def questionnaire_contributions(
        self, context: dict[str, Any]
    ) -> list[QuestionnaireContribution]:
        """Collect each plugin's sections and adjust function, in plugin order."""
        from conseils_citoyens.survey.questionnaire.model import Section

        sections: dict[str, list[Any]] = {}
        for plugin, _ in self._with_register(
            "register_questionnaire_sections", Section, sections, context=context
        ):
            sections.setdefault(plugin, [])
        adjusters: dict[str, Callable[[Any], Any]] = {}
        caller = self._hook("adjust_questionnaire")
        for impl in caller.get_hookimpls():
            function = impl.function

            def adjust(
                questionnaire: Any, _f: Any = function, _argnames: Any = impl.argnames
            ) -> Any:
                arguments = {"questionnaire": questionnaire, "context": context}
                return _f(**{n: arguments[n] for n in _argnames if n in arguments})

            adjusters[impl.plugin_name] = adjust
        order = list(dict.fromkeys([*sections, *adjusters]))
        return [
            QuestionnaireContribution(
                plugin=name, sections=tuple(sections.get(name, ())), adjust=adjusters.get(name)
            )
            for name in order
        ]

    def _with_register(
        self, hook: str, expected: type[Any], sink: dict[str, list[Any]], **kwargs: Any
    ) -> Iterator[tuple[str, None]]:
        caller = self._hook(hook)
        for impl in caller.get_hookimpls():
            plugin = impl.plugin_name

            def register(item: object, _plugin: str = plugin) -> None:
                if not isinstance(item, expected):
                    raise PluginError(
                        _plugin,
                        hook,
                        {
                            "fr": f"objet de type {type(item).__name__} enregistré, {expected.__name__} attendu",
                            "en": f"registered a {type(item).__name__}, expected {expected.__name__}",
                        },
                    )
                sink.setdefault(_plugin, []).append(item)

            arguments = {"register": register, **kwargs}
            try:
                impl.function(**{n: arguments[n] for n in impl.argnames if n in arguments})
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(
                    plugin, hook, {"fr": f"erreur : {exc!r}", "en": f"error: {exc!r}"}
                ) from exc
            yield plugin, None


def _rank(name: str) -> int:
    """Registration rank: built-ins in DEFAULT_PLUGINS order, then the others."""
    return DEFAULT_PLUGINS.index(name) if name in DEFAULT_PLUGINS else len(DEFAULT_PLUGINS)


def _attributed(rule: Any, plugin: str) -> Callable[[Any, Any], Any]:
    """Wrap a rule's check so that a failure names the plugin and the rule."""
    check = rule.check

    def attributed_check(subject: Any, context: Any) -> Any:
        try:
            return list(check(subject, context))
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                plugin,
                f"register_rules ({rule.id})",
                {"fr": f"la règle a échoué : {exc!r}", "en": f"the rule failed: {exc!r}"},
            ) from exc

    return attributed_check


_default_host: PluginHost | None = None
_default_lock = threading.Lock()


def get_plugins() -> PluginHost:
    """Return the process-wide plugin host (built-ins + installed plugins)."""
    global _default_host
    with _default_lock:
        if _default_host is None:
            _default_host = PluginHost()
        return _default_host


def set_plugins(host: PluginHost | None) -> PluginHost | None:
    """Replace the process-wide plugin host (None: rebuild on next use); return the old one."""
    global _default_host
    with _default_lock:
        previous, _default_host = _default_host, host
        return previous


@contextlib.contextmanager
def isolated_plugins(*plugins: object | str, builtins: bool = True) -> Iterator[PluginHost]:
    """Use a fresh host with only ``plugins`` (and the built-ins) inside a ``with`` block.

    Installed plugins are not loaded; the previous process-wide host is
    restored on exit, whatever happens. Made for tests, plugin authors' included.
    """
    host = PluginHost(builtins=builtins, entry_points=False, plugins=plugins)
    previous = set_plugins(host)
    try:
        yield host
    finally:
        set_plugins(previous)


# -- Installed plugins, found quickly ------------------------------------------
#
# Every command looks up the plugins installed for it, and importing
# :mod:`importlib.metadata` (it pulls in ``email``, ``csv``, ``zipfile``...) is a
# tenth of a short command such as ``council check``. Nearly every installation
# has no plugin, so :func:`installed_entry_points` first reads the file system the way
# importlib.metadata's path finder does, and only asks importlib.metadata about
# the distributions whose ``entry_points.txt`` names the group (the usual case:
# none, and it is never imported). importlib.metadata then parses those files
# and loads their entry points exactly as it always does.
#
# The quick look covers what importlib.metadata's path finder does for the
# directories of :data:`sys.path`: ``*.dist-info`` and ``*.egg-info``
# directories, names matched without regard to case, the first distribution of a
# name on the path hiding the later ones. Whatever it does not reproduce exactly
# makes it step aside, and importlib.metadata searches everything itself: a
# distribution finder on :data:`sys.meta_path` other than Python's own, an entry
# of :data:`sys.path` that is a file (a zip archive) or an ``.egg``, or a
# metadata directory whose name does not give the distribution's name
# (``Foo-1.0.DIST-INFO``, ``-1.0.dist-info``). ``tests/test_discovery.py``
# compares both on the test environment and on generated ones.

_METADATA_SUFFIXES: Final = (".dist-info", ".egg-info")


def installed_entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` that ``importlib.metadata.entry_points(group=group)`` gives.

    Without importing importlib.metadata when no distribution declares any
    (see "Installed plugins, found quickly" above). In the order
    importlib.metadata gives them (distributions in the order of
    :data:`sys.path`). An ``entry_points.txt`` naming the group that cannot be
    read (not UTF-8, a line without ``=``) raises :class:`ValueError` naming
    the file; one that does not name the group is not read, where
    importlib.metadata would fail on it.
    """
    candidates = _metadata_candidates(group)
    if candidates is None:  # something the quick look does not reproduce exactly
        from importlib import metadata

        return list(metadata.entry_points(group=group))
    if not candidates:
        return []
    from importlib import metadata

    found: list[EntryPoint] = []
    for path in candidates:
        try:
            found.extend(metadata.PathDistribution(path).entry_points.select(group=group))
        except (ValueError, TypeError) as exc:  # not UTF-8, a line without "=": name the file
            raise ValueError(f"{path / 'entry_points.txt'} : {exc}") from exc
    return found


def _metadata_candidates(group: str) -> list[Path] | None:
    """The metadata directories that may hold ``group``, or None when unsure how to look."""
    if any(
        finder is not PathFinder and getattr(finder, "find_distributions", None) is not None
        for finder in sys.meta_path
    ):
        return None
    seen: set[str] = set()
    found: list[Path] = []
    for entry in sys.path:
        if not isinstance(entry, str):
            return None
        root = entry or "."
        try:
            children = os.listdir(root)
        except FileNotFoundError:
            continue
        except OSError:
            if os.path.isfile(root):
                return None  # a zip archive: importlib.metadata reads inside it
            continue  # unreadable: importlib.metadata finds nothing there either
        if os.path.basename(entry).lower().endswith(".egg"):
            return None
        for child in children:
            if not child.lower().endswith(_METADATA_SUFFIXES):
                continue
            stem, suffix = os.path.splitext(child)
            if suffix not in _METADATA_SUFFIXES:
                return None  # importlib.metadata would name it from its METADATA file
            # The name importlib.metadata tells distributions apart by (its _normalized_name).
            name = re.sub(r"[-_.]+", "_", stem.partition("-")[0]).lower()
            if not name:
                return None  # importlib.metadata would name it from its METADATA file
            if name in seen:
                continue  # hidden by a distribution of the same name earlier on the path
            seen.add(name)
            if _names_group(os.path.join(root, child, "entry_points.txt"), group):
                found.append(Path(entry, child))
    return found


def _names_group(path: str, group: str) -> bool:
    """True when the file has a section ``[group]``, read as importlib.metadata reads it."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:  # no such file, or a *.egg-info file rather than a directory
        return False
    if group.encode() not in data:
        return False
    # importlib.metadata's Sectioned.read: stripped lines, "[name]" opens a section.
    text = data.decode("utf-8", errors="surrogateescape")
    return any(
        line.startswith("[") and line.endswith("]") and line.strip("[]") == group
        for line in map(str.strip, text.splitlines())
    )
