"""The library is safe inside a threaded application (issue 19).

Nothing process-wide is changed behind the host's back: ``sys.stdout`` is never
replaced (odfpy's printing is kept from stdout another way), ``sys.path`` is
left as it was after odfpy's first use, the thread's ``decimal`` context keeps
its flags, and the main thread's language is untouched. Sixteen threads mixing
imports, questionnaire builds with two plugin hosts, validation, analysis and
report writing get exactly the single-threaded results.

``CC_THREAD_TEST_SECONDS=60 uv run pytest tests/test_threads.py -k sixteen``
runs the mixed test for a minute (by default each thread does one round).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens import Section, Text, YesNo, hookimpl
from conseils_citoyens.documents import safety
from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.i18n import get_language
from conseils_citoyens.plugins import PluginHost
from conseils_citoyens.survey.analysis import analyze
from conseils_citoyens.survey.imports import QuestionnaireCatalogue, import_forms
from conseils_citoyens.survey.questionnaire.responses import validate_response
from conseils_citoyens.survey.questionnaire.serialize import content_hash, dump_questionnaire
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from conseils_citoyens.survey.workflow import build_questionnaire, write_report
from tests.hostile_forms import corpus_module, filled_form, marked_answers

QUESTIONNAIRE = standard_questionnaire()
THREADS = 16
REPORT_DATE = dt.date(2026, 6, 1)


def _clean_decimal_flags() -> bool:
    return not any(decimal.getcontext().flags.values())


# --------------------------------------------------------------------------- odfpy and stdout


def test_safe_odt_never_replaces_stdout_while_another_thread_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: loads failed ("XML refusé") and the other thread's lines were lost."""
    odt = tmp_path / "valide.odt"
    odt.write_bytes(corpus_module().valid_odt_bytes())
    stdout = sys.stdout
    loads = 40
    failures: list[BaseException] = []
    loaded = threading.Barrier(3)
    printed: list[str] = []

    def printer() -> None:
        # Print for as long as the loaders run (and at least a few lines).
        while len(printed) < 50 or loaded.n_waiting < 2:
            line = f"ligne {len(printed)}"
            print(line)
            printed.append(line)
        loaded.wait()

    def loader() -> None:
        for _ in range(loads):
            try:
                safety.safe_odt(odt)
            except BaseException as exc:
                failures.append(exc)
        loaded.wait()

    threads = [threading.Thread(target=loader) for _ in range(2)] + [
        threading.Thread(target=printer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sys.stdout is stdout
    assert failures == []
    assert capsys.readouterr().out.splitlines() == printed


def test_what_odfpy_would_print_is_a_refusal_and_never_reaches_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """odfpy prints a part it cannot parse: in a loading thread it raises instead."""
    from conseils_citoyens.documents import _odfpy

    valid = corpus_module().valid_odt_bytes()
    broken = corpus_module().replace_in_part(
        valid, "content.xml", corpus_module().MARKER, "<text:span>non fermé"
    )
    with pytest.raises(_odfpy.OdfpyPrinted):
        _odfpy.load_quietly(io.BytesIO(broken))
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "non fermé" not in captured.err
    # Outside a load, odfpy's print is the usual one (other users of odfpy are unaffected).
    sys.modules["odf.opendocument"].print("visible")
    assert capfd.readouterr().out == "visible\n"


def test_odfpy_leaves_sys_path_as_it_was_in_a_fresh_process(tmp_path: Path) -> None:
    """odfpy appends its folder to sys.path seven times on first import; not through us."""
    script = (
        "import json, sys\n"
        "before = list(sys.path)\n"
        "from pathlib import Path\n"
        "from conseils_citoyens.survey.questionnaire.export import export_questionnaire\n"
        "from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire\n"
        "from conseils_citoyens.documents.safety import safe_odt\n"
        f"target = Path({str(tmp_path / 'q.odt')!r})\n"
        "export_questionnaire(standard_questionnaire(), target)\n"
        "safe_odt(target)\n"
        "print(json.dumps([p for p in sys.path if p not in before] + [len(sys.path) - len(before)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == [0]


def test_a_folder_the_host_put_on_sys_path_stays() -> None:
    import odf

    from conseils_citoyens.documents import _odfpy

    folder = os.path.dirname(odf.__file__)
    sys.path.append(folder)
    try:
        count = sys.path.count(folder)
        _odfpy.ensure_odfpy()
        assert sys.path.count(folder) == count
    finally:
        sys.path.remove(folder)


def test_percentages_use_a_context_of_their_own() -> None:
    """The report rounds half up without leaving flags, or tripping traps, in the caller's context."""
    from conseils_citoyens.i18n import percent_half_up

    with decimal.localcontext() as context:
        context.traps[decimal.Inexact] = True
        context.traps[decimal.Rounded] = True
        context.prec = 2
        assert str(percent_half_up(0.725)) == "73"
        assert str(percent_half_up(1 / 3, 1)) == "33.3"
        assert not any(context.flags.values())


# --------------------------------------------------------------------------- sixteen threads


class _LocalQuestions:
    """A second plugin host's own section (a territory's local questions)."""

    @hookimpl
    def register_questionnaire_sections(self, register: Callable[[Section], None]) -> None:
        register(
            Section(
                id="local_threads",
                title=Text.of("Questions locales", "Local questions"),
                origin="threads",
                questions=(YesNo(id="lt_quartier", label=Text.of("Habitez-vous le quartier ?")),),
            )
        )


def _document_part(path: Path) -> bytes:
    """The body of a written document (the packages also hold creation dates)."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml" if path.suffix == ".docx" else "content.xml")


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Callable[[Path], Any]]:
    """Each task returns a comparable result; given a private folder to write in."""
    folder = tmp_path_factory.mktemp("forms")
    docx = filled_form(folder, "rempli.docx", marked_answers(seed=11))
    odt = filled_form(folder, "rempli.odt", marked_answers(seed=12))
    third = filled_form(folder, "autre.docx", marked_answers(seed=13))
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    plain_host = PluginHost(entry_points=False)
    local_host = PluginHost(entry_points=False, plugins=[_LocalQuestions()])
    # Three respondents: shares of a third are rounded (decimal flags would be set).
    responses = import_forms([docx, odt, third], catalogue).responses
    analysis = analyze(QUESTIONNAIRE, responses, min_group=1)

    def imported(path: Path) -> Callable[[Path], Any]:
        def task(_folder: Path) -> Any:
            batch = import_forms([path], catalogue)
            return [(o.outcome.value, [p.code for p in o.problems]) for o in batch.outcomes], [
                dict(r.answers) for r in batch.responses
            ]

        return task

    def built(host: PluginHost) -> Callable[[Path], Any]:
        def task(_folder: Path) -> Any:
            questionnaire = build_questionnaire(host=host)
            return content_hash(dump_questionnaire(questionnaire)), len(
                list(questionnaire.questions())
            )

        return task

    def report(suffix: str) -> Callable[[Path], Any]:
        def task(own: Path) -> Any:
            # A fixed date: a run across midnight must not change the page-1 date.
            options = ReportOptions(lang="fr", min_group=1, date=REPORT_DATE)
            target = write_report(
                analysis,
                "training_needs",
                own / f"rapport{suffix}",
                options=options,
                overwrite=True,
            )
            if suffix in (".docx", ".odt"):
                return _document_part(target)
            return target.read_bytes()

        return task

    return {
        "import_docx": imported(docx),
        "import_odt": imported(odt),
        "build_plain": built(plain_host),
        "build_local": built(local_host),
        "validate": lambda _f: [
            [p.code for p in validate_response(QUESTIONNAIRE, r)] for r in responses
        ],
        "analyse": lambda _f: json.dumps(
            _report_data(analyze(QUESTIONNAIRE, responses, min_group=1)), sort_keys=True
        ),
        "safe_odt": lambda _f: safety.safe_odt(odt).getElementsByType is not None,
        **{
            f"report{suffix}": report(suffix)
            for suffix in (".md", ".csv", ".json", ".docx", ".odt")
        },
    }


def _report_data(analysis: Any) -> Any:
    from conseils_citoyens.formats.report.tabular import report_data

    return report_data(analysis, ReportOptions(lang="fr", min_group=1, date=REPORT_DATE))


def _rounds(seconds: float) -> Iterator[int]:
    import time

    end = time.monotonic() + seconds
    round_number = 0
    while True:
        yield round_number
        round_number += 1
        if time.monotonic() >= end:
            return


def test_sixteen_threads_get_the_single_threaded_results(
    workload: dict[str, Callable[[Path], Any]], tmp_path: Path
) -> None:
    seconds = float(os.environ.get("CC_THREAD_TEST_SECONDS", "0"))
    names = sorted(workload)
    alone = tmp_path / "seul"
    alone.mkdir()
    expected = {name: workload[name](alone) for name in names}
    assert expected["build_plain"] != expected["build_local"]  # two hosts, two questionnaires
    stdout, path, language = sys.stdout, list(sys.path), get_language()
    context = decimal.getcontext()
    flags = dict(context.flags)
    failures: list[str] = []
    done: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker(number: int) -> None:
        own = tmp_path / f"fil-{number}"
        own.mkdir()
        barrier.wait()
        count = 0
        try:
            for round_number in _rounds(seconds):
                # Each thread walks the tasks from its own starting point: every
                # task runs alongside different others.
                for step in range(len(names) if seconds else 1):
                    name = names[(number + step + round_number) % len(names)]
                    result = workload[name](own)
                    count += 1
                    if result != expected[name]:
                        with lock:
                            failures.append(f"thread {number}, {name}: result differs")
            if not _clean_decimal_flags():
                with lock:
                    failures.append(f"thread {number}: decimal flags {decimal.getcontext().flags}")
        except BaseException as exc:
            with lock:
                failures.append(f"thread {number}: {exc!r}")
        with lock:
            done.append(count)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(done) == THREADS
    assert sum(done) >= THREADS
    assert sys.stdout is stdout
    assert sys.path == path
    assert get_language() == language
    assert decimal.getcontext() is context
    assert dict(context.flags) == flags
    if seconds:
        print(f"{sum(done)} tasks in {seconds:g} s on {THREADS} threads", file=sys.stderr)
