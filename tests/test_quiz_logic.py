"""The quiz's pure logic: drawing a round, shuffling options, scoring, the review."""

from __future__ import annotations

import random

import pytest

from lien.content.models import QUIZ_TOPICS, QuizBank
from lien.quiz import (
    Round,
    draw_round,
    feedback,
    is_right,
    pages_to_revisit,
    review_rows,
    score,
    score_per_topic,
    shuffled_option_ids,
)


@pytest.fixture(scope="module")
def bank(bundle) -> QuizBank:
    return bundle.quiz["en"]


def right_answers(bank: QuizBank, round_: Round) -> dict[str, tuple[str, ...]]:
    return {q.id: tuple(bank.question(q.id).right_ids) for q in round_.questions}


def wrong_answers(bank: QuizBank, round_: Round) -> dict[str, tuple[str, ...]]:
    """For each question, the first option shown that is wrong."""
    out = {}
    for drawn in round_.questions:
        question = bank.question(drawn.id)
        out[drawn.id] = (next(i for i in drawn.option_ids if not question.option(i).correct),)
    return out


# --- drawing ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_a_round_has_eight_different_questions_one_per_topic(bank, seed):
    round_ = draw_round(bank, seed=seed)
    assert len(round_.questions) == 8
    assert len(set(round_.ids)) == 8
    topics = [bank.question(i).topic for i in round_.ids]
    assert sorted(topics) == sorted(QUIZ_TOPICS)  # 8 topics, 8 questions: each topic once


def test_a_short_round_never_repeats_a_topic_and_a_long_one_spreads_evenly(bank):
    topics = [bank.question(i).topic for i in draw_round(bank, n=5, seed=3).ids]
    assert len(set(topics)) == 5
    topics = [bank.question(i).topic for i in draw_round(bank, n=16, seed=3).ids]
    assert all(topics.count(t) == 2 for t in QUIZ_TOPICS)


def test_the_same_seed_gives_the_same_round_and_another_seed_another_round(bank):
    assert draw_round(bank, seed=7) == draw_round(bank, seed=7)
    rounds = {draw_round(bank, seed=s).ids for s in range(10)}
    assert len(rounds) > 5


def test_a_seeded_round_is_the_same_in_both_languages(bundle):
    fr = draw_round(bundle.quiz["fr"], seed=42)
    en = draw_round(bundle.quiz["en"], seed=42)
    assert fr == en


def test_the_draw_does_not_depend_on_the_order_of_questions_in_the_file(bank):
    reordered = QuizBank(questions=list(reversed(bank.questions)))
    assert draw_round(reordered, seed=11) == draw_round(bank, seed=11)


def test_without_a_seed_the_round_records_the_seed_it_used(bank):
    round_ = draw_round(bank)
    assert draw_round(bank, seed=round_.seed) == round_


def test_every_question_of_the_bank_can_be_drawn(bank):
    drawn = {i for seed in range(200) for i in draw_round(bank, seed=seed).ids}
    assert drawn == {q.id for q in bank.questions}


# --- shuffling -------------------------------------------------------------------------


def test_shuffling_keeps_every_option_once_and_the_right_ones_stay_right(bank):
    for question in bank.questions:
        for seed in range(5):
            order = shuffled_option_ids(question, random.Random(seed))
            assert sorted(order) == sorted(o.id for o in question.options)
            right_in_order = {i for i in order if question.option(i).correct}
            assert right_in_order == question.right_ids


def test_shuffling_really_changes_the_order_of_options(bank):
    question = next(q for q in bank.questions if len(q.options) >= 4)
    orders = {shuffled_option_ids(question, random.Random(s)) for s in range(20)}
    assert len(orders) > 3


def test_true_false_options_keep_their_order(bank):
    question = next(q for q in bank.questions if q.kind == "true_false")
    for seed in range(10):
        assert shuffled_option_ids(question, random.Random(seed)) == ("true", "false")


def test_a_round_shows_each_question_with_all_its_options(bank):
    for drawn in draw_round(bank, seed=5).questions:
        question = bank.question(drawn.id)
        assert sorted(drawn.option_ids) == sorted(o.id for o in question.options)


# --- scoring ---------------------------------------------------------------------------


def question_of_kind(bank, kind):
    return next(q for q in bank.questions if q.kind == kind)


def test_a_single_choice_is_right_only_with_its_right_option(bank):
    question = question_of_kind(bank, "single")
    (right,) = question.right_ids
    wrong = next(o.id for o in question.options if not o.correct)
    assert is_right(question, [right])
    assert not is_right(question, [wrong])
    assert not is_right(question, [])


def test_a_vignette_is_scored_like_a_single_choice(bank):
    question = question_of_kind(bank, "vignette")
    (right,) = question.right_ids
    assert is_right(question, [right])
    assert not is_right(question, [next(o.id for o in question.options if not o.correct)])


def test_true_false_is_right_only_with_the_right_truth_value(bank):
    question = question_of_kind(bank, "true_false")
    (right,) = question.right_ids
    other = "false" if right == "true" else "true"
    assert is_right(question, [right])
    assert not is_right(question, [other])


def test_select_all_gives_the_point_only_for_exactly_the_right_set(bank):
    question = question_of_kind(bank, "multiple")
    right = sorted(question.right_ids)
    wrong = next(o.id for o in question.options if not o.correct)
    assert len(right) >= 2
    assert is_right(question, right)
    assert is_right(question, list(reversed(right)))  # order does not matter
    assert not is_right(question, right[:-1])  # one right option missing: no point
    assert not is_right(question, [*right, wrong])  # one wrong option added: no point
    assert not is_right(question, [])


def test_feedback_names_the_wrong_options_chosen_and_the_right_ones_missed(bank):
    question = question_of_kind(bank, "multiple")
    right = sorted(question.right_ids)
    wrong = next(o.id for o in question.options if not o.correct)
    shown = tuple(o.id for o in question.options)
    result = feedback(question, [right[0], wrong], shown)
    assert not result.right
    assert [o.id for o in result.wrong_chosen] == [wrong]
    assert result.wrong_chosen[0].why_wrong
    assert {o.id for o in result.missed} == set(right[1:])
    assert feedback(question, right, shown).right


def test_a_round_answered_right_scores_eight_and_wrong_scores_zero(bank):
    round_ = draw_round(bank, seed=9)
    assert score(bank, round_, right_answers(bank, round_)) == 8
    assert score(bank, round_, wrong_answers(bank, round_)) == 0
    assert score(bank, round_, {}) == 0  # unanswered questions count zero


def test_the_score_per_topic_adds_up_to_the_score(bank):
    round_ = draw_round(bank, seed=9, n=12)
    answers = right_answers(bank, round_)
    first, second = round_.ids[0], round_.ids[1]
    answers.update({k: v for k, v in wrong_answers(bank, round_).items() if k in (first, second)})
    per_topic = score_per_topic(bank, round_, answers)
    assert sum(t.right for t in per_topic) == score(bank, round_, answers) == 10
    assert sum(t.asked for t in per_topic) == 12
    shown_topics = {x.topic for x in per_topic}
    assert [t.topic for t in per_topic] == [t for t in QUIZ_TOPICS if t in shown_topics]
    missed = {bank.question(first).topic, bank.question(second).topic}
    for topic in per_topic:
        assert (topic.right < topic.asked) == (topic.topic in missed)


def test_the_review_lists_every_question_with_the_answer_given_and_the_right_one(bank):
    round_ = draw_round(bank, seed=2)
    answers = wrong_answers(bank, round_)
    rows = review_rows(bank, round_, answers)
    assert [r.question.id for r in rows] == list(round_.ids)
    assert [r.number for r in rows] == list(range(1, 9))
    for row in rows:
        assert not row.right
        assert [o.id for o in row.chosen] == list(answers[row.question.id])
        assert {o.id for o in row.right_options} == row.question.right_ids
    assert all(r.right for r in review_rows(bank, round_, right_answers(bank, round_)))


def test_pages_to_revisit_are_those_of_missed_questions_each_once(bank):
    round_ = draw_round(bank, seed=2)
    answers = right_answers(bank, round_)
    assert pages_to_revisit(review_rows(bank, round_, answers)) == []
    wrong = wrong_answers(bank, round_)
    rows = review_rows(bank, round_, wrong)
    targets = pages_to_revisit(rows)
    assert len(targets) == len(set(targets))
    assert set(targets) == {(r.question.page, r.question.section) for r in rows}


def test_the_seed_the_page_tests_use_draws_every_kind_of_question(bundle):
    from tests.test_quiz_page import SEED

    bank = bundle.quiz["en"]
    kinds = {bank.question(i).kind for i in draw_round(bank, seed=SEED).ids}
    assert kinds == {"single", "multiple", "true_false", "vignette"}
