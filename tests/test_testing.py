"""The helpers offered to plugin authors work without hypothesis being imported."""

from __future__ import annotations

import subprocess
import sys

from conseils_citoyens.survey.questionnaire.checks import check_questionnaire
from conseils_citoyens.testing import isolated_plugins, sample_questionnaire


def test_sample_questionnaire_is_valid_and_has_every_type() -> None:
    questionnaire = sample_questionnaire()
    assert check_questionnaire(questionnaire) == []
    kinds = {question.type.value for question in questionnaire.questions()}
    assert len(kinds) == 10


def test_plugin_helpers_do_not_need_hypothesis() -> None:
    code = (
        "import sys; import conseils_citoyens.testing as t; "
        "t.sample_questionnaire(); print('hypothesis' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_strategies_are_reachable_from_testing() -> None:
    from conseils_citoyens.testing import answers_for, questionnaires

    assert callable(answers_for)
    assert callable(questionnaires)
    with isolated_plugins(builtins=False) as host:
        assert host.exporters() == {}
