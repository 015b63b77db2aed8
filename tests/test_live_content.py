"""The live room's questions (polls.toml) and texts (ui-live.toml) are checked like all content."""

from __future__ import annotations

import pytest

from tests.helpers import edit, problems_of


def test_every_poll_has_its_options_and_right_answer_in_both_languages(bundle):
    for lang in bundle.languages:
        for poll in bundle.polls[lang]:
            # Up to 8 options for a choice (issue 12); the other kinds have none.
            assert 2 <= len(poll.options) <= 8 if poll.kind == "choice" else not poll.options
            if poll.correct:
                assert poll.correct in [o.id for o in poll.options]
    assert [p.id for p in bundle.polls["fr"]] == [p.id for p in bundle.polls["en"]]


def test_a_right_answer_that_is_not_an_option_is_named_with_its_file_and_field(content_copy):
    edit(content_copy / "content/en/polls.toml", 'correct = "moderate"', 'correct = "moderat"')
    problems = problems_of(content_copy)
    assert any(
        p.startswith("content/en/polls.toml: polls \"alliance-weight\", correct: 'moderat' is not")
        for p in problems
    ), problems


def test_a_poll_missing_in_one_language_is_reported(content_copy):
    path = content_copy / "content/fr/polls.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('[[polls]]\nid = "rupture-first"')], encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        "content/fr/polls.toml: polls \"rupture-first\": missing in 'fr'" in p for p in problems
    ), problems


def test_a_live_room_text_missing_in_one_language_is_reported(content_copy):
    edit(content_copy / "content/en/ui-live.toml", 'reveal = "Reveal the answer"\n', "")
    problems = problems_of(content_copy)
    assert (
        "content/en/ui-live.toml: live.reveal: missing: the app shows this text (add it); the "
        "'fr' text is shown meanwhile" in problems
    ), problems


def test_every_kind_of_question_is_shipped_in_both_languages(bundle):
    for lang in bundle.languages:
        kinds = {poll.kind for poll in bundle.polls[lang]}
        assert kinds == {"choice", "scale", "words", "open", "questions", "map"}
        assert any(p.personal and p.kind == "scale" for p in bundle.polls[lang])


def test_a_badly_made_question_of_each_kind_is_reported(content_copy):
    path = content_copy / "content/en/polls.toml"
    # A scale's end missing in English is shown from French meanwhile (reported); missing in
    # both languages, the question is refused.
    edit(path, 'low = "very hard"\n', "")
    edit(
        path,
        'kind = "map"\nprompt = "The room\'s anonymous map"\npersonal = true',
        'kind = "map"\nprompt = "The room\'s anonymous map"',
    )
    edit(
        path,
        'id = "repair-moment"\nkind = "open"',
        'id = "repair-moment"\nkind = "open"\nmin_group = 3',
    )
    problems = "\n".join(problems_of(content_copy))
    assert "low: missing in 'en' but present in 'fr' (the app shows the 'fr' text)" in problems
    assert "the room's map is about oneself: it must say personal = true" in problems
    assert 'polls "' in problems and "min_group" in problems


def _poll(**fields):
    from lien.content.models import Poll

    return Poll(id="q", prompt="A question?", **fields)


def _options(count: int) -> list[dict]:
    return [{"id": f"o{n}", "text": f"Option {n}"} for n in range(count)]


def test_a_choice_takes_two_to_eight_options_and_results_default_by_kind():
    import pydantic

    assert len(_poll(options=_options(8)).options) == 8
    for count in (1, 9):
        with pytest.raises(pydantic.ValidationError):
            _poll(options=_options(count))
    # Results show live for a choice and audience questions, after the close for the rest,
    # unless the question says otherwise; "never" keeps them for the report.
    assert _poll(options=_options(2)).shown == "live"
    assert _poll(kind="questions").shown == "live"
    assert _poll(kind="scale", scale=5, low="a", high="b").shown == "after_close"
    assert _poll(kind="words").shown == "after_close"
    assert _poll(kind="open").shown == "after_close"
    assert _poll(kind="map", personal=True).shown == "after_close"
    assert _poll(kind="words", results="live").shown == "live"
    assert _poll(kind="open", results="never").shown == "never"


def test_a_personal_group_is_eight_by_default_and_never_below_five():
    import pydantic

    assert _poll(kind="open", personal=True).group == 8
    assert _poll(kind="open", personal=True, min_group=5).group == 5
    with pytest.raises(pydantic.ValidationError):
        _poll(kind="open", personal=True, min_group=4)
