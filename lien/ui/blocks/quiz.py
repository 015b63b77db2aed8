"""The quiz round on /quiz: one question at a time, feedback, then score, chart and review.

Everything the reader answers lives in st.session_state only (keys start with `quiz_`): it
leaves with the browser session. The round is a fragment, so answering reruns the round alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from lien import static
from lien.charts.quiz_topics import topic_parts
from lien.content.models import Question, QuizBank
from lien.quiz import (
    Round,
    draw_round,
    feedback,
    pages_to_revisit,
    review_rows,
    score,
    score_per_topic,
)
from lien.sitemap import SEED_PARAM
from lien.ui.chart import show_chart
from lien.view import View

ROUND_KEY = "quiz_round"  # the Round being played (question ids and option order)
ANSWERS_KEY = "quiz_answers"  # question id -> tuple of chosen option ids
STEP_KEY = "quiz_step"  # index of the question shown; len(round) once finished
URL_SEED_KEY = "quiz_url_seed"  # the ?seed= the round was drawn for, None when random
MISSING_KEY = "quiz_missing"  # the step whose answer was submitted empty, if any
WIDGET_PREFIX = "quiz_answer_"
# What gets the keyboard focus after this rerun, and what must be on screen first (CSS).
FOCUS_KEY = "quiz_focus"
# No st.button(shortcut=...): Enter on a focused radio never reaches Streamlit's shortcuts,
# and the hint Streamlit draws on a button fails WCAG AA contrast (axe). Moving the focus
# (below) makes Tab, Space, arrows and Enter enough for a whole round.
# Moves the focus once the element exists: a keyboard user continues where the round went
# (the "next" button after an answer, the new question after "next") instead of being sent
# back to the top of the page when the button they pressed disappears.
_FOCUS_JS = static.script("quiz_focus.js")


def url_seed() -> int | None:
    """The `?seed=N` of the URL, when it is a whole number; anything else is ignored."""
    raw = st.query_params.get(SEED_PARAM)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _start_round(bank: QuizBank, seed: int | None) -> None:
    state = st.session_state
    state[ROUND_KEY] = draw_round(bank, seed=seed)
    state[ANSWERS_KEY] = {}
    state[STEP_KEY] = 0
    state[URL_SEED_KEY] = seed
    for key in [k for k in state if str(k).startswith(WIDGET_PREFIX)]:
        del state[key]


def current_round(bank: QuizBank) -> Round:
    """This session's round; a new one when there is none or the URL asks for another seed."""
    state = st.session_state
    seed = url_seed()
    if ROUND_KEY not in state or (seed is not None and seed != state.get(URL_SEED_KEY)):
        _start_round(bank, seed)
    return state[ROUND_KEY]


def _new_round(bank: QuizBank) -> None:
    # A fixed round moves on to the next seed, still in the URL, so a talk can replay it.
    seed = st.session_state.get(URL_SEED_KEY)
    if seed is not None:
        seed += 1
        st.query_params[SEED_PARAM] = str(seed)
    _start_round(bank, seed)


def _next_step(total: int) -> None:
    state = st.session_state
    state[STEP_KEY] += 1
    step = state[STEP_KEY]
    if step < total:
        state[FOCUS_KEY] = (f".st-key-quiz_question_{step} h3", "[data-testid=stForm] input")
    else:
        state[FOCUS_KEY] = (".st-key-quiz_score", ".st-key-quiz_new button")


def _submit(question: Question, shown: tuple[str, ...], step: int) -> None:
    """Record the answer before the round is drawn again, so it shows locked with feedback."""
    state = st.session_state
    key = f"{WIDGET_PREFIX}{step}"
    if question.kind == "multiple":
        chosen = tuple(o for o in shown if state.get(f"{key}_{o}", False))
    else:
        chosen = (state[key],) if state.get(key) is not None else ()
    state[MISSING_KEY] = None if chosen else step
    if chosen:
        state[ANSWERS_KEY][question.id] = chosen
        state[FOCUS_KEY] = (f".st-key-quiz_next_{step} button",) * 2


def _option_text(question: Question) -> Callable[[str], str]:
    return lambda option_id: question.option(option_id).text


def _question(view: View, bank: QuizBank, round_: Round, step: int) -> None:
    drawn = round_.questions[step]
    question = bank.question(drawn.id)
    answers: dict[str, tuple[str, ...]] = st.session_state[ANSWERS_KEY]
    answered = drawn.id in answers
    with st.container(key=f"quiz_question_{step}"):
        st.subheader(view.t("quiz.question").format(number=step + 1), anchor=False)
    if question.situation:
        with st.container(border=True):
            st.markdown(view.markdown(question.situation))
    if answered:
        # The answer, locked, as plain text: a disabled widget would grey its label below
        # WCAG AA contrast.
        chosen = ", ".join(question.option(i).text for i in answers[drawn.id])
        st.markdown(f"**{question.prompt}**")
        st.markdown(f"{view.t('quiz.your_answer')} {chosen}")
    else:
        _form(view, question, drawn.option_ids, step)
    if st.session_state.get(MISSING_KEY) == step:
        multiple = question.kind == "multiple"
        needed = "quiz.choose_first_multiple" if multiple else "quiz.choose_first"
        st.warning(view.t(needed), icon=":material/info:")
    if answered:
        _feedback(view, question, answers[drawn.id], drawn.option_ids)
        last = step == len(round_.questions) - 1
        st.button(
            view.t("quiz.finish" if last else "quiz.next"),
            key=f"quiz_next_{step}",
            type="primary",
            on_click=_next_step,
            args=(len(round_.questions),),
        )


def _form(view: View, question: Question, shown: tuple[str, ...], step: int) -> None:
    key = f"{WIDGET_PREFIX}{step}"
    with st.form(key=f"quiz_form_{step}", border=False, enter_to_submit=False):
        if question.kind == "multiple":
            st.markdown(f"**{question.prompt}**")
            st.caption(view.t("quiz.rule_multiple"))
            for option_id in shown:
                st.checkbox(question.option(option_id).text, key=f"{key}_{option_id}")
        else:
            st.radio(
                f"**{question.prompt}**",
                options=shown,
                format_func=_option_text(question),
                index=None,
                key=key,
            )
        st.form_submit_button(
            view.t("quiz.submit"),
            key=f"quiz_submit_{step}",
            type="primary",
            on_click=_submit,
            args=(question, shown, step),
        )


def _feedback(view: View, question: Question, chosen: tuple[str, ...], shown) -> None:
    result = feedback(question, chosen, shown)
    if result.right:
        st.success(view.t("quiz.right"), icon=":material/check_circle:")
    else:
        st.error(view.t("quiz.wrong"), icon=":material/cancel:")
    for option in result.wrong_chosen:
        st.markdown(f"**{view.t('quiz.why_wrong').format(option=option.text)}** {option.why_wrong}")
    if result.missed:
        missed = "\n".join(f"- {o.text}" for o in result.missed)
        # "Also right" only where several answers were right to tick; else, the right one.
        heading = "quiz.missed" if question.kind == "multiple" else "quiz.right_answer"
        st.markdown(f"**{view.t(heading)}**\n\n{missed}")
    st.markdown(view.markdown(question.explanation))
    st.markdown(f"{view.t('quiz.read_more')} {_page_link(view, question.page, question.section)}")


def _page_link(view: View, page_id: str, section_id: str | None) -> str:
    """A Markdown link to the page (and section) that teaches a question, in this language."""
    page_text = view.page(page_id)
    if not section_id:
        return f"[{page_text.title}]({view.href(page_id)})"
    section = next(s for s in page_text.sections if s.id == section_id)
    return f"[{page_text.title} — {section.heading}]({view.href(page_id, '#' + section_id)})"


def _results(view: View, bank: QuizBank, round_: Round) -> None:
    answers = st.session_state[ANSWERS_KEY]
    total = len(round_.questions)
    points = score(bank, round_, answers)
    score_text = view.t("quiz.score").format(right=points, total=total)
    with st.container(key="quiz_score"):
        st.metric(view.t("quiz.score_label"), score_text)
    st.markdown(view.t("quiz.score_sentence").format(right=points, total=total))

    scores = score_per_topic(bank, round_, answers)
    figure, table, alt = topic_parts(view, scores)
    show_chart(view, figure, key="quiz_topics", alt_text=alt, table=table)

    rows = review_rows(bank, round_, answers)
    st.subheader(view.t("quiz.review_heading"), anchor=False)
    for row in rows:
        with st.container(border=True):
            verdict = view.t("quiz.review_right" if row.right else "quiz.review_wrong")
            icon = ":material/check_circle:" if row.right else ":material/cancel:"
            st.markdown(f"**{row.number}. {row.question.prompt}**")
            if row.question.situation:
                st.markdown(f"*{row.question.situation.strip()}*")
            st.markdown(f"{icon} {verdict}")
            chosen = ", ".join(o.text for o in row.chosen)
            st.markdown(f"{view.t('quiz.your_answer')} {chosen}")
            if not row.right:
                right = ", ".join(o.text for o in row.right_options)
                st.markdown(f"{view.t('quiz.right_answer')} {right}")
            st.markdown(view.markdown(row.question.explanation))

    st.subheader(view.t("quiz.revisit_heading"), anchor=False)
    targets = pages_to_revisit(rows)
    if not targets:
        st.markdown(view.t("quiz.revisit_none"))
    for page_id, section_id in targets:
        st.markdown(f"- {_page_link(view, page_id, section_id)}")

    st.button(
        view.t("quiz.new_round"),
        key="quiz_new",
        type="primary",
        on_click=_new_round,
        args=(bank,),
        icon=":material/refresh:",
    )


@st.fragment
def quiz_round(view: View) -> None:
    """The round. A fragment: answering or moving on reruns only this, not the whole page."""
    bank = view.bundle.quiz[view.lang]
    round_ = current_round(bank)
    st.session_state.setdefault(ANSWERS_KEY, {})
    st.session_state.setdefault(STEP_KEY, 0)
    total = len(round_.questions)
    step = st.session_state[STEP_KEY]
    with st.container(key="quiz_round"):
        if step == 0 and not st.session_state[ANSWERS_KEY]:
            # How to play with the keys, before the first answer. The page's CSS
            # (lien.web.index_page) hides it on a touch screen without a mouse: a phone.
            with st.container(key="quiz_keyboard"):
                st.caption(view.t("quiz.keyboard"))
        if step < total:
            progress = view.t("quiz.progress").format(number=step + 1, total=total)
            st.progress(step / total, text=progress)
            _question(view, bank, round_, step)
        else:
            st.progress(1.0, text=view.t("quiz.progress_done").format(total=total))
            _results(view, bank, round_)
    focus = st.session_state.pop(FOCUS_KEY, None)
    if focus:
        element, ready = (json.dumps(selector) for selector in focus)
        script = _FOCUS_JS.replace("__LIEN_FOCUS__", element).replace("__LIEN_READY__", ready)
        st.html(script, unsafe_allow_javascript=True)
