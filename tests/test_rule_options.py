"""Typed rule options (``RuleOption``): parsing, checking, and the refusal at the call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.council.composition import OPTIONS, Option, check_council
from conseils_citoyens.council.model import Council
from conseils_citoyens.errors import PluginError, ValidationError
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.i18n import language
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.rules import CheckContext, Finding, Rule, RuleOption, Source, run_rules

AGE = RuleOption(name="local.max_age", type=int, default=30)
ENABLED = RuleOption(name="local.enabled", type=bool, default=True)
UNTIL = RuleOption(name="local.until", type=dt.date, default=dt.date(2030, 1, 1))
COUNCIL = Council(id="c", name="C", qpv_codes=("QN05901M",))


class AgePlugin:
    """A territory plugin whose rule declares a typed option and records what it reads."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def _check(self, council: Any, context: CheckContext) -> Iterator[Finding]:
        self.seen.append(AGE.value(context))
        yield from ()

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(
            Rule(
                id="local.age",
                subject="council",
                source=Source.PRACTICE,
                title={"fr": "Âge"},
                check=self._check,
                options=(AGE, "local.free"),
            )
        )


def test_the_composition_options_are_rule_options() -> None:
    assert Option is RuleOption
    assert all(isinstance(option, RuleOption) for option in OPTIONS.values())


def test_a_rule_lists_its_option_names_and_typed_options() -> None:
    rule = Rule(
        id="r",
        subject="council",
        source=Source.PRACTICE,
        title={"fr": "r"},
        check=lambda subject, context: (),
        options=["free", AGE],
    )
    assert rule.options == ("free", AGE)
    assert rule.option_names == ("free", "local.max_age")
    assert rule.typed_options == (AGE,)


def test_a_rule_option_of_another_kind_is_refused_when_the_rule_is_made() -> None:
    with pytest.raises(TypeError, match="name or a RuleOption"):
        Rule(
            id="r",
            subject="council",
            source=Source.PRACTICE,
            title={"fr": "r"},
            check=lambda subject, context: (),
            options=(42,),  # type: ignore[arg-type]
        )


def test_an_unsupported_type_or_a_default_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match=r"bool, int or datetime\.date"):
        RuleOption(name="x", type=float, default=1.5)
    with pytest.raises(TypeError, match="default '30' does not fit type int"):
        RuleOption(name="x", type=int, default="30")
    with pytest.raises(TypeError, match="does not fit type date"):
        RuleOption(name="x", type=dt.date, default=dt.datetime(2025, 1, 1))


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_parse(number: int) -> None:
    assert AGE.parse(f" {number} ") == number


@given(st.integers(max_value=-1))
def test_negative_numbers_are_refused(number: int) -> None:
    with pytest.raises(ValidationError, match="entier positif"):
        AGE.parse(str(number))
    with pytest.raises(ValidationError, match="entier positif"):
        AGE.check(number)


@given(st.dates())
def test_dates_parse(day: dt.date) -> None:
    assert UNTIL.parse(day.isoformat()) == day


def test_booleans_parse_in_french_and_english() -> None:
    assert [ENABLED.parse(t) for t in ("oui", "TRUE", "vrai", "1", "non", "false", "0")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(ValidationError, match="vrai ou faux"):
        ENABLED.parse("peut-être")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "option « local.max_age » : 'abc' n'est pas un nombre entier"),
        ("en", "option 'local.max_age': 'abc' is not an integer"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_at_the_call(lang: str, message: str) -> None:
    plugin = AgePlugin()
    with isolated_plugins(plugin), language(lang):
        with pytest.raises(ValidationError) as caught:
            check_council(COUNCIL, as_of=dt.date(2025, 1, 1), options={"local.max_age": "abc"})
        assert not isinstance(caught.value, PluginError)
        (problem,) = caught.value.problems
        assert problem.path == "options.local.max_age"
        assert problem.message == message
        for wrong in (True, 1.5, -1, "30"):
            with pytest.raises(ValidationError, match=r"local\.max_age"):
                check_council(COUNCIL, as_of=dt.date(2025, 1, 1), options={"local.max_age": wrong})
        # Rules given explicitly are checked the same way; so is run_rules.
        rules = [*isolated_rules(plugin)]
        with pytest.raises(ValidationError, match=r"local\.max_age"):
            check_council(
                COUNCIL, as_of=dt.date(2025, 1, 1), options={"local.max_age": "abc"}, rules=rules
            )
        context = CheckContext(as_of=dt.date(2025, 1, 1), options={"local.max_age": "abc"})
        with pytest.raises(ValidationError, match=r"local\.max_age"):
            run_rules(COUNCIL, "c", rules, context)
    assert plugin.seen == []


def isolated_rules(plugin: AgePlugin) -> list[Rule]:
    collected: list[Rule] = []
    plugin.register_rules(collected.append)
    return collected


def test_a_value_of_the_right_type_reaches_the_rule_and_names_stay_free() -> None:
    plugin = AgePlugin()
    with isolated_plugins(plugin):
        check_council(COUNCIL, as_of=dt.date(2025, 1, 1), options={"local.max_age": 25})
        check_council(COUNCIL, as_of=dt.date(2025, 1, 1))
        # A name declared without a type is passed as given, whatever its type.
        check_council(COUNCIL, as_of=dt.date(2025, 1, 1), options={"local.free": object()})
    assert plugin.seen == [25, 30, 30]
