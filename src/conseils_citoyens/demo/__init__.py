"""``conseils-citoyens demo``: the whole flow on sample data, in one folder.

An example territory with two councils (one meeting the framework, one not)
and their composition check; the standard questionnaire adapted by a local
overlay; Word and OpenDocument forms, one per simulated respondent, filled as
a person would (a few with problems: two boxes ticked, a form sent twice, a
damaged file); the import of every form; reports in .docx, .odt, .md and
.csv; and a qualification cycle drafted from the needs. Everything goes
through the public API, as an app would use it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import OutputError, ValidationError
from conseils_citoyens.i18n import counted, get_language, pick

DEFAULT_DIRECTORY: Final = "demo-conseils-citoyens"
MARKER: Final = ".conseils-citoyens-demo"
DATA_FILES: Final = (
    "territoire.json",
    "conseil-conforme.json",
    "conseil-non-conforme.json",
    "adaptation-locale.json",
)
#: The day the demo checks councils as of: fixed, so that every run gives the same result.
CHECK_DATE: Final = dt.date(2025, 6, 1)


@attrs.frozen(kw_only=True)
class DemoResult:
    """What the demo made: every file, by step, and the import counts."""

    directory: Path
    files: tuple[tuple[str, Path], ...]
    imported: int
    with_problems: int
    refused: int
    duplicates: int


def _say(fr: str, en: str) -> str:
    return pick({"fr": fr, "en": en})


def _data(name: str) -> bytes:
    return (resources.files(__package__) / "data" / name).read_bytes()


def _demo_saved_on(index: int, respondents: int) -> dt.date:
    """The day respondent ``index`` saved their form: spread from 3 March to 28 April 2026."""
    first, last = dt.date(2026, 3, 3), dt.date(2026, 4, 28)
    span = (last - first).days
    return first + dt.timedelta(days=round((index - 1) * span / max(respondents - 1, 1)))


def _suffixes(respondents: int) -> dict[int, str]:
    """Which respondents fill a Word form, which a LibreOffice one."""
    return {i: ".docx" if i % 5 in (1, 2, 4) else ".odt" for i in range(1, respondents + 1)}


def _planned(respondents: int) -> list[str]:
    """Every file the demo may write, relative to its folder (``/`` separators)."""
    suffixes = _suffixes(respondents)
    resent = min(5, respondents)
    return [
        *(f"1-territoire/{name}" for name in DATA_FILES[:3]),
        *(
            f"1-territoire/composition-{stem}{suffix}"
            for stem in ("conseil-conforme", "conseil-non-conforme")
            for suffix in (".json", ".txt")
        ),
        "2-questionnaire/adaptation-locale.json",
        "2-questionnaire/questionnaire.json",
        "2-questionnaire/schema-reponses.json",
        "2-questionnaire/formulaire-vierge.docx",
        "2-questionnaire/formulaire-vierge.odt",
        *(f"3-formulaires-remplis/repondant-{i:02d}{suffixes[i]}" for i in suffixes),
        f"3-formulaires-remplis/repondant-{resent:02d}_renvoi{suffixes[resent]}",
        "3-formulaires-remplis/formulaire-abime.docx",
        "4-reponses/reponses.json",
        "4-reponses/bilan-import.txt",
        *(f"5-rapports/rapport-besoins{s}" for s in (".docx", ".odt", ".md", ".csv")),
        "5-rapports/programme-cycle.docx",
        "LISEZMOI.txt",
    ]


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _earlier_files(directory: Path, planned: list[str]) -> dict[str, str | None] | None:
    """The files an earlier demo wrote in ``directory`` (path -> SHA-256), None if none ran.

    A marker from before 0.2 held no list: the demo's own file names stand for it.
    """
    marker = directory / MARKER
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return dict.fromkeys(planned)
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return dict.fromkeys(planned)
    return {str(k): v if isinstance(v, str) else None for k, v in files.items()}


def _write_marker(directory: Path, files: list[Path], *, complete: bool) -> None:
    """Record what the demo wrote (and whether it finished), so a new run removes only that."""
    from conseils_citoyens.documents.jsonio import dumps_json, write_atomic

    recorded = {
        path.relative_to(directory).as_posix(): _digest(path) for path in files if path.is_file()
    }
    write_atomic(
        directory / MARKER,
        dumps_json({"tool": "conseils-citoyens demo", "complete": complete, "files": recorded}),
    )


def _prepare(directory: Path, force: bool, planned: list[str]) -> None:
    """Make ``directory`` ready: remove what an earlier demo wrote, refuse to touch anything else.

    Only files the demo wrote, and that nobody changed since (same SHA-256),
    are removed. A file of the user's where the demo would write stops the run
    before anything is written, even with ``force``.
    """
    from conseils_citoyens.errors import OutputError

    if directory.exists() and not directory.is_dir():
        raise OutputError(
            directory,
            {
                "fr": f"{directory} est un fichier, pas un dossier : donnez le nom d'un dossier",
                "en": f"{directory} is a file, not a folder: give the name of a folder",
            },
        )
    earlier = _earlier_files(directory, planned)
    if earlier is None and directory.exists() and any(directory.iterdir()) and not force:
        raise OutputError(
            directory,
            {
                "fr": f"{directory} n'est pas vide et n'est pas un dossier de démonstration ; "
                "si vous forcez, la démonstration y ajoute ses dossiers 1-territoire à "
                "5-rapports et LISEZMOI.txt, sans supprimer ni remplacer aucun de vos fichiers",
                "en": f"{directory} is not empty and is not a demo folder; if you force it, the "
                "demo adds its folders 1-territoire to 5-rapports and LISEZMOI.txt to it, "
                "without deleting or replacing any of your files",
            },
            forcible=True,  # the CLI names its option (--force); run_demo(force=True)
        )
    # Decide everything before removing anything: a refused run leaves the folder as it was.
    ours = {
        relative
        for relative, digest in (earlier or {}).items()
        if (directory / relative).is_file()
        and (digest is None or _digest(directory / relative) == digest)
    }
    theirs = [name for name in planned if name not in ours and (directory / name).exists()]
    if theirs:
        listed = ", ".join(theirs[:5]) + (" …" if len(theirs) > 5 else "")
        one = len(theirs) == 1
        raise OutputError(
            directory,
            {
                "fr": "la démonstration ne remplace jamais vos fichiers ; "
                + (
                    "1 fichier est là où elle écrit, et elle ne l'a pas écrit (ou il a été "
                    f"modifié) : {listed} ; déplacez-le"
                    if one
                    else f"{len(theirs)} fichiers sont là où elle écrit, et elle ne les a pas "
                    f"écrits (ou ils ont été modifiés) : {listed} ; déplacez-les"
                )
                + " ou choisissez un autre dossier",
                "en": "the demo never replaces your files; "
                + (
                    f"1 file is where it writes, that it did not write (or that was changed): "
                    f"{listed}; move it"
                    if one
                    else f"{len(theirs)} files are where it writes, that it did not write (or "
                    f"that were changed): {listed}; move them"
                )
                + " or choose another folder",
            },
        )
    for relative in ours:
        (directory / relative).unlink()
    directory.mkdir(parents=True, exist_ok=True)
    _write_marker(directory, [], complete=False)


def run_demo(
    directory: str | Path = DEFAULT_DIRECTORY,
    *,
    respondents: int = 40,
    seed: int = 2026,
    force: bool = False,
    echo: Callable[[str], None] = print,
) -> DemoResult:
    """Run the whole training-needs survey on sample data in ``directory``.

    A folder made by an earlier demo is reused; any other non-empty folder is
    refused unless ``force`` (then the demo's files are added to it). The demo
    never deletes or replaces a file it did not write: a new run removes only
    the files an earlier run wrote and nobody changed since, and stops before
    writing anything when one of the user's files is where it would write. The
    folder is marked complete (``.conseils-citoyens-demo``) only when the run
    finished.
    """
    root = Path(directory)
    planned = _planned(respondents)
    _prepare(root, force, planned)
    files: list[tuple[str, Path]] = []
    try:
        result = _run(root, files, respondents=respondents, seed=seed, echo=echo)
    except BaseException:
        _write_marker(root, [path for _, path in files], complete=False)
        raise
    _write_marker(root, [path for _, path in files], complete=True)
    return result


def _run(
    root: Path,
    files: list[tuple[str, Path]],
    *,
    respondents: int,
    seed: int,
    echo: Callable[[str], None],
) -> DemoResult:
    import tempfile

    from conseils_citoyens.council.composition import check_council
    from conseils_citoyens.council.model import College, Council
    from conseils_citoyens.council.territory import Territory
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.diagnostics.model import Period
    from conseils_citoyens.diagnostics.planning import plan_cycle, priorities
    from conseils_citoyens.documents.convert import load
    from conseils_citoyens.documents.jsonio import dumps_json, write_atomic
    from conseils_citoyens.formats import ReportOptions
    from conseils_citoyens.formats.slots import form_slots
    from conseils_citoyens.survey.analysis import analyze
    from conseils_citoyens.survey.imports import Outcome, import_forms
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.questionnaire.model import Respondent
    from conseils_citoyens.survey.questionnaire.responses import response_schema, validate_response
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
    from conseils_citoyens.survey.responses_file import responses_file_data
    from conseils_citoyens.survey.workflow import (
        build_questionnaire,
        fill_form,
        questionnaire_catalogue,
        write_report,
    )

    def keep(step: str, path: Path) -> Path:
        if path.exists():  # _prepare checked; a file that appeared since is not ours either
            raise OutputError(
                path,
                {
                    "fr": f"{path} existe déjà et n'a pas été écrit par la démonstration, "
                    "qui ne le remplace pas",
                    "en": f"{path} exists and was not written by the demo, which does not "
                    "replace it",
                },
            )
        files.append((step, path))
        return path

    # 1. The territory and its councils, checked against the national framework.
    territory_dir = root / "1-territoire"
    territory_dir.mkdir(exist_ok=True)
    for name in DATA_FILES[:3]:
        write_atomic(keep("1", territory_dir / name), _data(name))
    territory = load(territory_dir / "territoire.json", Territory)
    echo(_say(f"1. Territoire : {territory.name}", f"1. Territory: {territory.name}"))
    councils: list[Council] = []
    for name in ("conseil-conforme.json", "conseil-non-conforme.json"):
        council = load(territory_dir / name, Council)
        councils.append(council)
        report = check_council(council, as_of=CHECK_DATE)
        stem = name.removesuffix(".json")
        write_atomic(
            keep("1", territory_dir / f"composition-{stem}.json"), dumps_json(report.to_dict())
        )
        write_atomic(
            keep("1", territory_dir / f"composition-{stem}.txt"),
            _findings_text(council.name, report),
        )
        errors = len(report.errors)
        others = len(report.findings) - errors
        found_errors = counted(errors, {"fr": ("erreur", "erreurs"), "en": ("error", "errors")})
        found_others = counted(
            others,
            {"fr": ("autre constat", "autres constats"), "en": ("other finding", "other findings")},
        )
        echo(
            _say(
                f"   {council.name} : {found_errors}, {found_others} au {CHECK_DATE:%d/%m/%Y}",
                f"   {council.name}: {found_errors}, {found_others} as of {CHECK_DATE.isoformat()}",
            )
        )

    # 2. The questionnaire: standard, installed plugins, local overlay; blank forms.
    survey_dir = root / "2-questionnaire"
    survey_dir.mkdir(exist_ok=True)
    overlay = write_atomic(keep("2", survey_dir / "adaptation-locale.json"), _data(DATA_FILES[3]))
    questionnaire = build_questionnaire(overlay=overlay)
    ref = questionnaire_ref(questionnaire)
    export_questionnaire(questionnaire, keep("2", survey_dir / "questionnaire.json"))
    write_atomic(
        keep("2", survey_dir / "schema-reponses.json"), dumps_json(response_schema(questionnaire))
    )
    for suffix in (".docx", ".odt"):
        export_questionnaire(
            questionnaire,
            keep("2", survey_dir / f"formulaire-vierge{suffix}"),
            lang=get_language(),
        )
    count = sum(1 for _ in questionnaire.questions())
    echo(
        _say(
            f"2. Questionnaire « {ref.id} » version {ref.version} : "
            f"{counted(count, {'fr': ('question', 'questions')}, 'fr')}, "
            "formulaires Word et LibreOffice",
            f"2. Questionnaire '{ref.id}' version {ref.version}: "
            f"{counted(count, {'en': ('question', 'questions')}, 'en')}, "
            "Word and LibreOffice forms",
        )
    )

    # 3. Respondents fill their personalised forms, some in Word, some in LibreOffice.
    forms_dir = root / "3-formulaires-remplis"
    forms_dir.mkdir(exist_ok=True)
    blanks = tempfile.TemporaryDirectory(prefix="conseils-citoyens-demo-")
    blank_dir = Path(blanks.name)
    simulator = Simulator(questionnaire, seed=seed)
    slots = form_slots(questionnaire)
    suffixes = _suffixes(respondents)
    # Two people tick two boxes where one answer is expected: one in Word, one in LibreOffice.
    ticked = {
        index: question
        for index, question in (
            (next((i for i in suffixes if suffixes[i] == ".docx"), None), "college"),
            (max((i for i in suffixes if suffixes[i] == ".odt"), default=None), "humeur"),
        )
        if index is not None
    }
    for index in range(1, respondents + 1):
        council = councils[index % len(councils)]
        token = f"r{index:02d}"
        suffix = suffixes[index]
        blank = blank_dir / f"{token}{suffix}"
        export_questionnaire(
            questionnaire,
            blank,
            lang=get_language(),
            respondent=Respondent(token=token, council_id=council.id),
        )
        answers = simulator.answers()
        if "conseil" in answers:
            answers["conseil"] = council.name
        if "college" in answers:
            answers["college"] = (
                College.RESIDENTS.value if index % 3 else College.LOCAL_ACTORS.value
            )
        overrides: dict[Any, Any] = {}
        if index in ticked:
            # Exactly two boxes, as the console and LISEZMOI.txt say: not the simulated answer too.
            answers.pop(ticked[index], None)
            boxes = [s for s in slots if s.question_id == ticked[index]]
            overrides = {boxes[0]: True, boxes[1]: True}
        target = forms_dir / f"repondant-{index:02d}{suffix}"
        fill_form(
            blank,
            answers,
            keep("3", target),
            questionnaire=questionnaire,
            overrides=overrides,
            saved_on=_demo_saved_on(index, respondents),
        )
    blanks.cleanup()
    # The same form sent twice, and a form damaged on the way (a truncated file).
    resent = min(5, respondents)
    original = forms_dir / f"repondant-{resent:02d}{suffixes[resent]}"
    shutil.copyfile(original, keep("3", forms_dir / f"{original.stem}_renvoi{original.suffix}"))
    damaged = (forms_dir / f"repondant-01{suffixes[1]}").read_bytes()
    write_atomic(keep("3", forms_dir / "formulaire-abime.docx"), damaged[: len(damaged) // 2])
    used = set(suffixes.values())
    tools = {frozenset({".docx"}): ("Word", "Word"), frozenset({".odt"}): ("LibreOffice",) * 2}
    tool_fr, tool_en = tools.get(frozenset(used), ("Word et LibreOffice", "Word and LibreOffice"))
    echo(
        _say(
            f"3. {counted(respondents, {'fr': ('formulaire rempli', 'formulaires remplis')}, 'fr')}"
            f" ({tool_fr}), dont {len(ticked)} avec deux cases cochées, plus un "
            "formulaire envoyé deux fois et un fichier abîmé",
            f"3. {counted(respondents, {'en': ('filled form', 'filled forms')}, 'en')} "
            f"({tool_en}), {len(ticked)} of them with two boxes ticked, plus a form sent twice "
            "and a damaged file",
        )
    )

    # 4. Import every form: nothing is lost, every file gets an outcome.
    responses_dir = root / "4-reponses"
    responses_dir.mkdir(exist_ok=True)
    catalogue = questionnaire_catalogue(overlay=overlay)
    batch = import_forms(sorted(forms_dir.iterdir()), catalogue)
    write_atomic(
        keep("4", responses_dir / "reponses.json"),
        dumps_json(responses_file_data(batch, [questionnaire])),
    )
    write_atomic(keep("4", responses_dir / "bilan-import.txt"), _batch_text(batch))
    echo(
        _say(
            f"4. Import : {Outcome.IMPORTED.counted(batch.count(Outcome.IMPORTED), 'fr')}, "
            f"{Outcome.IMPORTED_WITH_PROBLEMS.counted(batch.count(Outcome.IMPORTED_WITH_PROBLEMS), 'fr')}, "
            f"{Outcome.DUPLICATE.counted(batch.count(Outcome.DUPLICATE), 'fr')}, "
            f"{Outcome.REFUSED.counted(batch.count(Outcome.REFUSED), 'fr')}",
            f"4. Import: {Outcome.IMPORTED.counted(batch.count(Outcome.IMPORTED), 'en')}, "
            f"{Outcome.IMPORTED_WITH_PROBLEMS.counted(batch.count(Outcome.IMPORTED_WITH_PROBLEMS), 'en')}, "
            f"{Outcome.DUPLICATE.counted(batch.count(Outcome.DUPLICATE), 'en')}, "
            f"{Outcome.REFUSED.counted(batch.count(Outcome.REFUSED), 'en')}",
        )
    )

    # 5. Reports, and a qualification cycle drafted from the needs.
    reports_dir = root / "5-rapports"
    reports_dir.mkdir(exist_ok=True)
    analysis = analyze(questionnaire, batch.responses, by="college", validator=validate_response)
    options = ReportOptions(by="college", lang=get_language())
    for suffix in (".docx", ".odt", ".md", ".csv"):
        write_report(
            analysis,
            "training_needs",
            keep("5", reports_dir / f"rapport-besoins{suffix}"),
            options=options,
            overwrite=True,
        )
    try:
        cycle = plan_cycle(
            analysis,
            cycle_id="cycle-demo",
            title=_say(
                "Cycle de qualification 2026 — proposition", "Qualification cycle 2026 — draft"
            ),
            # the compliant council's codes: the other one keeps a 2015-list code on purpose
            qpv_codes=list(councils[0].qpv_codes),
            period=Period(start=dt.date(2026, 1, 12), end=dt.date(2026, 6, 30)),
            territory=territory.name,
            school_zone="B",  # Roubaix and Tourcoing (académie de Lille)
        )
    except ValidationError as exc:
        # Too few respondents: every figure is hidden, nothing to plan from.
        echo(
            _say(
                f"   Pas de programme de cycle : {exc.problems[0].message}",
                f"   No cycle programme: {exc.problems[0].message}",
            )
        )
    else:
        write_report(
            cycle, "cycle", keep("5", reports_dir / "programme-cycle.docx"), overwrite=True
        )
    # the same trainings, by the same rule and from the same shown figures, as the report's page 1
    top = [p.topic.label.get(get_language()) for p in priorities(analysis, 3)]
    echo(
        _say(
            f"5. Rapports : "
            f"{counted(analysis.analysed, {'fr': ('réponse analysée', 'réponses analysées')}, 'fr')}"
            " ; formations à organiser en priorité : "
            + (" ; ".join(top) if top else "aucune (chiffres masqués)"),
            f"5. Reports: "
            f"{counted(analysis.analysed, {'en': ('response analysed', 'responses analysed')}, 'en')}"
            "; trainings to run first: " + ("; ".join(top) if top else "none (figures hidden)"),
        )
    )
    readme = _readme(root, files)
    write_atomic(keep("0", root / "LISEZMOI.txt"), readme)
    echo(
        _say(
            f"Tous les fichiers sont dans {root}/ (voir LISEZMOI.txt).",
            f"Every file is in {root}/ (see LISEZMOI.txt).",
        )
    )
    return DemoResult(
        directory=root,
        files=tuple(files),
        imported=batch.count(Outcome.IMPORTED),
        with_problems=batch.count(Outcome.IMPORTED_WITH_PROBLEMS),
        refused=batch.count(Outcome.REFUSED),
        duplicates=batch.count(Outcome.DUPLICATE),
    )


def _findings_text(name: str, report: Any) -> str:
    from conseils_citoyens.plugins import get_plugins
    from conseils_citoyens.rules import format_report

    titles = {rule.id: rule.title for rule in get_plugins().rules("council")}
    return format_report(report, {"fr": name, "en": name}, titles) + "\n"


def _batch_text(batch: Any) -> str:
    lines = []
    for outcome in batch.outcomes:
        lines.append(f"{Path(outcome.file).name} : {outcome.outcome.label()}")
        lines.extend(f"    - {problem.message}" for problem in outcome.problems)
    return "\n".join(lines) + "\n"


_STEPS = {
    "1": (
        "Territoire, conseils citoyens et vérification de leur composition",
        "Territory, councils and their composition check",
    ),
    "2": ("Questionnaire adapté et formulaires vierges", "Adapted questionnaire and blank forms"),
    "3": ("Formulaires remplis par les répondants", "Forms filled by the respondents"),
    "4": ("Réponses importées et bilan de l'import", "Imported responses and import summary"),
    "5": ("Rapports et programme de cycle de qualification", "Reports and qualification cycle"),
}


#: What each file of the demo is for: name (or suffix of a report) -> (French, English).
_PURPOSES: Final = {
    "territoire.json": (
        "le territoire d'exemple : communes, EPCI, quartiers prioritaires (QPV)",
        "the sample territory: communes, EPCI, priority neighbourhoods (QPV)",
    ),
    "conseil-conforme.json": (
        "un conseil citoyen dont la composition respecte le cadre national",
        "a council whose composition meets the national framework",
    ),
    "conseil-non-conforme.json": (
        "un conseil citoyen qui ne le respecte pas",
        "a council that does not",
    ),
    "composition-conseil-conforme.txt": (
        "la vérification du premier conseil, à lire",
        "the check of the first council, to read",
    ),
    "composition-conseil-non-conforme.txt": (
        "la vérification du second : chaque constat avec sa règle et les membres concernés",
        "the check of the second: each finding with its rule and the members concerned",
    ),
    "composition-conseil-conforme.json": (
        "la même vérification en JSON, pour un logiciel",
        "the same check as JSON, for software",
    ),
    "composition-conseil-non-conforme.json": (
        "la même vérification en JSON, pour un logiciel",
        "the same check as JSON, for software",
    ),
    "adaptation-locale.json": (
        "l'adaptation locale : les questions que le territoire ajoute au questionnaire standard",
        "the local overlay: the questions the territory adds to the standard questionnaire",
    ),
    "questionnaire.json": (
        "le questionnaire adapté, copie exacte en JSON (à garder)",
        "the adapted questionnaire, an exact copy as JSON (keep it)",
    ),
    "schema-reponses.json": (
        "le schéma JSON des réponses, pour un développeur",
        "the JSON Schema of the responses, for a developer",
    ),
    "formulaire-vierge.docx": ("le formulaire à diffuser, pour Word", "the form to send, for Word"),
    "formulaire-vierge.odt": (
        "le même formulaire pour LibreOffice",
        "the same form for LibreOffice",
    ),
    "reponses.json": (
        "les réponses importées, avec leur questionnaire : le fichier que lisent report, "
        "responses export et cycle plan",
        "the imported responses, with their questionnaire: the file report, responses export "
        "and cycle plan read",
    ),
    "bilan-import.txt": (
        "ce qui est arrivé à chaque formulaire à l'import (importé, avec problèmes, refusé, "
        "doublon)",
        "what happened to each form at import (imported, with problems, refused, duplicate)",
    ),
    "rapport-besoins.docx": (
        "le rapport des besoins de formation, pour Word : à ouvrir en premier",
        "the training-needs report, for Word: open it first",
    ),
    "rapport-besoins.odt": ("le même rapport pour LibreOffice", "the same report for LibreOffice"),
    "rapport-besoins.md": (
        "le même rapport en texte simple (Markdown), pour un site ou un wiki",
        "the same report as plain text (Markdown), for a website or a wiki",
    ),
    "rapport-besoins.csv": (
        "tous les chiffres du rapport, pour Excel ou LibreOffice Calc",
        "every figure of the report, for Excel or LibreOffice Calc",
    ),
    "programme-cycle.docx": (
        "un programme de cycle de qualification proposé à partir des besoins, à retoucher",
        "a qualification cycle programme drafted from the needs, to edit",
    ),
}


def _readme(root: Path, files: list[tuple[str, Path]]) -> str:
    written = {p.relative_to(root).as_posix() for _, p in files}
    first = [
        name
        for name in (
            "5-rapports/rapport-besoins.docx",
            "1-territoire/composition-conseil-non-conforme.txt",
            "2-questionnaire/formulaire-vierge.docx",
            "4-reponses/bilan-import.txt",
        )
        if name in written
    ]
    lines = [
        _say("Démonstration de conseils-citoyens", "conseils-citoyens demonstration"),
        "",
        _say(
            "Données fictives : territoire, conseils et répondants sont inventés.",
            "Sample data: the territory, councils and respondents are invented.",
        ),
        "",
        _say("Par où commencer", "Where to start"),
        *(f"   {n}. {name}" for n, name in enumerate(first, start=1)),
        _say(
            "   (le rapport, puis la vérification d'un conseil, le formulaire diffusé et le "
            "bilan de l'import)",
            "   (the report, then a council's check, the form sent out and the import summary)",
        ),
    ]
    for step, (fr, en) in _STEPS.items():
        lines += ["", f"{step}. {_say(fr, en)}"]
        shown = [p for s, p in files if s == step]
        if step == "3" and len(shown) > 6:
            lines.append(
                f"   {shown[0].parent.relative_to(root)}/ "
                f"({counted(len(shown), {'fr': ('fichier', 'fichiers'), 'en': ('file', 'files')})})"
                + _say(" : ", ": ")
                + _say(
                    "les formulaires remplis par les répondants simulés, dont deux avec deux "
                    "cases cochées, un envoyé deux fois et un fichier abîmé",
                    "the forms filled by the simulated respondents, two of them with two boxes "
                    "ticked, one sent twice and a damaged file",
                )
            )
            continue
        for path in shown:
            purpose = _PURPOSES.get(path.name)
            lines.append(
                f"   {path.relative_to(root)}"
                + (_say(" : ", ": ") + _say(*purpose) if purpose else "")
            )
    return "\n".join(lines) + "\n"


def data_files() -> dict[str, Any]:
    """Return the demo's sample data, parsed (for tests and curious users)."""
    return {name: json.loads(_data(name)) for name in DATA_FILES}
