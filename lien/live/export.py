"""A room's results to keep: the CSV (for a spreadsheet) and the report (to read and print).

Both apply the small-room rules of lien.live.results: a personal question's answers appear
only as groups of at least `min_group`, never one row per phone. Participants appear as a
pseudonym per room ("P3": the third phone to join), never as their tokens. Times are in the
presenter's time zone. The CSV is UTF-8 with a BOM; in French its separator is ";" (what a
French spreadsheet expects, since "," is the decimal mark); every cell that a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return) is neutralised
with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from lien.content import Bundle
from lien.live.plain import plain
from lien.live.questions import SKIP, LiveQuestion, in_room, live_questions
from lien.live.results import Result, result
from lien.live.store import Room, RoundRow, Store, Tally
from lien.text import percent

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if cell is None else plain(str(cell))  # no direction control flips a row
    return "'" + text if text.startswith(FORMULA_START) else text


def local(timestamp: float | None, zone: tzinfo | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, zone).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class RoundReport:
    row: RoundRow
    question: LiveQuestion | None
    tally: Tally
    result: Result


@dataclass(frozen=True)
class RoomReport:
    room: Room
    participants: int
    rounds: tuple[RoundReport, ...]
    pseudonyms: dict[str, int]


def room_report(store: Store, bundle: Bundle, lang: str, code: str) -> RoomReport | None:
    """Every question asked in the room, each with what may be shown of its answers."""
    room = store.room(code)
    if room is None:
        return None
    questions = live_questions(bundle, lang)
    skip = bundle.ui[lang]["join.skip"]
    found = []
    for row in store.rounds(code):
        tally = store.tally(code, round_=row.round)
        question = questions.get(row.question_id)
        if question is not None:
            question = in_room(question, room.min_group)  # "fewer than N" with the room's N
        shown = (
            result(question, tally, skip_label=skip, for_report=True)
            if question
            else Result("never")
        )
        found.append(RoundReport(row, question, tally, shown))
    return RoomReport(room, room.participants, tuple(found), store.member_order(code))


def answers_csv(
    rows,
    room_code: str,
    *,
    bundle: Bundle | None = None,
    lang: str = "fr",
    report: RoomReport | None = None,
    store: Store | None = None,
    zone: tzinfo | None = None,
) -> str:
    """Every answer of a room as CSV: one row per phone per question (personal: per group).

    With only `rows` (the store's answers) and the room code, the plain table of ids; with
    `report` and `bundle`, texts beside ids, pseudonyms and local times.
    """
    separator = ";" if lang == "fr" else ","
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(
        [
            "room",
            "round",
            "question_id",
            "question",
            "kind",
            "participant",
            "answer_id",
            "answer",
            "count",
            "answered_at",
        ]
    )
    if report is None or bundle is None:
        lines = (
            (
                room_code,
                r.round,
                r.question_id,
                "",
                "",
                "",
                r.option_id,
                r.text or "",
                1,
                local(r.answered_at, zone),
            )
            for r in rows
        )
    else:
        lines = _report_lines(rows, room_code, bundle, lang, report, zone)
    for line in lines:
        writer.writerow([neutral(v) for v in line])
    return out.getvalue()


def _report_lines(rows, room_code: str, bundle: Bundle, lang: str, report: RoomReport, zone):
    """The CSV's rows with texts beside ids, pseudonyms and local times, round by round."""
    fewer = bundle.ui[lang]["live.fewer_than"]
    skip = bundle.ui[lang]["join.skip"]
    by_round: dict[int, list] = {}
    for row in rows:
        by_round.setdefault(row.round, []).append(row)
    for part in report.rounds:
        question = part.question
        prompt = question.prompt if question else ""
        kind = question.form if question else ""
        base = (room_code, part.row.round, part.row.question_id, prompt, kind)
        if question is not None and question.personal:
            yield from _personal_lines(base, part, fewer.format(n=question.min_group), lang)
            continue
        labels = dict(question.options) if question else {}
        labels[SKIP] = skip
        yield from _answer_lines(base, part, labels, by_round.get(part.row.round, []), report, zone)


def _personal_lines(base: tuple, part: RoundReport, fewer: str, lang: str):
    """A personal question's rows: per group, never per phone; shares, never counts."""
    if part.result.state != "shown":
        yield (*base, "", "", fewer, "", "")
        return
    for bar in part.result.bars:
        count = fewer
        if bar.count is not None:  # a share (rounded, blurred), never a count
            count = percent(bar.share, lang, 0) if part.result.blurred else bar.count
        yield (*base, "", bar.key, bar.label, count, "")
    for word, count in part.result.words:
        yield (*base, "", "", word, count, "")
    for text in part.result.texts:
        yield (*base, "", "", text, 1, "")


def _answer_lines(base: tuple, part: RoundReport, labels: dict, rows, report: RoomReport, zone):
    """One row per phone's answer, then the audience's questions not hidden."""
    for row in rows:
        answer = labels.get(row.option_id, row.option_id)
        if row.text is not None:
            if row.status == "hidden":
                continue
            answer = row.text.replace("\n", ", ")
        who = f"P{report.pseudonyms.get(row.participant, 0)}"
        yield (*base, who, row.option_id, answer, 1, local(row.answered_at, zone))
    for ask in part.tally.asks:
        if ask.status != "hidden":
            yield (*base, "", ask.status, ask.text, ask.votes, local(ask.asked_at, zone))


def report_html(report: RoomReport, bundle: Bundle, lang: str, zone: tzinfo | None) -> str:
    """The room's results as one self-contained, printable HTML page (no script, no fetch)."""
    from lien.html import TEMPLATES
    from lien.text import count as count_text
    from lien.text import decimal

    ui = bundle.ui[lang]
    fewer = ui["live.fewer_than"]
    parts = []
    for part in report.rounds:
        question, shown = part.question, part.result
        if question is None:
            continue
        total = shown.total if shown.total is not None else None
        bars = []
        for bar in shown.bars:
            share = width = None
            if bar.count is not None and shown.blurred:  # a share, no count
                share = percent(bar.share, lang, 0)
                width = round(40 * bar.share / 100, 1)
            elif bar.count is not None and total:
                share = percent(100 * bar.count / total, lang, 0)
                width = round(40 * bar.count / total, 1)
            bars.append(
                {
                    "label": bar.label,
                    "right": bar.right,
                    "count_text": fewer.format(n=question.min_group)
                    if bar.count is None
                    else ""
                    if shown.blurred
                    else count_text(bar.count, lang),
                    "share": share,
                    "width": width,
                }
            )
        # The map's quarters by the two dimensions, never by a style's name.
        asks = part.tally.asks
        quadrants = [
            (
                ui[f"live.quadrant_{name}"],
                fewer.format(n=question.min_group)
                if value is None
                else percent(value, lang, 0)
                if shown.blurred
                else value,
            )
            for name, value in shown.quadrants.items()
        ]
        parts.append(
            {
                "prompt": question.prompt,
                "kind": ui[f"live.form_{question.form}"],
                "opened": local(part.row.opened_at, zone),
                "closed": local(part.row.closed_at, zone),
                "personal": question.personal,
                "min_group": question.min_group,
                "state": shown.state,
                "bars": bars,
                "total": total,
                "median": decimal(shown.median, lang) if shown.median is not None else None,
                "words": shown.words,
                "texts": shown.texts
                if question.personal
                else tuple(plain(t) for _, t, status in part.tally.texts if status != "hidden"),
                "asks": [replace(a, text=plain(a.text)) for a in asks if a.status != "hidden"],
                "quadrants": [] if shown.all_hidden else quadrants,
                "all_hidden": shown.all_hidden,
                "blurred": shown.blurred and not shown.all_hidden,
            }
        )
    return TEMPLATES.get_template("report.html").render(
        t=ui.__getitem__,
        lang=lang,
        report=report,
        parts=parts,
        participants=count_text(report.participants, lang),
        opened=local(report.room.created_at, zone),
        until=local(report.room.expires_at, zone),
    )
