"""The reflection on /reflection: statements, the reader's point on the map, and next steps.

Answers live only in this browser session's widget state; nothing is written anywhere.
"""

from __future__ import annotations

import streamlit as st

from lien.charts.dimensions import reflection_map_parts
from lien.charts.parts import ChartParts
from lien.reflection import HIGH, LOW, SCALE, level, map_point
from lien.text import decimal
from lien.ui import chart as chart_ui
from lien.ui.chart import chart_cache, frozen, view_cache
from lien.ui.markup import card_html
from lien.view import View

PREFIX = "reflection_"


def answer_key(statement_id: str) -> str:
    return f"{PREFIX}{statement_id}"


@chart_cache()
def _reflection_map(view: View, point: tuple[float, float]) -> ChartParts:
    parts = reflection_map_parts(view, point, (LOW, HIGH))
    return parts._replace(figure=frozen(parts.figure))


def _clear_answers(keys: list[str]) -> None:
    for key in keys:
        st.session_state[key] = None


@view_cache(max_entries=8)
def _notice(view: View) -> str:
    card = card_html(
        f":material/info: **{view.t('reflection.notice')}**\n\n"
        f":material/lock: {view.t('reflection.private')}"
    )
    return f"{card}\n\n{view.t('reflection.scale')}"


@st.fragment
def reflection(view: View) -> None:
    """One fragment: answering a statement reruns the reflection, not the whole page."""
    statements = view.bundle.reflection[view.lang].statements
    keys = [answer_key(s.id) for s in statements]
    # The notice in its bordered card and the scale under it, one element: every element is
    # a message on every answer (this fragment reruns) and every load.
    st.markdown(_notice(view), unsafe_allow_html=True)
    # The container's key lets the page's CSS (lien.web.index_page) draw the 1–7 choices as
    # boxes a thumb can hit, seven on one line.
    with st.container(key="reflection_statements"):
        for number, statement in enumerate(statements, start=1):
            st.radio(
                f"{number}. {statement.text}",
                options=SCALE,
                index=None,
                horizontal=True,
                key=answer_key(statement.id),
            )
    answers = {s.id: st.session_state.get(answer_key(s.id)) for s in statements}
    answered = sum(a is not None for a in answers.values())
    point = map_point(statements, answers)
    progress = view.t("reflection.progress").format(answered=answered, total=len(statements))
    if point is None:
        # What is missing, said with the progress itself (one element fewer).
        progress += f"  \n{view.t('reflection.incomplete')}"
    st.progress(answered / len(statements), text=progress)
    st.button(
        view.t("reflection.clear"),
        icon=":material/delete:",
        key="reflection_clear",
        on_click=_clear_answers,
        args=(keys,),
        disabled=answered == 0,
    )
    if point is None:
        return
    avoidance, anxiety = point
    st.subheader(view.t("reflection.result_heading"), anchor=False)
    figure, table, alt = _reflection_map(view, point)
    chart_ui.show_chart(view, figure, key="reflection_map", alt_text=alt, table=table)
    with st.container(border=True, key="reflection_result"):
        st.markdown(
            "\n\n".join(
                (
                    view.t(f"reflection.anxiety_{level(anxiety)}"),
                    view.t(f"reflection.avoidance_{level(avoidance)}"),
                    view.t("reflection.compared").format(
                        low=decimal(LOW, view.lang, 1), high=decimal(HIGH, view.lang, 1)
                    ),
                    view.t("reflection.change"),
                    f"**{view.t('reflection.professional')}**",
                )
            )
        )
