"""The talk editor on /live?edit=talk (AppTest): the presenter only; open a shipped talk,
reorder, add a library slide, save (the files change), restore the previous version."""

from __future__ import annotations

import pytest

from lien.content import ROOT, load_bundle
from lien.talks import talk_of
from tests.helpers.apptest import all_text, open_page

TOKEN = "test-editor-token-789"


@pytest.fixture
def presenter(content_copy, sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    return content_copy


def test_without_the_token_the_editor_shows_only_the_sign_in(presenter, bundle):
    at = open_page("live", "fr", edit="talk")
    text = all_text(at)
    assert bundle.ui["fr"]["editor.heading"] not in text
    assert "short" not in [s.value for s in at.selectbox]
    assert at.text_input(key="live_token_input")


def test_after_a_removal_the_row_at_that_place_has_another_button(presenter, bundle):
    """A double click on Remove: the browser sends the second click to the button it drew.
    Once the item is gone, the row at that place holds another item under another button, so
    that click reaches none and the next item stays (with buttons keyed by place alone, it
    was removed too)."""
    t = bundle.ui["fr"]
    at = open_page("live", "fr", token=TOKEN)
    at.button(key="editor_open").click().run()
    at.selectbox[0].select("short")
    next(b for b in at.button if b.label == t["editor.open"]).click().run()
    at.button(key="remove_opening_0_slide:home-title").click().run()
    assert not at.exception, [e.value for e in at.exception]
    keys = [b.key for b in at.button if b.key and b.key.startswith("remove_opening_0")]
    assert keys == ["remove_opening_0_slide:home-care"]


def test_the_presenter_reorders_adds_saves_and_restores_a_talk(presenter, bundle):
    t = bundle.ui["fr"]
    at = open_page("live", "fr", token=TOKEN)
    at.button(key="editor_open").click().run()
    assert t["editor.heading"] in all_text(at)
    at.selectbox[0].select("short")  # in a form: sent with its button
    next(b for b in at.button if b.label == t["editor.open"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="down_opening_0_slide:home-title").click().run()
    save = next(b for b in at.button if b.label == t["editor.save"])
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, all_text(at)
    talk = talk_of(load_bundle(presenter), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-care", "slide:home-title"]
    restore = next(b for b in at.button if b.label == t["editor.restore"])
    restore.click().run()
    talk = talk_of(load_bundle(presenter), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-title", "slide:home-care"]


def _in_order(node):
    """Every element of the page, in the order a reader meets them."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _in_order(child)


def _by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def _editor_on(lang: str, talk: str | None = None, new: str | None = None):
    """The editor open on /live (signed in), on a shipped talk or a new one."""
    t = load_bundle(ROOT).ui[lang]
    at = open_page("live", lang, token=TOKEN)
    at.button(key="editor_open").click().run()
    if talk:
        at.selectbox[0].select(talk)
    if new:
        _by_label(at.text_input, t["editor.new_id"]).input(new)
    next(b for b in at.button if b.label == t["editor.open"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at, t


def test_the_presenter_writes_a_scale_question_and_plans_a_parts_minutes(presenter):
    from lien.live.questions import live_questions

    at, t = _editor_on("fr", new="atelier")
    at.text_input(key="editor_first_part").input("Le début")
    next(b for b in at.button if b.label == t["editor.add_part"]).click().run()
    _by_label(at.selectbox, t["editor.kind"]).select("scale").run()
    _by_label(at.text_area, t["editor.prompt"]).input("Votre confiance ?")
    _by_label(at.text_input, t["editor.low"]).input("aucune")
    _by_label(at.text_input, t["editor.high"]).input("entière")
    _by_label(at.radio, t["editor.scale_points"]).set_value(7)
    _by_label(at.checkbox, t["editor.personal"]).check().run()
    _by_label(at.number_input, t["editor.min_group"]).set_value(12)
    next(b for b in at.button if b.label == t["editor.question_add"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert t["editor.question_added"] in [s.value for s in at.success]
    (minutes,) = [w for w in at.text_input if w.label.startswith(t["editor.minutes_of"][:10])]
    minutes.input("2,5").run()
    assert t["editor.part_minutes"].format(minutes="2,5") in all_text(at)
    next(b for b in at.button if b.label == t["editor.save"]).click().run()
    assert at.success, all_text(at)
    bundle = load_bundle(presenter)
    talk = talk_of(bundle, "fr", "atelier")
    assert talk.parts[0].planned_minutes == 2.5
    (question,) = [live_questions(bundle, "fr")[s.id] for s in talk.slides]
    assert (question.form, question.scale, question.low, question.high) == (
        "scale",
        7,
        "aucune",
        "entière",
    )
    assert question.personal and question.min_group == 12


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_refused_save_shows_each_problem_beside_its_field_and_writes_nothing(presenter, lang):
    from lien.content.messages import msg

    other = "en" if lang == "fr" else "fr"
    before = (presenter / "content/talks/short.toml").read_bytes()
    at, t = _editor_on(lang, talk="short")
    label = t["editor.in_language"].format(
        label=t["editor.part_title"].format(number=5), language=t[f"lang.{lang}"]
    )
    _by_label(at.text_input, label).input("").run()
    next(b for b in at.button if b.label == t["editor.save"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (presenter / "content/talks/short.toml").read_bytes() == before
    leaves = list(_in_order(at.main))
    field = next(i for i, e in enumerate(leaves) if getattr(e, "label", None) == label)
    beside = leaves[field + 1]
    assert beside.type == "alert" or type(beside).__name__ == "Error", beside
    # An emptied title is missing in that language (the other one's would be shown): said in
    # the presenter's language, beside the title.
    assert beside.value == msg("fallback", lang=lang, other=other).say(lang)
    assert t["editor.refused"] in [e.value for e in at.error]


def test_the_presenter_edits_an_own_slide_and_a_question_of_the_talk(presenter):
    from lien.talk_edit import (
        QuestionSettings,
        QuestionWords,
        add_item,
        add_part,
        open_draft,
        save_draft,
        set_own_slide,
        set_question,
        set_title,
    )

    draft = open_draft(presenter, load_bundle(presenter), "atelier", lang="fr")
    set_title(draft, "fr", "Mon atelier")
    add_part(draft, "debut", {"fr": "Le début"})
    set_own_slide(draft, "mienne", {"fr": {"title": "Avant", "text": "- Un", "notes": "N"}})
    add_item(draft, "debut", "own:mienne")
    settings = QuestionSettings(kind="choice", correct=0)
    set_question(draft, "ma-question", settings, {"fr": QuestionWords("Oui ?", ["Oui", "Non"])})
    add_item(draft, "debut", "poll:ma-question")
    save_draft(draft)

    at, t = _editor_on("fr", talk="atelier")
    at.button(key="edit_debut_0_own:mienne").click().run()
    _by_label(at.text_input, t["editor.own_title"]).input("Après")
    next(b for b in at.button if b.label == t["editor.own_update"]).click().run()
    assert t["editor.own_updated"] in [s.value for s in at.success]
    at.button(key="edit_debut_1_poll:ma-question").click().run()
    assert _by_label(at.text_area, t["editor.options"]).value == "Oui\nNon"
    _by_label(at.text_area, t["editor.options"]).input("Oui\nNon\nPeut-être").run()
    _by_label(at.selectbox, t["editor.correct"]).select(2)
    next(b for b in at.button if b.label == t["editor.question_update"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    next(b for b in at.button if b.label == t["editor.save"]).click().run()
    bundle = load_bundle(presenter)
    (slide,) = [s for s in bundle.own_slides["fr"] if s.id == "mienne"]
    assert slide.title == "Après"
    (poll,) = [p for p in bundle.polls["fr"] if p.id == "ma-question"]
    assert [o.text for o in poll.options] == ["Oui", "Non", "Peut-être"]
    assert poll.correct == poll.options[2].id


def test_the_presenter_turns_off_phones_following_the_slides_for_a_talk(presenter, bundle):
    t = bundle.ui["en"]
    at = open_page("live", "en", token=TOKEN)
    at.button(key="editor_open").click().run()
    at.selectbox[0].select("short")
    next(b for b in at.button if b.label == t["editor.open"]).click().run()
    box = next(c for c in at.checkbox if c.label == t["editor.follow_along"])
    assert box.value is True
    box.uncheck().run()
    next(b for b in at.button if b.label == t["editor.save"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, all_text(at)
    path = presenter / "content/talks/short.toml"
    assert "follow_along = false" in path.read_text(encoding="utf-8").splitlines()
    assert load_bundle(presenter).talks["short"].follow_along is False
    box = next(c for c in at.checkbox if c.label == t["editor.follow_along"])
    assert box.value is False  # the saved talk, opened again, says so
