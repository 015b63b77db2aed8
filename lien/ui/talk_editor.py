"""Shape a talk in the browser (on /live?edit=talk, for the signed-in presenter only).

A thin page over lien.talk_edit (the operations on the files), lien.pdf_import (one's own
deck) and lien.talk_writer (checked, atomic saves with their history). The draft lives in the
session until it is saved; every control is a button or a field, usable by keyboard.

- Parts: each with its title (in each of the talk's languages) and its planned minutes (the
  sum of its items' minutes, each item's minutes a field of its row); items move up and down,
  from one part into the next.
- Questions of every kind the room knows (lien.content.models.POLL_KINDS) and one's own
  slides are written here and changed here ("Edit" on their row).
- "Preview" shows any item in a 16:9 frame in projector type (present mode's layout, scaled),
  with a link to present mode at that slide once the talk is saved.
- A save the check refuses writes nothing; each problem is shown beside its field (the part's
  title, the item's row, the question's or the slide's field), in the presenter's language,
  and the question or slide it is about opens; the problems no field of the editor holds are
  listed at the top.
- Importing a PDF adds its pages to the draft (nothing written until the save, no edit lost).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from lien import static
from lien.content import content_root
from lien.content.messages import Message
from lien.content.models import DEFAULT_RESULTS, MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR, POLL_KINDS
from lien.content.problems import Problem
from lien.live.questions import live_questions
from lien.pdf_import import ImportRefused, read_pages
from lien.sitemap import LANG_PARAM, PRESENT_PARAM, SLIDE_PARAM, TALK_PARAM
from lien.talk_edit import (
    RESULTS,
    EditRefused,
    Place,
    QuestionSettings,
    QuestionWords,
    add_item,
    add_part,
    add_pdf_pages,
    by_place,
    follow_along,
    item_minutes,
    languages_of,
    library,
    new_own_id,
    new_part_id,
    new_question_id,
    open_draft,
    own_slide_problems,
    own_slide_words,
    part_title,
    place_of,
    planned_minutes,
    question_of,
    question_problems,
    remove_item,
    remove_part,
    save_draft,
    set_follow_along,
    set_minutes,
    set_own_slide,
    set_part_title,
    set_question,
    set_title,
    shift_item,
)
from lien.talk_writer import SaveRefused, restore, versions
from lien.talks import talk_of
from lien.text import decimal
from lien.view import View

DRAFT_KEY = "editor_draft"
MESSAGE_KEY = "editor_message"
PROBLEMS_KEY = "editor_problems"  # the last refused save's problems
FORM_PROBLEMS_KEY = "editor_form_problems"  # ("poll" | "own", problems) of the open form
EDITING_KEY = "editor_editing"  # ("poll" | "own", id) being changed, or None
PREVIEW_KEY = "editor_preview"  # the item id to preview
GENERATION_KEY = "editor_generation"  # bumped when the draft is reopened: fresh fields
CSS = static.read("talk_editor.css")


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _generation() -> int:
    return st.session_state.get(GENERATION_KEY, 0)


def _reopen(root: Path, view: View, talk_id: str) -> None:
    st.session_state[DRAFT_KEY] = open_draft(root, view.bundle, talk_id)
    st.session_state[GENERATION_KEY] = _generation() + 1
    st.session_state.pop(EDITING_KEY, None)
    st.session_state.pop(FORM_PROBLEMS_KEY, None)


def _words(view: View, problem: Problem) -> str:
    """What is wrong, in the presenter's language (the field is the one it is shown beside)."""
    reason = problem.reason
    return reason.say(view.lang) if isinstance(reason, Message) else str(reason)


def _beside(view: View, problems) -> None:
    """The problems of one field, right under it."""
    for problem in problems:
        st.error(_words(view, problem), icon=":material/error:")


def _refused(view: View, refused: SaveRefused) -> None:
    draft = st.session_state.get(DRAFT_KEY)
    st.session_state[PROBLEMS_KEY] = refused.problems
    placed, _rest = by_place(draft, refused.problems) if draft else ({}, [])
    # The first question or own slide with a problem opens, its problems beside its fields.
    if not st.session_state.get(EDITING_KEY):
        for place in placed:
            if place.what in ("poll", "own"):
                st.session_state[EDITING_KEY] = (place.what, place.ref)
                break
    _say("error", view.t("editor.refused"))


def _placed(view: View) -> tuple[dict[Place, list[Problem]], list[Problem]]:
    draft = st.session_state.get(DRAFT_KEY)
    problems = st.session_state.get(PROBLEMS_KEY) or ()
    return by_place(draft, problems) if draft else ({}, list(problems))


def _at(placed, what: str, ref: str, field: str = "", lang: str | None = None) -> list[Problem]:
    """The problems of one field in one language (and those of the field in no language)."""
    found = list(placed.get(Place(what, ref, field, lang), []))
    if lang is not None:
        found += placed.get(Place(what, ref, field, None), [])
    return found


def talk_editor(view: View) -> None:
    root = content_root()
    st.html(f"<style>{CSS}</style>", width="content")
    st.header(view.t("editor.heading"), anchor=False)
    message = st.session_state.pop(MESSAGE_KEY, None)
    draft = st.session_state.get(DRAFT_KEY)
    placed, rest = _placed(view)
    if message:
        (st.error if message[0] == "error" else st.success)(message[1])
        if message[0] == "error" and rest:
            st.markdown(view.t("editor.refused_other"))
            st.markdown("\n".join(f"- {p.say(view.lang)}" for p in rest))
    if draft is None:
        _choose(view, root)
        return
    st.subheader(draft.talk_id, anchor=False)
    _talk_title(view, draft, placed)
    _parts(view, draft, placed)
    _add_from_library(view, draft)
    _question(view, draft, placed)
    _own_slide(view, draft, placed)
    _pdf(view, draft)
    with st.container(horizontal=True, gap="small"):
        if st.button(view.t("editor.save"), type="primary", icon=":material/save:"):
            try:
                written = save_draft(draft)
            except SaveRefused as refused:
                _refused(view, refused)
            else:
                st.session_state.pop(PROBLEMS_KEY, None)
                _say("ok", view.t("editor.saved").format(count=len(written)))
                _reopen(root, view, draft.talk_id)
            st.rerun()
        if st.button(view.t("editor.close"), icon=":material/close:"):
            for key in (DRAFT_KEY, PROBLEMS_KEY, EDITING_KEY, FORM_PROBLEMS_KEY):
                st.session_state.pop(key, None)
            st.rerun()
    _history(view, root, draft)
    preview = st.session_state.pop(PREVIEW_KEY, None)
    if preview is not None:
        _preview_dialog(view, draft, preview)


def _choose(view: View, root: Path) -> None:
    talks = list(view.bundle.talks)
    with st.form("editor_choose"):
        talk = st.selectbox(view.t("editor.talk"), talks, index=None)
        new_id = st.text_input(view.t("editor.new_id"), help=view.t("editor.new_id_help"))
        start = st.selectbox(
            view.t("editor.start_from"), [None, *talks], format_func=lambda t: t or "—"
        )
        if st.form_submit_button(view.t("editor.open")):
            talk_id = (new_id or "").strip() or talk
            if not talk_id:
                _say("error", view.t("editor.choose_first"))
            else:
                st.session_state[DRAFT_KEY] = open_draft(
                    root, view.bundle, talk_id, start_from=start, lang=view.lang
                )
                st.session_state[GENERATION_KEY] = _generation() + 1
                st.session_state.pop(PROBLEMS_KEY, None)
            st.rerun()


def _in(view: View, draft, label: str, lang: str) -> str:
    """A field's label, with its language named when the talk has several."""
    if len(languages_of(draft)) < 2:
        return label
    return view.t("editor.in_language").format(label=label, language=view.t(f"lang.{lang}"))


# --- the talk's title and parts ------------------------------------------------------------------


def _talk_title(view: View, draft, placed) -> None:
    if not draft.parts():
        return
    for lang in languages_of(draft):
        key = f"editor_title_{lang}_{_generation()}"
        table = draft.titles.get(lang, {}).get(draft.talk_id)
        value = str(table.get("title", "")) if table is not None else ""
        st.text_input(
            _in(view, draft, view.t("editor.talk_title"), lang),
            value=value,
            key=key,
            on_change=lambda k=key, x=lang: set_title(draft, x, st.session_state[k]),
        )
        _beside(view, _at(placed, "talk", draft.talk_id, "title", lang))
    # Phones follow the projected slide between questions (issue 24), unless the presenter
    # turns it off for this talk (`follow_along = false` in its file).
    key = f"editor_follow_along_{_generation()}"
    st.checkbox(
        view.t("editor.follow_along"),
        value=follow_along(draft),
        key=key,
        help=view.t("editor.follow_along_help"),
        on_change=lambda: set_follow_along(draft, st.session_state[key]),
    )


def _parse_minutes(raw: str) -> float | None:
    """'2,5' or '2.5' -> 2.5; '' -> None; ValueError when it is no number of minutes."""
    text = raw.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    value = float(text)
    if not 0 < value <= 600:
        raise ValueError(text)
    return value


def _minutes_changed(draft, part_id: str, index: int, key: str) -> None:
    bad = st.session_state.setdefault("editor_bad_minutes", set())
    try:
        minutes = _parse_minutes(st.session_state[key])
    except ValueError:
        bad.add(key)
        return
    bad.discard(key)
    set_minutes(draft, part_id, index, minutes)


def _parts(view: View, draft, placed) -> None:
    if not draft.parts():
        part_title_ = st.text_input(view.t("editor.first_part"), key="editor_first_part")
        if st.button(view.t("editor.add_part")) and part_title_:
            set_title(draft, view.lang, draft.talk_id)
            add_part(draft, "part-1", {lang: part_title_ for lang in languages_of(draft)})
            st.rerun()
        return
    titles = {e.item_id: e.title for e in library(view.bundle, view.lang)}
    titles.update(_draft_titles(draft, view.lang))
    generation = _generation()
    parts = draft.parts()
    for number, (part_id, items) in enumerate(parts, start=1):
        with st.container(border=True, key=f"editor_part_{part_id}"):
            minutes = decimal(planned_minutes(draft, part_id), view.lang, 1).removesuffix(",0")
            minutes = minutes.removesuffix(".0")
            st.markdown(
                f"**{view.t('editor.part_heading').format(number=number)}** · "
                + view.t("editor.part_minutes").format(minutes=minutes)
            )
            for lang in languages_of(draft):
                key = f"editor_part_title_{part_id}_{lang}_{generation}"
                st.text_input(
                    _in(view, draft, view.t("editor.part_title").format(number=number), lang),
                    value=part_title(draft, part_id, lang),
                    key=key,
                    on_change=lambda k=key, p=part_id, x=lang: set_part_title(
                        draft, p, x, st.session_state[k]
                    ),
                )
                _beside(view, _at(placed, "part", part_id, "title", lang))
            _beside(view, _at(placed, "part", part_id, "items"))
            for index, item_id in enumerate(items):
                _item_row(view, draft, placed, part_id, index, item_id, titles, len(parts))
            if st.button(
                view.t("editor.remove_part").format(number=number),
                key=f"remove_part_{part_id}",
                icon=":material/delete_sweep:",
            ):
                remove_part(draft, part_id)
                st.rerun()
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        new_title = st.text_input(view.t("editor.new_part"), key=f"editor_new_part_{generation}")
        if st.button(view.t("editor.add_part"), key="editor_add_part") and new_title:
            add_part(draft, new_part_id(draft), {lang: new_title for lang in languages_of(draft)})
            st.session_state[GENERATION_KEY] = generation + 1
            st.rerun()


def _draft_titles(draft, lang: str) -> dict[str, str]:
    """The titles of the draft's own slides and questions, saved or not."""
    out: dict[str, str] = {}
    langs = [lang, *languages_of(draft)]
    for each in reversed(langs):
        for slide in draft.own.get(each, {}).get("slides", []):
            out[f"own:{slide['id']}"] = str(slide.get("title", slide["id"]))
        for poll in draft.polls.get(each, {}).get("polls", []):
            out[f"poll:{poll['id']}"] = str(poll.get("prompt", poll["id"]))
    return out


def _item_row(view, draft, placed, part_id, index, item_id, titles, parts) -> None:
    label = titles.get(item_id, item_id)
    key = f"min_{part_id}_{index}_{item_id}_{_generation()}"
    # A row's buttons are keyed by its place and its item: a click that arrives after the list
    # changed (a double click on Remove, a rerun still drawing) finds no button, instead of
    # acting on the item that has since taken that place.
    row = f"{part_id}_{index}_{item_id}"
    minutes = item_minutes(draft, part_id, index)
    with st.container(key=f"editor_{part_id}_{index}", gap="small"):
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.markdown(f"{index + 1}. {label} `{item_id}`", width="stretch")
            st.text_input(
                view.t("editor.minutes_of").format(item=label),
                value=""
                if minutes is None
                else decimal(minutes, view.lang, 1).removesuffix(",0").removesuffix(".0"),
                key=key,
                placeholder=view.t("editor.minutes_placeholder"),
                label_visibility="collapsed",
                width=90,
                on_change=_minutes_changed,
                args=(draft, part_id, index, key),
            )
            st.markdown(view.t("editor.minutes_unit"), width="content")
        with st.container(horizontal=True, gap="small"):
            for name, icon, step in (("up", "arrow_upward", -1), ("down", "arrow_downward", 1)):
                if st.button(
                    view.t(f"editor.{name}_short"),
                    icon=f":material/{icon}:",
                    key=f"{name}_{row}",
                    help=view.t(f"editor.{name}").format(item=label),
                ):
                    shift_item(draft, part_id, index, step)
                    st.session_state[GENERATION_KEY] = _generation() + 1
                    st.rerun()
            if st.button(
                view.t("editor.remove_short"),
                icon=":material/delete:",
                key=f"remove_{row}",
                help=view.t("editor.remove").format(item=label),
            ):
                remove_item(draft, part_id, index)
                st.session_state[GENERATION_KEY] = _generation() + 1
                st.rerun()
            kind, _, ref = item_id.partition(":")
            if kind in ("own", "poll") and st.button(
                view.t("editor.edit_short"),
                icon=":material/edit:",
                key=f"edit_{row}",
                help=view.t("editor.edit").format(item=label),
            ):
                st.session_state[EDITING_KEY] = (kind, ref)
                st.session_state.pop(FORM_PROBLEMS_KEY, None)
                st.session_state[GENERATION_KEY] = _generation() + 1
                st.rerun()
            if st.button(
                view.t("editor.preview_short"),
                icon=":material/slideshow:",
                key=f"preview_{row}",
                help=view.t("editor.preview").format(item=label),
            ):
                st.session_state[PREVIEW_KEY] = item_id
        if key in st.session_state.get("editor_bad_minutes", set()):
            st.error(view.t("editor.minutes_bad"), icon=":material/error:")
        _beside(view, _at(placed, "item", item_id, "minutes"))
        _beside(view, _at(placed, "item", item_id))
        kind, _, ref = item_id.partition(":")
        if kind in ("own", "poll"):
            shown = {
                p
                for place, ps in placed.items()
                if place.what == kind and place.ref == ref
                for p in ps
            }
            if shown:
                st.caption(view.t("editor.item_problems"))


def _add_from_library(view: View, draft) -> None:
    parts = [p for p, _ in draft.parts()]
    if not parts:
        return
    # The search outside the form (Enter filters the list at once), the choice inside it.
    query = st.text_input(view.t("editor.search"), key="editor_search")
    entries = library(view.bundle, view.lang, query)
    with st.form("editor_library"):
        choice = st.selectbox(
            view.t("editor.library"),
            entries,
            format_func=lambda e: f"{e.title} · {e.first_line}" if e.first_line else e.title,
            index=None,
        )
        part = st.selectbox(
            view.t("editor.part"),
            parts,
            index=len(parts) - 1,
            format_func=lambda p: part_title(draft, p, view.lang) or p,
        )
        if st.form_submit_button(view.t("editor.add")) and choice is not None:
            add_item(draft, part, choice.item_id)
            st.rerun()


# --- a question for the room ------------------------------------------------------------------


def _question(view: View, draft, placed) -> None:
    parts = [p for p, _ in draft.parts()]
    if not parts:
        return
    editing = st.session_state.get(EDITING_KEY)
    poll_id = editing[1] if editing and editing[0] == "poll" else None
    settings, words = question_of(draft, poll_id) if poll_id else (QuestionSettings(), {})
    problems = _form_problems(placed, "poll", poll_id)
    g = f"{poll_id or 'new'}_{_generation()}"
    title = (
        view.t("editor.question_editing").format(item=poll_id)
        if poll_id
        else view.t("editor.question_heading")
    )
    with st.expander(title, expanded=poll_id is not None, icon=":material/quiz:"):
        kind = st.selectbox(
            view.t("editor.kind"),
            POLL_KINDS,
            index=POLL_KINDS.index(settings.kind),
            format_func=lambda k: view.t(f"editor.kind_{k}"),
            key=f"q_kind_{g}",
        )
        given = {
            lang: _question_words(
                view, draft, lang, kind, words.get(lang, QuestionWords()), problems, g
            )
            for lang in languages_of(draft)
        }
        first = next(iter(given.values()))
        correct, scale, count, fold = _kind_settings(view, kind, settings, first, problems, g)
        results = _results_setting(view, kind, settings, g)
        personal, min_group = _privacy_settings(view, kind, settings, problems, g)
        part = None
        if poll_id is None:
            part = st.selectbox(
                view.t("editor.part"),
                parts,
                index=len(parts) - 1,
                format_func=lambda p: part_title(draft, p, view.lang) or p,
                key=f"q_part_{g}",
            )
        new = QuestionSettings(
            kind=kind,
            correct=correct,
            scale=scale,
            words=count,
            fold_plurals=fold,
            results=results,
            personal=personal or kind == "map",
            min_group=int(min_group) if min_group is not None else None,
        )
        _question_buttons(view, draft, poll_id, part, new, given, g)


def _form_problems(placed, what: str, ref: str | None) -> Callable[..., list[Problem]]:
    """The problems of one of a form's fields (`what`: "poll" for the question form, "own"
    for one's own slide), in one language or in any: the form's own check's, and the last
    refused save's about the item `ref` being edited."""
    form = st.session_state.get(FORM_PROBLEMS_KEY)
    mine = form[1] if form and form[0] == what else ()

    def problems(field: str, lang: str | None = None) -> list[Problem]:
        found = [p for p in mine if p.field == field and (lang is None or f"/{lang}/" in p.path)]
        if ref:
            found += (
                _at(placed, what, ref, field, lang)
                if lang
                else [
                    p
                    for place, ps in placed.items()
                    if place.what == what and place.ref == ref and place.field == field
                    for p in ps
                ]
            )
        return found

    return problems


def _question_words(
    view: View,
    draft,
    lang: str,
    kind: str,
    before: QuestionWords,
    problems: Callable[..., list[Problem]],
    g: str,
) -> QuestionWords:
    """A question's words in one language, as the fields give them: its prompt, a choice's
    options, a scale's ends, its explanation; each field's problems under it."""
    prompt = st.text_area(
        _in(view, draft, view.t("editor.prompt"), lang),
        value=before.prompt,
        key=f"q_prompt_{lang}_{g}",
        height=80,
    )
    _beside(view, problems("prompt", lang))
    options: list[str] = []
    low = high = ""
    if kind == "choice":
        raw = st.text_area(
            _in(view, draft, view.t("editor.options"), lang),
            value="\n".join(before.options),
            key=f"q_options_{lang}_{g}",
            height=130,
        )
        options = [line.strip() for line in raw.splitlines() if line.strip()]
        _beside(view, problems("options", lang))
    if kind == "scale":
        low = st.text_input(
            _in(view, draft, view.t("editor.low"), lang),
            value=before.low,
            key=f"q_low_{lang}_{g}",
        )
        _beside(view, problems("low", lang))
        high = st.text_input(
            _in(view, draft, view.t("editor.high"), lang),
            value=before.high,
            key=f"q_high_{lang}_{g}",
        )
        _beside(view, problems("high", lang))
    explanation = st.text_area(
        _in(view, draft, view.t("editor.explanation"), lang),
        value=before.explanation,
        key=f"q_explanation_{lang}_{g}",
        height=80,
    )
    _beside(view, problems("explanation", lang))
    return QuestionWords(prompt, options, low, high, explanation)


def _kind_settings(
    view: View,
    kind: str,
    settings: QuestionSettings,
    first: QuestionWords,
    problems: Callable[..., list[Problem]],
    g: str,
) -> tuple[int | None, int | None, int, bool]:
    """The settings of the question's own kind, as the fields give them: a choice's right
    option, a scale's points, how many words and whether plurals fold (else the defaults)."""
    correct = None
    scale = None
    count = 3
    fold = False
    if kind == "choice":
        choices = [None, *range(len(first.options))]
        before_correct = settings.correct if settings.correct in choices else None
        correct = st.selectbox(
            view.t("editor.correct"),
            choices,
            index=choices.index(before_correct),
            format_func=lambda i: (
                view.t("editor.correct_none")
                if i is None or i >= len(first.options)
                else first.options[i]
            ),
            key=f"q_correct_{g}",
        )
        _beside(view, problems("correct"))
    if kind == "scale":
        scale = st.radio(
            view.t("editor.scale_points"),
            [5, 7],
            index=1 if settings.scale == 7 else 0,
            horizontal=True,
            key=f"q_scale_{g}",
        )
        _beside(view, problems("scale"))
    if kind == "words":
        count = st.radio(
            view.t("editor.words"),
            [1, 2, 3],
            index=[1, 2, 3].index(settings.words),
            horizontal=True,
            key=f"q_words_{g}",
        )
        fold = st.checkbox(
            view.t("editor.fold_plurals"), value=settings.fold_plurals, key=f"q_fold_{g}"
        )
    return correct, scale, count, fold


def _results_setting(view: View, kind: str, settings: QuestionSettings, g: str) -> str | None:
    """When the room sees the question's results, as the field gives it (None: the kind's
    default, which the field names)."""
    choices_results = [None, *RESULTS]
    default = view.t(f"editor.results_{DEFAULT_RESULTS[kind]}")
    return st.selectbox(
        view.t("editor.results"),
        choices_results,
        index=choices_results.index(settings.results),
        format_func=lambda r: (
            view.t("editor.results_default").format(default=default)
            if r is None
            else view.t(f"editor.results_{r}")
        ),
        key=f"q_results_{g}",
    )


def _privacy_settings(
    view: View,
    kind: str,
    settings: QuestionSettings,
    problems: Callable[..., list[Problem]],
    g: str,
) -> tuple[bool, float | None]:
    """Whether the question is personal (a map always is) and, for a personal one, its
    smallest group shown (None: the talk's), as the fields give them."""
    personal = st.checkbox(
        view.t("editor.personal"),
        value=settings.personal or kind == "map",
        disabled=kind == "map",
        help=view.t("editor.personal_help"),
        key=f"q_personal_{g}",
    )
    _beside(view, problems("personal"))
    min_group = None
    if personal or kind == "map":
        min_group = st.number_input(
            view.t("editor.min_group"),
            min_value=MIN_GROUP_FLOOR,
            max_value=100,
            value=settings.min_group,
            step=1,
            placeholder=view.t("editor.min_group_empty").format(
                default=decimal(MIN_GROUP_DEFAULT, view.lang, 0)
            ),
            key=f"q_min_group_{g}",
        )
        _beside(view, problems("min_group"))
    return personal, min_group


def _question_buttons(
    view: View,
    draft,
    poll_id: str | None,
    part: str | None,
    new: QuestionSettings,
    given: dict[str, QuestionWords],
    g: str,
) -> None:
    """Add the question to `part` (or update the one being edited) once its check finds
    nothing to say, else keep the problems for its fields; cancel an edit."""
    first = next(iter(given.values()))
    with st.container(horizontal=True, gap="small"):
        label = "editor.question_update" if poll_id else "editor.question_add"
        if st.button(view.t(label), key=f"q_submit_{g}", icon=":material/check:"):
            the_id = poll_id or new_question_id(draft, first.prompt)
            found = question_problems(the_id, new, given)
            if found:
                st.session_state[FORM_PROBLEMS_KEY] = ("poll", found)
            else:
                set_question(draft, the_id, new, given)
                if poll_id is None:
                    add_item(draft, part, f"poll:{the_id}")
                said = "editor.question_updated" if poll_id else "editor.question_added"
                _done(view, said, ("poll", the_id))
            st.rerun()
        if poll_id and st.button(view.t("editor.cancel"), key=f"q_cancel_{g}"):
            _done(view, None)
            st.rerun()


def _done(view: View, said: str | None, item: tuple[str, str] | None = None) -> None:
    """A form's work went into the draft: its fields start afresh, and the last refused
    save's problems about that question or slide are no longer shown (it was rewritten)."""
    draft = st.session_state.get(DRAFT_KEY)
    problems = st.session_state.get(PROBLEMS_KEY)
    if item is not None and problems and draft is not None:
        kept = []
        for problem in problems:
            place = place_of(draft, problem)
            if place is None or (place.what, place.ref) != item:
                kept.append(problem)
        st.session_state[PROBLEMS_KEY] = tuple(kept)
    st.session_state.pop(EDITING_KEY, None)
    st.session_state.pop(FORM_PROBLEMS_KEY, None)
    st.session_state[GENERATION_KEY] = _generation() + 1
    if said:
        _say("ok", view.t(said))


# --- a slide of one's own ---------------------------------------------------------------------


def _own_slide(view: View, draft, placed) -> None:
    parts = [p for p, _ in draft.parts()]
    if not parts:
        return
    editing = st.session_state.get(EDITING_KEY)
    slide_id = editing[1] if editing and editing[0] == "own" else None
    before = own_slide_words(draft, slide_id) if slide_id else {}
    problems = _form_problems(placed, "own", slide_id)
    g = f"{slide_id or 'new'}_{_generation()}"
    image_now = next((w["image"] for w in before.values() if w.get("image")), "")
    title = (
        view.t("editor.own_editing").format(item=slide_id)
        if slide_id
        else view.t("editor.own_heading")
    )
    with (
        st.expander(title, expanded=slide_id is not None, icon=":material/add_photo_alternate:"),
        st.form(f"editor_own_{g}"),
    ):
        new_id = ""
        if slide_id is None:
            new_id = st.text_input(view.t("editor.own_id"), help=view.t("editor.own_id_help"))
            _beside(view, problems("id"))
        given = {
            lang: _own_words(view, draft, lang, before.get(lang, {}), problems)
            for lang in languages_of(draft)
        }
        image = st.file_uploader(view.t("editor.own_image"), type=["png", "jpg", "jpeg", "webp"])
        if image_now:
            st.caption(view.t("editor.own_image_keep").format(file=image_now))
        _beside(view, problems("image"))
        for lang in languages_of(draft):
            given[lang]["image_alt"] = st.text_input(
                _in(view, draft, view.t("editor.own_alt"), lang),
                value=before.get(lang, {}).get("image_alt", ""),
            )
            _beside(view, problems("image_alt", lang))
        label = "editor.own_update" if slide_id else "editor.add"
        if st.form_submit_button(view.t(label)):
            the_id = slide_id or (new_id or "").strip()
            _save_own_slide(view, draft, parts[-1], slide_id, the_id, given, image, image_now)
            st.rerun()
    if slide_id and st.button(view.t("editor.cancel"), key=f"own_cancel_{g}"):
        _done(view, None)
        st.rerun()


def _own_words(
    view: View, draft, lang: str, was: dict[str, str], problems: Callable[..., list[Problem]]
) -> dict[str, str]:
    """An own slide's title, text and notes in one language, as the fields give them; each
    field's problems under it."""
    words = {}
    for name, widget in (
        ("title", st.text_input),
        ("text", st.text_area),
        ("notes", st.text_area),
    ):
        words[name] = widget(
            _in(view, draft, view.t(f"editor.own_{name}"), lang), value=was.get(name, "")
        )
        _beside(view, problems(name, lang))
    return words


def _save_own_slide(
    view: View,
    draft,
    part: str,
    slide_id: str | None,
    the_id: str,
    given: dict[str, dict[str, str]],
    image,
    image_now: str,
) -> None:
    """Put the own slide into the draft (a new one at the end of `part`, its id made from its
    title when none was given) once its check finds nothing to say, else keep the problems
    for its fields (rerunning at once)."""
    first = next(iter(given.values()))
    the_id = the_id or new_own_id(draft, view.bundle, first["title"])
    has_image = image is not None or bool(image_now)
    found = own_slide_problems(draft, the_id, given, has_image, new=slide_id is None)
    if found:
        st.session_state[FORM_PROBLEMS_KEY] = ("own", found)
        st.rerun()
    try:
        set_own_slide(
            draft,
            the_id,
            given,
            image=(image.name, image.getvalue()) if image is not None else None,
        )
    except EditRefused as refused:
        reason = view.t(f"editor.{refused.reason}")
        st.session_state[FORM_PROBLEMS_KEY] = ("own", (Problem("", "image", reason),))
    else:
        if slide_id is None:
            add_item(draft, part, f"own:{the_id}")
        _done(view, "editor.own_updated" if slide_id else "editor.own_added", ("own", the_id))


# --- one's own deck -------------------------------------------------------------------------------


def _pdf(view: View, draft) -> None:
    with st.expander(view.t("editor.pdf_heading")), st.form("editor_pdf", clear_on_submit=True):
        upload = st.file_uploader(view.t("editor.pdf_file"), type=["pdf"])
        if st.form_submit_button(view.t("editor.pdf_import")) and upload is not None:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(upload.name).name
                path.write_bytes(upload.getvalue())
                try:
                    pages = read_pages(path)
                except ImportRefused as refused:
                    _say("error", refused.sentence(view.bundle.ui[view.lang]))
                else:
                    # Into the draft, after what is there: nothing written, nothing lost.
                    ids = add_pdf_pages(draft, view.bundle, path.name, pages, view.lang)
                    st.session_state[GENERATION_KEY] = _generation() + 1
                    _say("ok", view.t("editor.pdf_done").format(count=len(ids)))
            st.rerun()


# --- a slide at projector size ----------------------------------------------------------------


def _preview_dialog(view: View, draft, item_id: str) -> None:
    st.dialog(view.t("editor.preview_title"), width="large")(_preview)(view, draft, item_id)


def _preview(view: View, draft, item_id: str) -> None:
    """The item as the projector shows it, in a 16:9 frame (projector type, scaled), and a
    link to present mode at that slide once the talk is saved."""
    langs = languages_of(draft)
    lang = view.lang if view.lang in langs else langs[0]
    shown = View(view.bundle, lang)
    with (
        st.container(key="editor_preview_frame", border=False),
        st.container(key="editor_preview_stage", border=False),
    ):
        _preview_item(shown, draft, item_id)
    saved = talk_of(view.bundle, lang, draft.talk_id)
    number = next((s.number for s in saved.slides if s.id == item_id), None) if saved else None
    if number is None:
        st.caption(view.t("editor.preview_unsaved"))
    else:
        st.link_button(
            view.t("editor.preview_open"),
            f"/?{PRESENT_PARAM}=1&{TALK_PARAM}={draft.talk_id}&{SLIDE_PARAM}={number}&{LANG_PARAM}={lang}",
            icon=":material/open_in_new:",
        )


def _preview_item(view: View, draft, item_id: str) -> None:
    """The item as the projector shows it: a page's slide, an own slide, a question of the
    room, a quiz question, or the slide inviting the room to join."""
    kind, _, ref = item_id.partition(":")
    if kind == "slide":
        _preview_page_slide(view, ref)
    elif kind == "own":
        _preview_own(view, draft, ref)
    elif kind == "poll":
        _preview_poll(view, draft, item_id, ref)
    elif kind == "quiz":
        _preview_quiz(view, item_id)
    else:
        st.title(view.t("present.join_title"), anchor=False)
        st.markdown(view.t("present.join_intro"))


def _preview_page_slide(view: View, slide_id: str) -> None:
    """A page's slide, as the projector shows it (nothing for a slide no page has)."""
    from lien.ui import projector

    slide = next((s for s in view.bundle.slides.get(view.lang, ()) if s.id == slide_id), None)
    if slide is not None:
        projector.page_slide(view, slide)


def _preview_own(view: View, draft, slide_id: str) -> None:
    """An own slide of the draft, as the projector shows it; its title alone while its words
    are not yet a slide the check accepts (nothing when it has none in this language)."""
    from lien.content.models import OwnSlide

    words = own_slide_words(draft, slide_id).get(view.lang)
    if words is None:
        return
    data = {k: v for k, v in words.items() if v and k != "image"}
    image = words.get("image") or None
    try:
        slide = OwnSlide.model_validate(
            {"id": slide_id, "image": image, **data, "notes": words.get("notes") or "-"}
        )
    except ValueError:
        st.title(words.get("title") or slide_id, anchor=False)
        return
    _own_preview(view, slide, _own_picture(view, draft, image), _is_page(draft, slide_id))


def _own_picture(view: View, draft, image: str | None) -> bytes | None:
    """An own slide's picture: the draft's when it was just given, else the saved file's
    (None without one)."""
    picture = draft.media.get(image) if image else None
    if picture is None and image and view.bundle.media_dir:
        path = view.bundle.media_dir / image
        picture = path.read_bytes() if path.is_file() else None
    return picture


def _preview_poll(view: View, draft, item_id: str, poll_id: str) -> None:
    """A question of the draft as its slide shows it before it opens: its prompt, and what
    the room is asked to do (its words in another of the talk's languages when it has none in
    this one)."""
    settings, words = question_of(draft, poll_id)
    given = words.get(view.lang) or next(iter(words.values()), None)
    if given is None:
        question = live_questions(view.bundle, view.lang).get(item_id)
        given = QuestionWords(question.prompt) if question else QuestionWords(poll_id)
    st.title(given.prompt, anchor=False)
    st.markdown(_what_to_do(view, settings, given))


def _preview_quiz(view: View, item_id: str) -> None:
    """A quiz question as its slide shows it: its prompt, its situation, its options."""
    question = live_questions(view.bundle, view.lang).get(item_id)
    if question is not None:
        st.title(question.prompt, anchor=False)
        if question.situation:
            st.markdown(question.situation)
        st.markdown("\n".join(f"- {text}" for _, text in question.options))


def _is_page(draft, slide_id: str) -> bool:
    for document in draft.own.values():
        for slide in document.get("slides", []):
            if slide["id"] == slide_id:
                return bool(slide.get("image_only", False))
    return False


def _own_preview(view: View, slide, picture: bytes | None, page: bool) -> None:
    """lien.ui.projector.own_slide, with the picture from the draft when not yet saved."""
    if page:
        with st.container(key="present_page"):
            if picture:
                st.image(picture, width="stretch", alt=slide.image_alt)
        return
    st.title(slide.title, anchor=False)
    if picture is None:
        if slide.text:
            st.markdown(view.markdown(slide.text))
        return
    with st.container(key="present_body", horizontal=True, gap="large"):
        if slide.text:
            with st.container(key="present_words"):
                st.markdown(view.markdown(slide.text))
        with st.container(key="present_figure", border=False):
            st.image(picture, width="stretch", alt=slide.image_alt)


def _what_to_do(view: View, settings: QuestionSettings, words: QuestionWords) -> str:
    """A question's words for the room, as its slide shows them before it opens."""
    ui = view.bundle.ui[view.lang]
    if settings.kind == "choice":
        return "\n".join(f"- {text}" for text in words.options)
    if settings.kind == "scale":
        return ui["join.scale_help"].format(
            low=words.low, points=settings.scale or 5, high=words.high
        )
    if settings.kind == "words":
        return ui["join.words_help"].format(count=settings.words)
    if settings.kind == "open":
        return ui["join.open_help"]
    if settings.kind == "questions":
        return ui["join.ask_help"]
    return ui["join.map_what"]


# --- earlier versions -----------------------------------------------------------------------------


def _history(view: View, root: Path, draft) -> None:
    path = draft.content / "talks" / f"{draft.talk_id}.toml"
    kept = versions(root, path)
    if not kept:
        return
    with st.expander(view.t("editor.history")):
        version = st.selectbox(
            view.t("editor.version"),
            kept,
            format_func=lambda v: time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(v.saved_at)),
        )
        if st.button(view.t("editor.restore"), icon=":material/history:"):
            try:
                restore(root, path, version)
            except SaveRefused as refused:
                _refused(view, refused)
            else:
                _say("ok", view.t("editor.restored"))
                _reopen(root, view, draft.talk_id)
            st.rerun()
