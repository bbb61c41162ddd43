"""The plugin contract: every hook a plugin can implement.

Project name and entry point group: ``conseils_citoyens``. Implementations
may accept fewer arguments than the specification, so adding an argument
never breaks an existing plugin. Hooks that collect things take a
``register`` callback: the core handles duplicates in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

if TYPE_CHECKING:
    from conseils_citoyens.formats import Exporter, Importer, ReportFormat
    from conseils_citoyens.rules import Rule
    from conseils_citoyens.survey.questionnaire.model import Questionnaire, Section

PROJECT_NAME = "conseils_citoyens"

F = TypeVar("F", bound=Callable[..., Any])
_spec = pluggy.HookspecMarker(PROJECT_NAME)
_impl = pluggy.HookimplMarker(PROJECT_NAME)


def hookspec(function: F) -> F:
    """Mark a hook specification (typed, so mypy keeps the signature)."""
    marked: F = _spec(function)
    return marked


def hookimpl(function: F) -> F:
    """Mark a hook implementation in a plugin (typed, so mypy keeps the signature)."""
    marked: F = _impl(function)
    return marked


@hookspec
def register_questionnaire_sections(
    register: Callable[[Section], None], context: dict[str, Any]
) -> None:
    """Add sections (with their questions) to the questionnaire being assembled.

    Called once per assembly, after the standard questionnaire is loaded and
    before any ``adjust_questionnaire`` call.

    :param register: call ``register(section)`` for each
        :class:`~conseils_citoyens.survey.questionnaire.model.Section` to append.
        Question ids must not collide with existing ones.
    :param context: facts about the target: ``lang`` (str), and when known
        ``territory`` (a Territory), ``council`` (a Council).
    :return: nothing; use ``register``.
    """


@hookspec
def adjust_questionnaire(
    questionnaire: Questionnaire, context: dict[str, Any]
) -> Questionnaire | None:
    """Return a changed copy of the assembled questionnaire, or None to leave it.

    Called once per plugin, in plugin order, after every section was added;
    each call receives the result of the previous one. Use ``attrs.evolve``
    to reword, hide, reorder or add choices. The result is validated again.

    :param questionnaire: the questionnaire as assembled so far.
    :param context: as for ``register_questionnaire_sections``.
    :return: the new questionnaire, or None for no change.
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register questionnaire export formats.

    Called when the exporters are first needed.

    :param register: call ``register(exporter)`` with a
        :class:`~conseils_citoyens.formats.Exporter`. A name already taken by
        another plugin is an error unless ``exporter.replace`` is True.
    """


@hookspec
def register_importers(register: Callable[[Importer], None]) -> None:
    """Register filled-form importers.

    Called when the importers are first needed.

    :param register: call ``register(importer)`` with a
        :class:`~conseils_citoyens.formats.Importer`. Duplicate names follow
        the same rule as exporters.
    """


@hookspec
def register_rules(register: Callable[[Rule], None]) -> None:
    """Register check rules for councils, diagnostics or qualification cycles.

    Called when rules are first needed. The built-in composition rules come
    through this hook too.

    :param register: call ``register(rule)`` with a
        :class:`~conseils_citoyens.rules.Rule`; rule ids are unique unless
        ``replace=True`` is passed to ``register`` (``register(rule, replace=True)``).
    """


@hookspec
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    """Register report formats (training-needs reports, diagnostic and cycle documents).

    Called when report formats are first needed.

    :param register: call ``register(report_format)`` with a
        :class:`~conseils_citoyens.formats.ReportFormat`; names are unique per
        subject unless ``replace`` is True.
    """
