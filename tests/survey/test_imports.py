"""Batch import: every file gets an outcome; nothing is lost; re-runs are identical."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import os
import shutil
import tempfile
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.documents.jsonio import dumps_json
from conseils_citoyens.errors import ConseilsCitoyensError, NotADocumentError, Problem
from conseils_citoyens.formats import FilledForm, Importer, QuestionnaireResolver
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.plugins import get_plugins, isolated_plugins
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue, import_forms
from conseils_citoyens.survey.questionnaire.model import QuestionnaireRef, Respondent
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.hostile_forms import REFUSED, corpus_module, filled_form, make_hostile_forms

QUESTIONNAIRE = standard_questionnaire()
REF = questionnaire_ref(QUESTIONNAIRE)


def _read_fake(path: Path, resolve: QuestionnaireResolver) -> FilledForm:
    """A toy form format: JSON with the ref, a token and answers; 'crash' raises."""
    text = path.read_text(encoding="utf-8")
    if text == "crash":
        raise RuntimeError("bug in the importer")
    try:
        data = json.loads(text)
    except ValueError:
        raise NotADocumentError(path, {"fr": "pas du JSON", "en": "not JSON"}) from None
    ref = QuestionnaireRef(**data["ref"])
    resolve(ref, str(path))
    return FilledForm(
        source=str(path),
        questionnaire=ref,
        answers=data["answers"],
        respondent=Respondent(token=data["token"]) if data.get("token") else None,
        problems=tuple(
            Problem(path=f"$.answers.{q}", code="form.several_ticked", texts={"fr": "deux cases"})
            for q in data.get("ambiguous", [])
        ),
        unmapped=tuple(data.get("unmapped", [])),
    )


class FakeFormat:
    @hookimpl
    def register_importers(self, register: Callable[[Importer], None]) -> None:
        register(Importer(name="fake", suffixes=(".fake",), read=_read_fake))


def _write(path: Path, answers: dict[str, object], **extra: object) -> Path:
    ref = {"id": REF.id, "version": REF.version, "hash": REF.hash}
    path.write_text(json.dumps({"ref": ref, "answers": answers, **extra}), encoding="utf-8")
    return path


@pytest.fixture
def forms(tmp_path: Path) -> dict[str, Path]:
    simulator = Simulator(QUESTIONNAIRE, seed=7)
    made = {
        "good": _write(tmp_path / "a-good.fake", simulator.answers(), token="t1"),
        "problems": _write(
            tmp_path / "b-problems.fake",
            {**simulator.answers(), "humeur": "furieux"},
            ambiguous=["college"],
            unmapped=["Je suis Mme Dupont"],
        ),
        "same_token": _write(tmp_path / "c-token.fake", simulator.answers(), token="t1"),
        "broken": tmp_path / "d-broken.fake",
        "crash": tmp_path / "e-crash.fake",
        "unknown_suffix": tmp_path / "f-form.pdf",
        "missing": tmp_path / "g-missing.fake",
    }
    made["broken"].write_text("{not json", encoding="utf-8")
    made["crash"].write_text("crash", encoding="utf-8")
    made["unknown_suffix"].write_bytes(b"%PDF-1.4")
    made["copy"] = tmp_path / "h-copy.fake"
    shutil.copyfile(made["good"], made["copy"])
    return made


def test_a_batch_never_stops_and_every_file_has_an_outcome(forms: dict[str, Path]) -> None:
    with isolated_plugins(FakeFormat()):
        result = import_forms(list(forms.values()), QuestionnaireCatalogue([QUESTIONNAIRE]))
    by_file = {Path(o.file).name: o for o in result.outcomes}
    assert [Path(o.file).name for o in result.outcomes] == sorted(by_file)
    assert by_file["a-good.fake"].outcome is Outcome.IMPORTED
    assert by_file["b-problems.fake"].outcome is Outcome.IMPORTED_WITH_PROBLEMS
    assert by_file["c-token.fake"].outcome is Outcome.DUPLICATE
    assert by_file["c-token.fake"].duplicate_of == forms["good"]
    kept_message = by_file["c-token.fake"].problems[0].message
    assert "qui est gardé" in kept_message
    answers = len(json.loads(forms["good"].read_text(encoding="utf-8"))["answers"])
    assert f"({answers} réponses), qui est gardé" in kept_message
    assert "(s)" not in kept_message
    assert by_file["h-copy.fake"].outcome is Outcome.DUPLICATE
    for refused in ("d-broken.fake", "e-crash.fake", "f-form.pdf", "g-missing.fake"):
        assert by_file[refused].outcome is Outcome.REFUSED, refused
        assert by_file[refused].problems
    assert len(result.responses) == 2


def test_problems_keep_the_valid_answers_and_report_the_rest(forms: dict[str, Path]) -> None:
    with isolated_plugins(FakeFormat()):
        result = import_forms([forms["problems"]], QuestionnaireCatalogue([QUESTIONNAIRE]))
    (outcome,) = result.outcomes
    assert outcome.response is not None
    assert "humeur" not in outcome.response.answers  # invalid code: left out, reported
    assert "themes" in outcome.response.answers  # the valid answers are kept
    codes = {p.code for p in outcome.problems}
    assert {"form.several_ticked", "form.unmapped_edit"} <= codes
    assert any("humeur" in p.path for p in outcome.problems)
    assert all(p.source == str(forms["problems"]) for p in outcome.problems)


def test_an_unknown_questionnaire_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    form = tmp_path / "x.fake"
    form.write_text(
        json.dumps(
            {"ref": {"id": "autre", "version": "9", "hash": "sha256:" + "0" * 64}, "answers": {}}
        ),
        encoding="utf-8",
    )
    with isolated_plugins(FakeFormat()):
        result = import_forms([form], QuestionnaireCatalogue([QUESTIONNAIRE]))
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.REFUSED
    assert "questionnaire inconnu « autre » version 9" in outcome.problems[0].message


def test_a_changed_questionnaire_is_named_as_such(tmp_path: Path) -> None:
    form = tmp_path / "x.fake"
    form.write_text(
        json.dumps(
            {
                "ref": {"id": REF.id, "version": REF.version, "hash": "sha256:" + "1" * 64},
                "answers": {},
            }
        ),
        encoding="utf-8",
    )
    with isolated_plugins(FakeFormat()):
        (outcome,) = import_forms([form], QuestionnaireCatalogue([QUESTIONNAIRE])).outcomes
    assert "modifié depuis son export" in outcome.problems[0].message


def test_a_folder_or_a_file_is_one_path_never_its_letters(forms: dict[str, Path]) -> None:
    folder = forms["good"].parent
    (folder / "~$a-good.fake").write_bytes(b"lock")
    (folder / ".~lock.a-good.fake#").write_bytes(b"lock")
    (folder / "sub").mkdir()
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    with isolated_plugins(FakeFormat()):
        as_text = import_forms(str(folder), catalogue)
        as_path = import_forms(folder, catalogue)
        as_list = import_forms([folder, forms["good"]], catalogue)  # each file once
        one_file = import_forms(str(forms["good"]), catalogue)
        from_generator = import_forms((p for p in [forms["good"], forms["copy"]]), catalogue)
    expected = sorted((p for p in forms.values() if p.exists()), key=str)
    for result in (as_text, as_path, as_list):
        assert [o.file for o in result.outcomes] == expected
        assert all(isinstance(o.file, Path) for o in result.outcomes)
        assert [i.path.name for i in result.ignored] == [
            ".~lock.a-good.fake#",
            "sub",
            "~$a-good.fake",
        ]
    assert as_text.to_data() == as_path.to_data()
    assert [o.file for o in one_file.outcomes] == [forms["good"]]
    assert one_file.outcomes[0].outcome is Outcome.IMPORTED
    assert [o.outcome for o in from_generator.outcomes] == [Outcome.IMPORTED, Outcome.DUPLICATE]
    assert from_generator.outcomes[1].duplicate_of == forms["good"]
    assert from_generator.to_data()["imports"][1]["duplicate_of"] == str(forms["good"])


def test_a_missing_path_given_alone_is_refused_not_raised(tmp_path: Path) -> None:
    result = import_forms(str(tmp_path / "retours"), QuestionnaireCatalogue([QUESTIONNAIRE]))
    (outcome,) = result.outcomes
    assert outcome.file == tmp_path / "retours"
    assert outcome.outcome is Outcome.REFUSED


def test_reruns_give_byte_identical_output(forms: dict[str, Path]) -> None:
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    with isolated_plugins(FakeFormat()):
        first = dumps_json(import_forms(list(forms.values()), catalogue).to_data())
        second = dumps_json(import_forms(list(reversed(forms.values())), catalogue).to_data())
    assert first == second


def test_real_word_and_odt_forms_import_back(tmp_path: Path) -> None:
    from conseils_citoyens.formats.docx.fill import fill_docx
    from conseils_citoyens.formats.odt.fill import fill_odt
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire

    export_questionnaire(QUESTIONNAIRE, tmp_path / "q.docx")
    export_questionnaire(QUESTIONNAIRE, tmp_path / "q.odt")
    simulator = Simulator(QUESTIONNAIRE, seed=11)
    expected = {}
    for index in range(3):
        answers = simulator.answers()
        fill_docx(
            tmp_path / "q.docx", answers, tmp_path / f"w{index}.docx", questionnaire=QUESTIONNAIRE
        )
        expected[f"w{index}.docx"] = answers
        answers = simulator.answers()
        fill_odt(
            tmp_path / "q.odt", answers, tmp_path / f"o{index}.odt", questionnaire=QUESTIONNAIRE
        )
        expected[f"o{index}.odt"] = answers
    files = [tmp_path / name for name in expected]
    result = import_forms(files, QuestionnaireCatalogue([QUESTIONNAIRE]))
    for outcome in result.outcomes:
        assert outcome.outcome is Outcome.IMPORTED, outcome.problems
        assert outcome.response is not None
        assert dict(outcome.response.answers) == expected[Path(outcome.file).name]


# --------------------------------------------------------------------------- fuzzing

_MAIN_PART = {".docx": "word/document.xml", ".odt": "content.xml"}


@functools.cache
def _filled_form(suffix: str) -> bytes:
    """A filled form of the standard questionnaire (made once per session)."""
    from conseils_citoyens.formats.docx.fill import fill_docx
    from conseils_citoyens.formats.odt.fill import fill_odt
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire

    with tempfile.TemporaryDirectory() as folder:
        blank = export_questionnaire(
            QUESTIONNAIRE, Path(folder) / f"q{suffix}", respondent=Respondent(token="jeton-fuzz")
        )
        answers = Simulator(QUESTIONNAIRE, seed=5).answers()
        filled = Path(folder) / f"rempli{suffix}"
        fill = fill_docx if suffix == ".docx" else fill_odt
        fill(blank, answers, filled, questionnaire=QUESTIONNAIRE)
        return filled.read_bytes()


def _rezip(data: bytes, part: str, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = xml if info.filename == part else source.read(info)
            target.writestr(info, blob, compress_type=info.compress_type)
    return out.getvalue()


def _edit_nodes(data: bytes, part: str, edits: list[tuple[str, int]]) -> bytes:
    """Delete or duplicate elements of the main XML part (picked by index), rezipped."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(part))
    for operation, index in edits:
        elements = [el for el in root.iter() if el.getparent() is not None]
        if not elements:  # the root alone is left
            break
        victim = elements[index % len(elements)]
        parent = victim.getparent()
        if operation == "delete":
            parent.remove(victim)
        else:  # duplicate: a deep copy right after the original
            victim.addnext(copy.deepcopy(victim))
    return _rezip(data, part, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _check_every_route(path: Path) -> None:
    """The importer raises only library errors; the batch never raises and gives one outcome."""
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    importer = get_plugins().importer_for_suffix(path.suffix)
    assert importer is not None
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        message = "lu"
        try:
            importer.read(path, catalogue.resolve)
        except ConseilsCitoyensError as error:  # any other exception fails the test
            message = error.message_in("fr")
        assert message
        (outcome,) = import_forms([path], catalogue).outcomes
    assert stdout.getvalue() == ""
    assert outcome.file == path
    codes = {p.code for p in outcome.problems}
    assert "batch.importer_failed" not in codes, outcome.problems  # an unexpected exception
    if outcome.outcome is Outcome.REFUSED:
        assert outcome.response is None
        assert outcome.problems
    else:
        assert outcome.response is not None
        known = {q.id for q in QUESTIONNAIRE.questions()}
        assert {key.split(".", 1)[0] for key in outcome.response.answers} <= known
    dumps_json(import_forms([path], catalogue).to_data())  # always writable


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), max_size=8),
    cut=st.none() | st.integers(0, 10**7),
)
def test_forms_with_flipped_or_missing_bytes_always_get_an_outcome(
    suffix: str, flips: list[tuple[int, int]], cut: int | None, tmp_path: Path
) -> None:
    mutated = bytearray(_filled_form(suffix))
    for position, value in flips:
        mutated[position % len(mutated)] = value
    if cut is not None:
        mutated = mutated[: cut % (len(mutated) + 1)]
    path = tmp_path / f"abime{suffix}"
    path.write_bytes(bytes(mutated))
    _check_every_route(path)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["delete", "duplicate"]), st.integers(0, 10**6)),
        min_size=1,
        max_size=6,
    )
)
def test_forms_with_deleted_or_duplicated_xml_nodes_always_get_an_outcome(
    suffix: str, edits: list[tuple[str, int]], tmp_path: Path
) -> None:
    """Deletion of Word nodes is also fuzzed in test_docx_importer; duplication is new here."""
    data = _edit_nodes(_filled_form(suffix), _MAIN_PART[suffix], edits)
    path = tmp_path / f"modifie{suffix}"
    path.write_bytes(data)
    _check_every_route(path)


# --------------------------------------------------------------------------- hostile batch


@pytest.fixture(scope="module")
def hostile_batch(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Path], dict[Path, dict[str, object]]]:
    """The hostile corpus inside filled forms, and three valid filled forms with their answers."""
    folder = tmp_path_factory.mktemp("lot-hostile")
    corpus = make_hostile_forms(folder)
    valid: dict[Path, dict[str, object]] = {}
    (folder / "valides").mkdir()
    for index, name in enumerate(("valide-1.docx", "valide-2.odt", "valide-3.docx")):
        answers = Simulator(QUESTIONNAIRE, seed=200 + index).answers()
        respondent = Respondent(token=f"jeton-{index}", council_id="cc-1")
        valid[filled_form(folder / "valides", name, answers, respondent)] = answers
    return corpus, valid


def test_a_batch_of_hostile_files_imports_the_valid_forms(
    hostile_batch: tuple[dict[str, Path], dict[Path, dict[str, object]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus, valid = hostile_batch
    files = [*corpus.values(), *valid]
    tracemalloc.start()
    try:
        result = import_forms(files, QuestionnaireCatalogue([QUESTIONNAIRE]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024  # the 150 MB bombs are never expanded
    assert capsys.readouterr().out == ""  # nothing of any document printed
    by_file = {Path(o.file): o for o in result.outcomes}
    assert len(by_file) == len(files)
    for case, words in REFUSED.items():
        outcome = by_file[corpus[case]]
        assert outcome.outcome is Outcome.REFUSED, (case, outcome.problems)
        assert outcome.response is None
        (problem,) = outcome.problems
        assert words in problem.message, (case, problem.message)
        assert problem.texts["en"]
        assert problem.texts["en"] != problem.texts["fr"]
        assert "SECRET-LOCAL-FILE-CONTENT" not in problem.message
    for path, answers in valid.items():
        outcome = by_file[path]
        assert outcome.outcome is Outcome.IMPORTED, outcome.problems
        assert outcome.response is not None
        assert dict(outcome.response.answers) == answers
    # The corpus' own valid forms import; the 100,000-character answer is cut and reported.
    marker = corpus_module().MARKER
    for case in ("valid_docx", "valid_odt"):
        outcome = by_file[corpus[case]]
        assert outcome.outcome is Outcome.IMPORTED, outcome.problems
        assert outcome.response is not None
        assert outcome.response.answers["commentaires"] == marker
    huge = by_file[corpus["huge_answer_docx"]]
    assert huge.outcome is Outcome.IMPORTED_WITH_PROBLEMS
    assert huge.response is not None
    assert "commentaires" not in huge.response.answers  # over the question's 2,000 characters
    assert [(p.code, p.path) for p in huge.problems] == [
        ("form.answer_truncated", "$.answers.commentaires"),
        ("response.too_long", "$.answers.commentaires"),
    ]
    assert len(result.responses) == len(valid) + 3
    assert set(REFUSED) | {"valid_docx", "valid_odt", "huge_answer_docx"} == set(corpus)


def test_problems_never_quote_another_respondents_answers(tmp_path: Path) -> None:
    """Form A is broken or faulty, form B is valid: nothing A's outcome says comes from B."""
    secrets_b = {
        "conseil": "Conseil-de-B-confidentiel",
        "autres_themes": "Theme-de-B-confidentiel",
        "commentaires": "Commentaire-de-B-confidentiel",
    }
    answers_b = {**Simulator(QUESTIONNAIRE, seed=31).answers(), **secrets_b}
    valid_b = filled_form(tmp_path, "b.docx", answers_b, Respondent(token="jeton-b"))
    answers_a = Simulator(QUESTIONNAIRE, seed=32).answers()
    faulty_a = filled_form(
        tmp_path, "a-fautif.odt", {**answers_a, "commentaires": "x" * 30_000}, None
    )
    broken_a = tmp_path / "a-casse.docx"
    broken_a.write_bytes(valid_b.read_bytes()[:-100])  # B's bytes, truncated: refused
    result = import_forms([broken_a, faulty_a, valid_b], QuestionnaireCatalogue([QUESTIONNAIRE]))
    outcomes = {Path(o.file).name: o for o in result.outcomes}
    assert outcomes["a-casse.docx"].outcome is Outcome.REFUSED
    assert outcomes["a-fautif.odt"].outcome is Outcome.IMPORTED_WITH_PROBLEMS
    assert outcomes["b.docx"].outcome is Outcome.IMPORTED
    said = dumps_json(
        [result.to_data("fr")["imports"], result.to_data("en")["imports"]]
    )  # every problem, in both languages
    for secret in (*secrets_b.values(), "jeton-b"):
        assert secret not in said


def test_a_duplicate_names_one_answer_in_the_singular(tmp_path: Path) -> None:
    question, value = next(iter(Simulator(QUESTIONNAIRE, seed=3).answers().items()))
    first = _write(tmp_path / "a.fake", {question: value}, token="t9")
    second = _write(tmp_path / "b.fake", {question: value}, token="t9", unmapped=["x"])
    with isolated_plugins(FakeFormat()):
        result = import_forms([first, second], QuestionnaireCatalogue([QUESTIONNAIRE]))
    (problem,) = result.outcomes[1].problems
    assert f"même répondant que {first} (1 réponse), qui est gardé ; " in problem.texts["fr"]
    assert "ce formulaire-ci (1 réponse) n'est pas compté" in problem.texts["fr"]
    assert f"same respondent as {first} (1 answer), which is kept; " in problem.texts["en"]
    assert "this form (1 answer) is not counted" in problem.texts["en"]


def test_text_outside_the_answer_areas_is_bounded_and_counted(tmp_path: Path) -> None:
    from conseils_citoyens.survey.imports import MAX_UNMAPPED, MAX_UNMAPPED_KEPT

    pieces = [f"note {i} " + "x" * 30_000 for i in range(MAX_UNMAPPED_KEPT + 5)]
    form = _write(tmp_path / "a.fake", Simulator(QUESTIONNAIRE, seed=2).answers(), unmapped=pieces)
    with isolated_plugins(FakeFormat()):
        (outcome,) = import_forms([form], QuestionnaireCatalogue([QUESTIONNAIRE])).outcomes
    assert len(outcome.unmapped) == MAX_UNMAPPED_KEPT
    assert all(len(text) <= 20_000 for text in outcome.unmapped)
    reported = [p for p in outcome.problems if p.code == "form.unmapped_edit"]
    assert len(reported) == MAX_UNMAPPED + 1
    assert reported[-1].texts == {
        "fr": f"et {len(pieces) - MAX_UNMAPPED} autres textes écrits hors des zones de réponse",
        "en": f"and {len(pieces) - MAX_UNMAPPED} more texts written outside the answer areas",
    }


def test_a_blank_form_is_listed_but_not_counted(tmp_path: Path) -> None:
    form = _write(tmp_path / "vide.fake", {})
    with isolated_plugins(FakeFormat()):
        result = import_forms([form], QuestionnaireCatalogue([QUESTIONNAIRE]))
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.REFUSED
    assert outcome.problems[0].code == "batch.empty_form"
    assert "formulaire vide" in outcome.problems[0].message
    assert result.responses == ()


def test_repeated_problems_are_merged_and_the_rest_capped(tmp_path: Path) -> None:
    """One control repeated 46,948 times must not give 46,948 problems (issue 18)."""
    from conseils_citoyens.survey.imports import MAX_PROBLEMS

    path = _write(
        tmp_path / "flood.fake",
        {},
        ambiguous=["college"] * 46_948 + [f"q{n}" for n in range(150)],
    )
    with isolated_plugins(FakeFormat()):
        result = import_forms([path], QuestionnaireCatalogue([QUESTIONNAIRE]))
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.IMPORTED_WITH_PROBLEMS
    assert len(outcome.problems) == MAX_PROBLEMS + 1
    first = outcome.problems[0]
    assert first.path == "$.answers.college"
    assert first.message_in("fr") == "deux cases (46948 fois)"
    summary = outcome.problems[-1]
    assert summary.code == "batch.more_problems"
    # 151 distinct problems from the form, plus what validation adds (a missing answer...)
    more = int(summary.message_in("en").split()[1])
    assert more >= 51
    assert summary.message_in("fr") == f"et {more} autres problèmes dans ce fichier"
    assert summary.message_in("en") == f"and {more} more problems in this file"
    assert all(p.source == str(path) for p in outcome.problems)


def test_batches_read_apart_are_combined_counting_each_respondent_once(tmp_path: Path) -> None:
    """Word/ODT forms and scans are read apart in one ``responses import`` run."""
    from conseils_citoyens.survey.imports import combine_batches

    simulator = Simulator(QUESTIONNAIRE, seed=5)
    (tmp_path / "typed").mkdir()
    (tmp_path / "scanned").mkdir()
    typed = _write(tmp_path / "typed" / "a.fake", simulator.answers(), token="t4")
    other = _write(tmp_path / "typed" / "b.fake", simulator.answers(), token="t5")
    scanned = _write(tmp_path / "scanned" / "a.fake", simulator.answers(), token="t4")
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    with isolated_plugins(FakeFormat()):
        first = import_forms(tmp_path / "typed", catalogue)
        second = import_forms(tmp_path / "scanned", catalogue)
    combined = combine_batches(first, second)
    assert [o.file for o in combined.outcomes] == [typed, other, scanned]
    later = combined.outcomes[2]
    assert later.outcome is Outcome.DUPLICATE
    assert later.response is None
    assert later.duplicate_of == typed
    assert f"même répondant que {typed}" in later.problems[0].texts["fr"]
    assert len(combined.responses) == 2
    assert combine_batches(first).outcomes == first.outcomes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_every_file_of_a_folder_not_imported_is_listed_with_why(tmp_path: Path) -> None:
    from conseils_citoyens.survey.imports import SetAside, form_files

    folder = tmp_path / "retours"
    folder.mkdir()
    form = _write(folder / "a.fake", Simulator(QUESTIONNAIRE, seed=1).answers())
    (folder / "~$a.fake").write_bytes(b"lock")
    (folder / "lot-2").mkdir()
    (folder / ".cache").mkdir()
    os.mkfifo(folder / "tube")
    (folder / "lien").symlink_to(tmp_path / "disparu.docx")
    (folder / "vers-a.fake").symlink_to(form)  # a link to a form is a form
    with isolated_plugins(FakeFormat()):
        result = import_forms(folder, QuestionnaireCatalogue([QUESTIONNAIRE]))
    assert [o.file.name for o in result.outcomes] == ["a.fake", "vers-a.fake"]
    why = {item.path.name: item.reason for item in result.ignored}
    assert why == {
        "~$a.fake": SetAside.HIDDEN_OR_LOCK,
        "lot-2": SetAside.FOLDER,
        ".cache": SetAside.FOLDER,
        "tube": SetAside.SPECIAL,
        "lien": SetAside.BROKEN_LINK,
    }
    assert [item.path.name for item in result.ignored] == sorted(why, key=lambda n: str(folder / n))
    said = {item.path.name: item.message("fr") for item in result.ignored}
    assert "sous-dossier" in said["lot-2"]
    assert "pas un fichier ordinaire" in said["tube"]
    assert "lien vers un fichier introuvable" in said["lien"]
    english = {item.path.name: item.message("en") for item in result.ignored}
    assert "subfolder" in english["lot-2"]
    assert "not a regular file" in english["tube"]
    files, ignored = form_files(folder)
    assert ignored == list(result.ignored)
    assert [f.name for f in files] == ["a.fake", "vers-a.fake"]
