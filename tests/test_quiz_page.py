"""The /quiz page under AppTest: whole seeded rounds played right and wrong, feedback, review."""

from __future__ import annotations

import pytest

from lien.quiz import draw_round
from tests.helpers.apptest import all_text, data_csv, headings_of, open_page

SEED = 5  # a round with every kind: vignette, select all, single, true/false


def _headings() -> dict[str, dict[str, str]]:
    from lien.content import load_bundle

    ui = load_bundle().ui
    return {lang: {k: ui[lang][k] for k in ("quiz.missed", "quiz.right_answer")} for lang in ui}


HEADINGS = _headings()


def right_choice(question, drawn) -> tuple[str, ...]:
    return tuple(i for i in drawn.option_ids if question.option(i).correct)


def wrong_choice(question, drawn) -> tuple[str, ...]:
    """The first wrong option shown: a wrong answer whatever the kind of question."""
    return (next(i for i in drawn.option_ids if not question.option(i).correct),)


def answer(at, step: int, question, drawn, chosen: tuple[str, ...]) -> None:
    if question.kind == "multiple":
        for option_id in drawn.option_ids:
            at.checkbox(key=f"quiz_answer_{step}_{option_id}").set_value(option_id in chosen)
    else:
        at.radio(key=f"quiz_answer_{step}").set_value(chosen[0])
    at.button(key=f"quiz_submit_{step}").click().run()
    assert not at.exception, [e.value for e in at.exception]


def play_round(at, bank, choose) -> list[tuple[str, ...]]:
    """Answer every question of the seeded round with `choose`, checking each feedback."""
    round_ = draw_round(bank, seed=SEED)
    given = []
    for step, drawn in enumerate(round_.questions):
        question = bank.question(drawn.id)
        assert at.subheader[0].value.endswith(str(step + 1))
        if question.kind != "multiple":
            shown = [question.option(i).text for i in drawn.option_ids]
            assert at.radio(key=f"quiz_answer_{step}").options == shown
        chosen = choose(question, drawn)
        answer(at, step, question, drawn, chosen)
        right = chosen == right_choice(question, drawn)
        assert len(at.success if right else at.error) == 1
        shown_text = all_text(at)
        assert question.explanation.split("\n")[0][:40] in shown_text
        if not right:
            for option_id in chosen:
                assert question.option(option_id).why_wrong in shown_text
            # A missed answer is "also right" only where several were right to tick.
            missed_heading = "quiz.missed" if question.kind == "multiple" else "quiz.right_answer"
            other_heading = "quiz.right_answer" if question.kind == "multiple" else "quiz.missed"
            headings = HEADINGS[at.query_params["lang"]]
            assert headings[missed_heading] in shown_text
            assert headings[other_heading] not in shown_text
        # the page and section that teach it, in the reader's language
        assert f"?lang={at.query_params['lang']}#{question.section})" in shown_text
        at.button(key=f"quiz_next_{step}").click().run()
        given.append(chosen)
    return given


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_round_answered_right_scores_8_of_8_and_has_nothing_to_revisit(bundle, lang):
    bank = bundle.quiz[lang]
    ui = bundle.ui[lang]
    at = open_page("quiz", lang, seed=str(SEED))
    play_round(at, bank, right_choice)
    assert at.metric[0].value == "8 / 8"
    shown = all_text(at)
    assert ui["quiz.review_heading"] in shown
    for drawn in draw_round(bank, seed=SEED).questions:
        assert bank.question(drawn.id).prompt in shown
    assert shown.count(ui["quiz.review_right"]) >= 8
    assert ui["quiz.revisit_none"] in shown
    assert at.button(key="quiz_new")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_round_answered_wrong_scores_0_of_8_and_reviews_every_answer(bundle, lang):
    bank = bundle.quiz[lang]
    ui = bundle.ui[lang]
    at = open_page("quiz", lang, seed=str(SEED))
    given = play_round(at, bank, wrong_choice)
    assert at.metric[0].value == "0 / 8"
    shown = all_text(at)
    round_ = draw_round(bank, seed=SEED)
    for drawn, chosen in zip(round_.questions, given, strict=True):
        question = bank.question(drawn.id)
        assert question.prompt in shown
        assert f"{ui['quiz.your_answer']} {question.option(chosen[0]).text}" in shown
        right = ", ".join(question.option(i).text for i in right_choice(question, drawn))
        assert f"{ui['quiz.right_answer']} {right}" in shown
    assert ui["quiz.revisit_none"] not in shown
    # one link per page section to read again, each keeping the language
    links = [m for m in (e.value for e in at.markdown) if m.startswith("- [")]
    sections = {(bank.question(d.id).page, bank.question(d.id).section) for d in round_.questions}
    assert len(links) == len(sections)
    assert all(f"?lang={lang}#" in link for link in links)


def test_a_round_half_right_scores_per_topic_in_the_chart_and_its_table(bundle):
    bank = bundle.quiz["en"]
    at = open_page("quiz", "en", seed=str(SEED))
    round_ = draw_round(bank, seed=SEED)
    right_ids = set(round_.ids[::2])
    play_round(
        at,
        bank,
        lambda q, d: right_choice(q, d) if q.id in right_ids else wrong_choice(q, d),
    )
    assert at.metric[0].value == "4 / 8"
    table = data_csv(at, "quiz_topics")
    expected = {
        bundle.ui["en"][f"quiz.topic_{bank.question(i).topic}"]: int(i in right_ids)
        for i in round_.ids
    }
    assert dict(zip(table["Topic"], table["Right"], strict=True)) == expected
    assert sum(table["Questions"]) == 8
    caption = " ".join(c.value for c in at.caption)
    assert "Bar chart of right answers per topic" in caption
    assert "The frame: " in caption


def test_the_seed_in_the_url_fixes_the_questions_and_their_order(bundle):
    bank = bundle.quiz["fr"]
    first = draw_round(bank, seed=SEED).questions[0]
    for _ in range(2):
        at = open_page("quiz", "fr", seed=str(SEED))
        question = bank.question(first.id)
        if question.kind == "multiple":
            keys = [c.key for c in at.checkbox]
            assert keys == [f"quiz_answer_0_{i}" for i in first.option_ids]
        else:
            shown = [question.option(i).text for i in first.option_ids]
            assert at.radio(key="quiz_answer_0").options == shown


def test_submitting_without_an_answer_asks_for_one_and_stays_on_the_question(bundle):
    at = open_page("quiz", "en", seed=str(SEED))
    at.button(key="quiz_submit_0").click().run()
    assert len(at.warning) == 1
    assert not at.success and not at.error
    assert not [b for b in at.button if b.key == "quiz_next_0"]


def test_select_all_questions_state_the_scoring_rule_on_screen(bundle):
    bank = bundle.quiz["en"]
    seed = next(
        s for s in range(100) if bank.question(draw_round(bank, seed=s).ids[0]).kind == "multiple"
    )
    at = open_page("quiz", "en", seed=str(seed))
    assert bundle.ui["en"]["quiz.rule_multiple"] in [c.value for c in at.caption]
    assert "no more and no fewer" in all_text(at)


def test_the_page_says_answers_stay_in_the_browser_session(bundle):
    at = open_page("quiz", "en")
    assert "your answers stay in this browser session only" in all_text(at)
    at = open_page("quiz", "fr")
    assert "vos réponses restent uniquement dans cette session du navigateur" in all_text(at)


def test_a_new_round_with_a_seed_moves_to_the_next_seed_and_clears_the_answers(bundle):
    bank = bundle.quiz["en"]
    at = open_page("quiz", "en", seed=str(SEED))
    play_round(at, bank, right_choice)
    at.button(key="quiz_new").click().run()
    assert at.query_params["seed"] == str(SEED + 1)
    assert at.session_state["quiz_answers"] == {}
    assert at.session_state["quiz_round"] == draw_round(bank, seed=SEED + 1)
    assert at.subheader[0].value.endswith("1")
    assert not at.success and not at.error


def test_switching_language_mid_round_keeps_the_round_and_the_answers(bundle):
    bank = bundle.quiz["fr"]
    at = open_page("quiz", "fr", seed=str(SEED))
    drawn = draw_round(bank, seed=SEED).questions[0]
    question = bank.question(drawn.id)
    answer(at, 0, question, drawn, right_choice(question, drawn))
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert headings_of(at, 1)[0] == bundle.pages["en"]["quiz"].title
    assert len(at.success) == 1
    assert bundle.quiz["en"].question(drawn.id).explanation.split("\n")[0][:30] in all_text(at)


def test_an_invalid_seed_is_ignored_and_a_round_is_drawn(bundle):
    at = open_page("quiz", "en", seed="abc")
    assert at.session_state["quiz_round"].questions
    assert at.button(key="quiz_submit_0")


def test_the_round_is_a_streamlit_fragment():
    from lien.ui.blocks.quiz import quiz_round

    # st.fragment wraps the function; the browser test checks the rerun is fragment-only.
    assert hasattr(quiz_round, "__wrapped__")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_how_the_quiz_works_is_a_line_to_open_before_the_round_and_whole_elsewhere(bundle, lang):
    """Folded on the page (the first question comes sooner on a phone); a slide or a handout
    drawing the section shows its heading and its text as usual."""
    from lien.layout import Folded, Heading, Text, page_parts, section_parts

    text = bundle.pages[lang]["quiz"]
    how = next(s for s in text.sections if s.fold)
    assert how.id == "how"
    folded = [p for p in page_parts(text) if isinstance(p, Folded)]
    assert folded == [Folded(Heading(how.heading, 2, "how"), Text(how.body))]
    assert [type(p) for p in section_parts(how)] == [Heading, Text]
    at = open_page("quiz", lang)
    [markdown] = [m.value for m in at.markdown if '<details class="lien-fold">' in m.value]
    fold = markdown[markdown.index("<details") : markdown.index("</details>")]
    assert f'<summary><h2 data-anchor="how">{how.heading}</h2></summary>' in fold
    assert "<li>" in fold or "\n- " in fold  # its list inside, shown once opened
    # The keyboard's help is not in it: the round shows it, where there is a mouse (CSS).
    assert bundle.ui[lang]["quiz.keyboard"].split("**")[1] not in fold
    assert bundle.ui[lang]["quiz.keyboard"] in [c.value for c in at.caption]
