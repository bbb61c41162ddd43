"""Fill forms inside LibreOffice as a person would, then save them along a path of formats.

Run by the tests with the system Python that has LibreOffice's bridge
(``/usr/bin/python3 tests/uno_person.py JOBS.json``), never imported by pytest.
One LibreOffice process (private profile, no file locking) serves every job of
the file; it is started again if it crashes. Prints one JSON result per job.

A job: ``{"source": form, "steps": [out1, out2...], "fill": {...}, "edit": {...}}``.
The source is opened, filled and edited, saved as ``out1``; ``out1`` is
opened and saved as ``out2``, and so on (the extension picks the format;
``.pdf`` prints the document as LibreOffice does).

- ``fill.ticks``: bookmarks of boxes to tick (the state and the glyph, as a click does);
- ``fill.texts``: bookmark -> text typed in the answer box (new lines as Shift+Enter);
- ``fill.record_changes``: turn on « Edit > Track Changes > Record » before filling;
- ``edit.x_after``: bookmarks of boxes after which the person types an X;
- ``edit.delete_rows``: bookmarks whose table row the person deletes;
- ``edit.typed_at_end``: a paragraph the person types at the end of the form.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import traceback
from typing import Any

import uno  # type: ignore[import-not-found]  # LibreOffice's bridge, only under /usr/bin/python3
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

FILTERS = {".docx": "MS Word 2007 XML", ".odt": "writer8", ".pdf": "writer_pdf_Export"}
_STATE: dict[str, Any] = {}


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _portions(text: Any) -> Any:
    """Every text portion of a text, table cells included, in document order."""
    paragraphs = text.createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.TextTable"):
            for name in paragraph.getCellNames():
                yield from _portions(paragraph.getCellByName(name))
            continue
        portions = paragraph.createEnumeration()
        while portions.hasMoreElements():
            yield portions.nextElement()


def _widgets(doc: Any) -> dict[str, tuple[str, Any]]:
    """Slot bookmark -> the content control or input field that follows it."""
    found: dict[str, tuple[str, Any]] = {}
    pending: list[str] = []
    for portion in _portions(doc.getText()):
        kind = portion.TextPortionType
        if kind == "Bookmark" and portion.IsStart and portion.Bookmark.Name.startswith("cc"):
            pending.append(portion.Bookmark.Name)
        elif kind in ("ContentControl", "TextField"):
            widget = portion.ContentControl if kind == "ContentControl" else portion.TextField
            for name in pending:
                found.setdefault(name, (kind, widget))
            pending = []
    return found


def _dispatch(doc: Any, command: str, **args: Any) -> None:
    frame = doc.getCurrentController().getFrame()
    arguments = tuple(_prop(k, v) for k, v in args.items())
    _STATE["dispatcher"].executeDispatch(frame, ".uno:" + command, "", 0, arguments)


def _type(doc: Any, text: str) -> None:
    for n, line in enumerate(text.split("\n")):
        if n:
            _dispatch(doc, "InsertLinebreak")
        if line:
            _dispatch(doc, "InsertText", Text=line)


def _fill(doc: Any, spec: dict[str, Any]) -> None:
    if spec.get("record_changes"):
        doc.setPropertyValue("RecordChanges", True)
    widgets = _widgets(doc)
    wanted = [*spec.get("ticks", []), *spec.get("texts", {})]
    missing = [name for name in wanted if name not in widgets]
    if missing:
        raise RuntimeError(f"no control after bookmarks {missing}")
    for name in spec.get("ticks", []):
        kind, control = widgets[name]
        if kind != "ContentControl" or not control.getPropertyValue("Checkbox"):
            raise RuntimeError(f"{name} is not a checkbox")
        # A click sets the state and shows the ticked glyph.
        control.setPropertyValue("Checked", True)
        doc.getCurrentController().select(control.getAnchor())
        _dispatch(doc, "InsertText", Text=control.getPropertyValue("CheckedState") or "☒")
    for name, text in spec.get("texts", {}).items():
        kind, widget = widgets[name]
        if kind == "TextField":  # an input field: its dialog takes the whole text
            widget.setPropertyValue("Content", text)
            continue
        # A click in a box showing its placeholder selects it; typing replaces it.
        # LibreOffice 7.4 leaves the box flagged as showing its placeholder (later
        # versions clear the flag): a person cannot see it, so it is left as it is.
        doc.getCurrentController().select(widget.getAnchor())
        _type(doc, text)
    doc.getTextFields().refresh()


def _edit(doc: Any, spec: dict[str, Any]) -> None:
    widgets = _widgets(doc)
    for name in spec.get("x_after", []):
        _kind, control = widgets[name]
        # the control's own text: a table cell holds the .odt form's lists of choices
        anchor = control.getAnchor()
        cursor = anchor.getText().createTextCursorByRange(anchor.getEnd())
        doc.getCurrentController().select(cursor)
        _dispatch(doc, "GoRight")
        _dispatch(doc, "InsertText", Text="X")
    for name in spec.get("delete_rows", []):
        anchor = doc.getBookmarks().getByName(name).getAnchor()
        row = int("".join(ch for ch in anchor.Cell.CellName if ch.isdigit())) - 1
        anchor.TextTable.getRows().removeByIndex(row, 1)
    if spec.get("typed_at_end"):
        cursor = doc.getText().createTextCursor()
        cursor.gotoEnd(False)
        doc.getCurrentController().select(cursor)
        _dispatch(doc, "InsertPara")
        _type(doc, spec["typed_at_end"])


def _start(profile: str) -> None:
    pipe = f"cc_person_{os.getpid()}_{time.monotonic_ns()}"
    process = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        env={**os.environ, "SAL_ENABLE_FILE_LOCKING": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if process.poll() is not None:
                raise RuntimeError("LibreOffice stopped while starting") from None
            time.sleep(0.5)
            continue
        manager = ctx.ServiceManager
        _STATE["process"] = process
        _STATE["desktop"] = manager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        _STATE["dispatcher"] = manager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        return
    process.kill()
    raise RuntimeError("LibreOffice did not answer")


def _stop() -> None:
    process = _STATE.pop("process", None)
    with contextlib.suppress(Exception):
        _STATE["desktop"].terminate()
    if process is not None:
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _load(path: str) -> Any:
    for _ in range(20):  # right after the start, a load may return nothing
        doc = _STATE["desktop"].loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0, (_prop("Hidden", True),)
        )
        if doc is not None:
            return doc
        time.sleep(0.5)
    raise RuntimeError(f"LibreOffice did not open {path}")


def _run(job: dict[str, Any]) -> None:
    current = job["source"]
    for n, target in enumerate(job["steps"]):
        doc = _load(current)
        try:
            if n == 0:
                _fill(doc, job.get("fill", {}))
                _edit(doc, job.get("edit", {}))
            extension = os.path.splitext(target)[1]
            doc.storeToURL(
                uno.systemPathToFileUrl(target),
                (_prop("FilterName", FILTERS[extension]), _prop("Overwrite", True)),
            )
        finally:
            with contextlib.suppress(Exception):
                doc.close(True)
        current = target


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    _start(spec["profile"])
    results: list[dict[str, Any]] = []
    try:
        for job in spec["jobs"]:
            try:
                _run(job)
                results.append({"ok": True})
            except Exception:
                error = traceback.format_exc()
                results.append({"ok": False, "error": error})
                if _STATE["process"].poll() is not None or "Disposed" in error:
                    _stop()  # LibreOffice crashed: start again for the next job
                    _start(spec["profile"])
    finally:
        _stop()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
