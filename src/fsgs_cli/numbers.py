"""What the commands for the reader's own numbers do: ``fsgs calc`` and ``fsgs diary``.

Like commands.py, one function a command, free of any parser; the equations are in
health/calc.py, the diary file in health/diary.py and the reading of recorded days in
health/status.py. None of these touch the bundled store, which only names the pages to
read next.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fsgs_cli.errors import NotFoundError, UsageError
from fsgs_cli.text import counted

if TYPE_CHECKING:
    from pathlib import Path

    from fsgs_cli.health.diary import Diary
    from fsgs_cli.models import ArticleRef, Reading, Report
    from fsgs_cli.render import Output

CSV_FIELDS = ("id", "date", "measure", "value", "value2", "level", "unit")


def _output(as_json: bool = False) -> Output:
    from fsgs_cli.render import Output

    return Output.detect(as_json=as_json, pager=False)


def _diary() -> Diary:
    from fsgs_cli.health.diary import Diary, default_path

    return Diary(default_path())


def pages(db: str | None, slugs: tuple[str, ...]) -> tuple[ArticleRef, ...]:
    """The pages to read next, by slug, as the store has them (none if it cannot be read:
    a number is worth explaining even without the articles)."""
    from fsgs_cli.errors import FsgsError
    from fsgs_cli.store import Store, resolve_path

    try:
        store = Store.open(resolve_path(db))
        return tuple(store.ref(store.resolve(slug)) for slug in slugs)
    except FsgsError:
        return ()


def _number(text: str | None, option: str) -> float | None:
    """A number typed on the command line, or a usage error that names the option."""
    if text is None:
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise UsageError(f"{option} must be a number (got '{text}').") from None


def calc_egfr(
    db: str | None,
    *,
    creatinine: str | None = None,
    units: str | None = None,
    age: str | None = None,
    sex: str | None = None,
    cystatin_c: str | None = None,
    height_cm: str | None = None,
    as_json: bool = False,
) -> None:
    from fsgs_cli import render
    from fsgs_cli.health import explain
    from fsgs_cli.health.calc import CalcInputError, estimate_egfr

    scr, years = _number(creatinine, "--creatinine"), _number(age, "--age")
    if scr is None or years is None:
        missing = " and ".join(o for o, v in (("--creatinine", scr), ("--age", years)) if v is None)
        raise UsageError(f"fsgs calc egfr needs {missing}. See 'fsgs calc egfr --help'.")
    try:
        result = estimate_egfr(
            scr,
            units or "mg/dl",
            years,
            sex,
            cystatin_c=_number(cystatin_c, "--cystatin-c"),
            height_cm=_number(height_cm, "--height-cm"),
        )
    except CalcInputError as exc:
        raise UsageError(exc.message) from None
    report = explain.egfr_report(result, pages(db, explain.egfr_pages(result)))
    render.show(_output(as_json)).report(report)


def _calc_ratio(db: str | None, kind: str, value: str, units: str | None, as_json: bool) -> None:
    from fsgs_cli import render
    from fsgs_cli.health import explain
    from fsgs_cli.health.calc import CalcInputError, ratio

    if units is None:
        raise UsageError(
            f"fsgs calc {kind} needs --units (mg/mmol, mg/g, g/g or mg/mg), as on your report."
        )
    number = _number(value, "VALUE")
    assert number is not None
    try:
        result = ratio(number, units, kind)
    except CalcInputError as exc:
        raise UsageError(exc.message) from None
    report = explain.ratio_report(result, pages(db, explain.ratio_pages(result)))
    render.show(_output(as_json)).report(report)


def calc_upcr(
    db: str | None, *, value: str, units: str | None = None, as_json: bool = False
) -> None:
    _calc_ratio(db, "upcr", value, units, as_json)


def calc_acr(
    db: str | None, *, value: str, units: str | None = None, as_json: bool = False
) -> None:
    _calc_ratio(db, "acr", value, units, as_json)


def status_report(db: str | None, readings: Sequence[Reading]) -> Report:
    """What the recorded days show, by the published definitions (health/status.py)."""
    from fsgs_cli.health import explain
    from fsgs_cli.health.status import adult_status, child_status

    found = [r for r in readings if r.measure in ("dipstick", "upcr", "egfr")]
    entries = [
        (r.date, r.measure, r.level if r.level is not None else (r.value or 0.0), r.unit)
        for r in found
    ]
    child = child_status([e for e in entries if e[1] != "egfr"])
    adult = adult_status([(d, m, v, u) if m == "upcr" else (d, m, v) for d, m, v, u in entries])
    return explain.status_report(child, adult, len(found), pages(db, explain.STATUS_PAGES))


def diary_status(db: str | None, *, as_json: bool = False) -> None:
    from fsgs_cli import render

    report = status_report(db, _diary().readings())
    render.show(_output(as_json)).report(report)


def export_visit(
    db: str | None,
    refs: Sequence[str],
    picks: Sequence[str],
    questions: Sequence[str],
    topic: str | None,
    fmt: str,
    target: Path | None,
    no_pager: bool = False,
) -> None:
    """The visit pack (``fsgs export --visit``): written to ``target``, or printed."""
    from fsgs_cli import render, visit
    from fsgs_cli.commands import open_store
    from fsgs_cli.files import write_document

    store = open_store(db)
    ids = [a.id for a in store.topic(topic).articles] if topic else []
    ids += [store.resolve(ref) for ref in refs]
    pages_named = [store.article(i) for i in dict.fromkeys(ids)]
    picked = [store.article(i) for i in dict.fromkeys(store.resolve(p) for p in picks)]
    readings = _diary().readings()
    pack = visit.gather(readings, status_report(db, readings), pages_named, picked, questions)
    text = visit.render(pack, fmt)
    if target is None:
        render.document(text, pager=not no_pager)
        return
    write_document(target, text)
    asked = len(pack.own_questions) + sum(len(q.items) for q in pack.questions)
    recent = counted(len(readings[-visit.RECENT :]), "recent reading")
    cited = counted(len(pack.pages), "page")
    render.show(_output()).done(
        f"Wrote {target}: {recent}, {counted(asked, 'question')}, {cited} cited."
    )


def diary_add(
    db: str | None,
    *,
    measure: str,
    value: str,
    units: str | None = None,
    date: str | None = None,
) -> None:
    from fsgs_cli import render
    from fsgs_cli.health.diary import reading

    new = reading(measure, value, units, date)
    diary = _diary()
    added = diary.add(new)
    render.show(_output()).done(
        f"Added reading {added.id}: {added.measure} {added.shown()} on {added.date} "
        f"(in {diary.path})."
    )


def diary_show(db: str | None, *, measure: str | None = None, as_json: bool = False) -> None:
    from fsgs_cli import render
    from fsgs_cli.health.diary import MEASURES

    if measure is not None and measure.casefold() not in MEASURES:
        raise UsageError(f"unknown measure '{measure}': use {', '.join(MEASURES)}.")
    diary = _diary()
    found = diary.readings((measure.casefold(),) if measure else ())
    render.show(_output(as_json)).readings(diary.path, found)


def diary_export(
    db: str | None, *, as_csv: bool = False, as_json: bool = False, output: str | None = None
) -> None:
    """Every reading as CSV (the default) or JSON, to ``output`` or standard output."""
    import csv
    import io
    from pathlib import Path

    from fsgs_cli import render
    from fsgs_cli.files import write_document

    if as_csv and as_json:
        raise UsageError("--csv and --json ask for different things; use one.")
    diary = _diary()
    found = diary.readings()
    if as_json and output in (None, "-"):
        render.show(_output(True)).readings(diary.path, found)
        return
    if as_json:
        raise UsageError("--json prints to standard output; for a file, use --csv -o FILE.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows(
        [r.id, r.date, r.measure, _csv(r.value), _csv(r.value2), r.level or "", r.unit]
        for r in found
    )
    if output in (None, "-"):
        render.document(buffer.getvalue())
        return
    target = Path(str(output))
    write_document(target, buffer.getvalue())
    render.show(_output()).done(f"Wrote {target}: {counted(len(found), 'reading')}.")


def _csv(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def diary_remove(db: str | None, *, reading_id: str) -> None:
    from fsgs_cli import render

    if not (reading_id.strip().isascii() and reading_id.strip().isdigit()):
        raise UsageError(f"'{reading_id}' is not a reading id: 'fsgs diary show' lists them.")
    diary = _diary()
    removed = diary.remove(int(reading_id))
    if removed is None:
        raise NotFoundError(
            f"the diary has no reading {int(reading_id)}.", hint="'fsgs diary show' lists them."
        )
    render.show(_output()).done(
        f"Removed reading {removed.id}: {removed.measure} {removed.shown()} on {removed.date}."
    )
