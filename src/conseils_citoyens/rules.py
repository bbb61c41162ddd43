"""Rules and findings: the common shape of every check (councils, diagnostics, cycles).

A rule is a plain object: an id, a source tag (law / guideline / practice),
the period it is in force, and a function yielding findings. Severity follows
the source tag (DOMAIN.md): law -> error, guideline -> warning, practice ->
advice. Rules are registered through the ``register_rules`` plugin hook.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from conseils_citoyens.i18n import pick, text_map

if TYPE_CHECKING:
    from conseils_citoyens.errors import ValidationError


class Source(enum.Enum):
    """Where a rule comes from."""

    LAW = "law"
    GUIDELINE = "guideline"
    PRACTICE = "practice"


class Severity(enum.Enum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for advice (sort order)."""
        return _SEVERITY_RANK[self]

    def label(self, lang: str | None = None) -> str:
        """The severity for people (``erreur``, ``avertissement``, ``conseil``)."""
        return pick(_SEVERITY_LABELS[self], lang)


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ADVICE: 2}
_SEVERITY_LABELS = {
    Severity.ERROR: {"fr": "erreur", "en": "error"},
    Severity.WARNING: {"fr": "avertissement", "en": "warning"},
    Severity.ADVICE: {"fr": "conseil", "en": "advice"},
}

SEVERITY_OF_SOURCE: Mapping[Source, Severity] = {
    Source.LAW: Severity.ERROR,
    Source.GUIDELINE: Severity.WARNING,
    Source.PRACTICE: Severity.ADVICE,
}


@attrs.frozen(kw_only=True)
class Finding:
    """What a rule found: rule id, severity, members concerned (pseudonymous ids), message."""

    rule_id: str
    severity: Severity
    texts: Mapping[str, str] = attrs.field(converter=text_map)
    members: tuple[str, ...] = ()
    path: str | None = None

    @property
    def message(self) -> str:
        """The message in the current language."""
        return pick(self.texts)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        data: dict[str, Any] = {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "message": pick(self.texts, lang),
        }
        if self.members:
            data["members"] = list(self.members)
        if self.path:
            data["path"] = self.path
        return data


#: The types a typed rule option may have.
OPTION_TYPES: tuple[type[Any], ...] = (bool, int, dt.date)


def _option_type(_option: Any, _attribute: Any, value: Any) -> None:
    if value not in OPTION_TYPES:
        raise TypeError(f"option type must be bool, int or datetime.date, not {value!r}")


@attrs.frozen(kw_only=True)
class RuleOption:
    """A typed check option a rule reads: its name, type, default and description.

    ``type`` is ``bool``, ``int`` (a whole number, zero or more) or
    ``datetime.date``. ``--option NAME=TEXT`` turns the text into that type
    (:meth:`parse`) and the Python API refuses a value of another type
    (:meth:`check`), both with a :class:`~conseils_citoyens.errors.ValidationError`
    naming the option, before any rule runs. A rule reads the value in force
    with :meth:`value`.
    """

    name: str
    type: type[Any] = attrs.field(validator=_option_type)
    default: Any
    texts: Mapping[str, str] = attrs.field(factory=dict, converter=text_map)

    def __attrs_post_init__(self) -> None:
        if self._expected(self.default) is not None:
            raise TypeError(
                f"option {self.name!r}: default {self.default!r} does not fit type "
                f"{self.type.__name__}"
            )

    def _expected(self, value: Any) -> tuple[str, str] | None:
        """What ``value`` should have been (French, English), or None when it fits."""
        if self.type is bool:
            return None if isinstance(value, bool) else ("vrai ou faux", "true or false")
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return ("un nombre entier", "an integer")
            return None if value >= 0 else ("un nombre entier positif", "a non-negative integer")
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        return ("une date", "a date")

    def check(self, value: Any) -> Any:
        """Return ``value`` when it has the option's type; raise ``ValidationError`` if not."""
        expected = self._expected(value)
        if expected is not None:
            raise self._bad(value, *expected)
        return value

    def value(self, context: CheckContext) -> Any:
        """The option's value in ``context`` (checked), or its default."""
        return self.check(context.option(self.name, self.default))

    def parse(self, text: str) -> Any:
        """Turn a command-line text into the option's type; raise ``ValidationError`` if not."""
        lowered = text.strip().lower()
        if self.type is bool:
            if lowered in ("true", "1", "yes", "oui", "vrai"):
                return True
            if lowered in ("false", "0", "no", "non", "faux"):
                return False
            raise self._bad(text, "vrai ou faux (true/false)", "true or false")
        if self.type is int:
            try:
                number = int(lowered)
            except ValueError:
                raise self._bad(text, "un nombre entier", "an integer") from None
            if number < 0:
                raise self._bad(text, "un nombre entier positif", "a non-negative integer")
            return number
        try:
            return dt.date.fromisoformat(lowered)
        except ValueError:
            raise self._bad(text, "une date AAAA-MM-JJ", "a YYYY-MM-DD date") from None

    def _bad(self, value: Any, fr: str, en: str) -> ValidationError:
        from conseils_citoyens.errors import Problem, ValidationError

        return ValidationError(
            [
                Problem(
                    path=f"options.{self.name}",
                    code="option.invalid",
                    texts={
                        "fr": f"option « {self.name} » : {value!r} n'est pas {fr}",
                        "en": f"option '{self.name}': {value!r} is not {en}",
                    },
                )
            ],
            kind="options",
        )


def _rule_options(value: Iterable[str | RuleOption]) -> tuple[str | RuleOption, ...]:
    options = tuple(value)
    for option in options:
        if not isinstance(option, (str, RuleOption)):
            raise TypeError(f"a rule option is a name or a RuleOption, not {option!r}")
    return options


@attrs.frozen(kw_only=True)
class Rule:
    """A check on one kind of subject (``council``, ``diagnostic``, ``cycle``).

    ``check(subject, context)`` yields findings; it is called only when the
    rule is in force on ``context.as_of`` (``valid_from`` inclusive,
    ``valid_until`` exclusive). ``severity`` defaults to the one of ``source``.
    ``options`` declares the check options (:attr:`CheckContext.options`) the
    rule reads: the CLI accepts ``--option NAME=…`` only for declared names.
    Each is a name (the value reaches the rule as given: text from the CLI)
    or a :class:`RuleOption` (a typed value, checked before any rule runs).
    """

    id: str
    subject: str
    source: Source
    title: Mapping[str, str] = attrs.field(converter=text_map)
    check: Callable[[Any, CheckContext], Iterable[Finding]]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    severity: Severity | None = None
    reference: str | None = None
    options: tuple[str | RuleOption, ...] = attrs.field(default=(), converter=_rule_options)

    @property
    def effective_severity(self) -> Severity:
        """The severity of this rule's findings."""
        return self.severity or SEVERITY_OF_SOURCE[self.source]

    @property
    def option_names(self) -> tuple[str, ...]:
        """The names of the options the rule reads."""
        return tuple(o if isinstance(o, str) else o.name for o in self.options)

    @property
    def typed_options(self) -> tuple[RuleOption, ...]:
        """The options the rule declares with a type."""
        return tuple(o for o in self.options if isinstance(o, RuleOption))

    def in_force(self, day: dt.date) -> bool:
        """Return True when the rule applies on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_until is not None and day >= self.valid_until)

    def finding(
        self,
        texts: Mapping[str, str],
        *,
        members: Iterable[str] = (),
        path: str | None = None,
    ) -> Finding:
        """Build a finding of this rule with its severity."""
        return Finding(
            rule_id=self.id,
            severity=self.effective_severity,
            texts=texts,
            members=tuple(members),
            path=path,
        )


@attrs.frozen(kw_only=True)
class CheckContext:
    """What a check runs against: the date, and options that territories may set.

    ``options`` holds rule parameters by name (e.g. ``parity_tolerance``,
    ``parity_enabled``); rules document the ones they read.
    """

    as_of: dt.date
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=dict)

    def option(self, name: str, default: Any) -> Any:
        """Return option ``name`` or ``default``."""
        return self.options.get(name, default)


@attrs.frozen(kw_only=True)
class CheckReport:
    """The findings of every rule in force for one subject, as of a date."""

    subject_id: str
    as_of: dt.date
    findings: tuple[Finding, ...]
    rules_applied: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "subject": self.subject_id,
            "as_of": self.as_of.isoformat(),
            "ok": self.ok,
            "rules_applied": list(self.rules_applied),
            "findings": [f.to_dict(lang) for f in self.findings],
        }


def check_context(
    subject: Any,
    expected: type,
    as_of: Any,
    options: Any,
) -> CheckContext:
    """The context of a check, after checking the caller's arguments.

    A subject of another class (a dict not yet loaded), a date given as text or
    options that are not a mapping are the caller's mistake: a
    :class:`~conseils_citoyens.errors.ModelError` at the call, never a rule
    failing inside a plugin later.
    """
    from conseils_citoyens.errors import ModelError, Problem

    def wrong(path: str, fr: str, en: str) -> ModelError:
        return ModelError(
            Problem(path=path, code="model.type", texts={"fr": fr, "en": en}), kind="check"
        )

    name, got = expected.__name__, type(subject).__qualname__
    if not isinstance(subject, expected):
        raise wrong(
            "$",
            f"{name} attendu, pas {got} : lisez d'abord les données avec load(données, {name})",
            f"expected {name}, not {got}: read the data with load(data, {name}) first",
        )
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        kind = type(as_of).__qualname__
        raise wrong(
            "$.as_of",
            f"as_of : date attendue (datetime.date), pas {kind} « {as_of!s} »",
            f"as_of: expected a date (datetime.date), not {kind} '{as_of!s}'",
        )
    if options is not None and not isinstance(options, Mapping):
        kind = type(options).__qualname__
        raise wrong(
            "$.options",
            f"options : dictionnaire nom → valeur attendu, pas {kind}",
            f"options: expected a mapping of name to value, not {kind}",
        )
    return CheckContext(as_of=as_of or dt.date.today(), options=dict(options or {}))


def check_options(context: CheckContext, options: Iterable[RuleOption]) -> None:
    """Check the value ``context`` gives each typed option (absent ones take their default).

    Raise :class:`~conseils_citoyens.errors.ValidationError` naming the first
    option whose value has another type.
    """
    for option in options:
        if option.name in context.options:
            option.check(context.options[option.name])


def run_rules(
    subject: Any,
    subject_id: str,
    rules: Iterable[Rule],
    context: CheckContext,
) -> CheckReport:
    """Apply every rule in force on ``context.as_of`` and collect sorted findings.

    The typed options the rules declare are checked first (:func:`check_options`):
    a value of another type raises ``ValidationError`` before any rule runs.
    """
    rules = tuple(rules)
    check_options(context, (option for rule in rules for option in rule.typed_options))
    findings: list[Finding] = []
    applied: list[str] = []
    for rule in rules:
        if not rule.in_force(context.as_of):
            continue
        applied.append(rule.id)
        findings.extend(rule.check(subject, context))
    findings.sort(key=lambda f: (f.severity.rank, f.rule_id, f.members))
    return CheckReport(
        subject_id=subject_id,
        as_of=context.as_of,
        findings=tuple(findings),
        rules_applied=tuple(applied),
    )


_HEADINGS = {
    Severity.ERROR: {"fr": "Erreurs", "en": "Errors"},
    Severity.WARNING: {"fr": "Avertissements", "en": "Warnings"},
    Severity.ADVICE: {"fr": "Conseils", "en": "Advice"},
}


def subject_heading(labels: Mapping[str, str], name: str, subject_id: str) -> dict[str, str]:
    """The first line's subject, by language: ``Diagnostic « Tourcoing 2025 » (diag-1)``.

    A name that starts with the label already (« Diagnostic partagé… »,
    « Conseil citoyen de l'Alma ») is not labelled twice: the name, then the id.
    """
    quote = {"fr": ("« ", " »")}
    heading = {}
    for lang, label in labels.items():
        if name.casefold().startswith(label.casefold()):
            heading[lang] = f"{name} ({subject_id})"
        else:
            opening, closing = quote.get(lang, ("'", "'"))
            heading[lang] = f"{label} {opening}{name}{closing} ({subject_id})"
    return heading


def format_report(
    report: CheckReport,
    heading: Mapping[str, str],
    titles: Mapping[str, Mapping[str, str]],
    *,
    verdict: tuple[Mapping[str, str], Mapping[str, str]] | None = None,
    lang: str | None = None,
) -> str:
    """Return a check report for people: findings grouped by severity, then a summary.

    :param heading: the subject, by language (``{"fr": "Conseil citoyen « X »"...}``).
    :param titles: rule id -> rule title by language.
    :param verdict: texts for a report without and with errors, appended to the summary.
    """
    from conseils_citoyens.i18n import counted, get_language

    language = lang or get_language()
    french = language == "fr"

    def say(fr: str, en: str) -> str:
        return fr if french else en

    day = report.as_of.strftime("%d/%m/%Y") if french else report.as_of.isoformat()
    lines = [
        say(
            f"{pick(heading, language)} — vérification au {day}",
            f"{pick(heading, language)} — checked as of {day}",
        )
    ]
    counts: dict[Severity, int] = {}
    for severity in Severity:
        findings = [f for f in report.findings if f.severity is severity]
        counts[severity] = len(findings)
        if not findings:
            continue
        lines += ["", f"{pick(_HEADINGS[severity], language)} ({len(findings)})"]
        for finding in findings:
            title = (
                pick(titles[finding.rule_id], language)
                if finding.rule_id in titles
                else finding.rule_id
            )
            lines.append(
                f"  - {title} [{finding.rule_id}]{say(' :', ':')} {pick(finding.texts, language)}"
            )
            if finding.members:
                lines.append(
                    say("      membres concernés : ", "      members concerned: ")
                    + ", ".join(finding.members)
                )
            if finding.path:
                lines.append(say("      emplacement : ", "      location: ") + finding.path)
    errors, warnings, advice = (counts[s] for s in Severity)
    applied = len(report.rules_applied)

    def n(count: int, fr: tuple[str, str], en: tuple[str, str]) -> str:
        return counted(count, {"fr": fr, "en": en}, language)

    summary = say("Résumé : ", "Summary: ") + ", ".join(
        (
            n(errors, ("erreur", "erreurs"), ("error", "errors")),
            n(warnings, ("avertissement", "avertissements"), ("warning", "warnings")),
            n(advice, ("conseil", "conseils"), ("piece of advice", "pieces of advice")),
        )
    )
    summary += " ; " if french else "; "
    summary += n(
        applied, ("règle appliquée", "règles appliquées"), ("rule applied", "rules applied")
    )
    if verdict is not None:
        summary += " — " + pick(verdict[0] if report.ok else verdict[1], language)
    lines += ["", summary]
    return "\n".join(lines)
