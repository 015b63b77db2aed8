"""The talk editor's operations on the files (issue 20, reqs 1 and 2, without the page yet):
start from a shipped talk or from nothing, add, reorder and remove items, write one's own
slides with an uploaded image, and save through the checked writer."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lien.check import run_check
from lien.content import load_bundle
from lien.content.models import DEFAULT_RESULTS
from lien.talk_edit import (
    EditRefused,
    Place,
    QuestionSettings,
    QuestionWords,
    add_item,
    add_part,
    add_pdf_pages,
    by_place,
    follow_along,
    library,
    move_item,
    new_part_id,
    new_question_id,
    open_draft,
    own_slide_words,
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
from lien.talk_writer import SaveRefused
from lien.talks import talk_of


@pytest.fixture(autouse=True)
def _own_history(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "var"))


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 36), (0, 114, 178)).save(out, format="PNG")
    return out.getvalue()


def test_an_unchanged_draft_saves_nothing(content_copy):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "workshop")
    assert save_draft(draft) == []


def test_moving_and_removing_items_is_saved_in_order_with_the_files_comments(content_copy):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "short")
    assert move_item(draft, "opening", 1, -1) == 0
    assert move_item(draft, "opening", 0, -1) == 0  # the first stays first
    remove_item(draft, "alliance", 3)
    set_minutes(draft, "alliance", 0, 4)
    save_draft(draft)
    text = (content_copy / "content/talks/short.toml").read_text(encoding="utf-8")
    assert text.startswith("# About 20 minutes")
    talk = talk_of(load_bundle(content_copy), "fr", "short")
    ids = [s.id for s in talk.slides]
    assert ids[:2] == ["slide:home-care", "slide:home-title"]
    assert "slide:alliance-collaboration" not in ids
    assert talk.parts[1].planned_minutes == 4 + 3 + 2


def test_a_new_french_talk_from_nothing_with_a_library_slide_an_own_slide_and_a_question(
    content_copy,
):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "atelier", lang="fr")
    set_title(draft, "fr", "Mon atelier")
    add_part(draft, "debut", {"fr": "Le début"})
    (entry,) = [e for e in library(bundle, "fr", "alliance") if e.item_id.endswith("definition")]
    add_item(draft, "debut", entry.item_id, minutes=2)
    words = {
        "fr": {
            "title": "Ma diapositive",
            "text": "- Une idée",
            "notes": "Ce que je dis.",
            "image_alt": "Un rectangle bleu.",
        }
    }
    set_own_slide(draft, "a-moi", words, image=("photo.PNG", png()))
    add_item(draft, "debut", "own:a-moi")
    add_item(draft, "debut", "poll:alliance-weight")
    save_draft(draft)
    code, lines = run_check(content_copy)
    assert code == 0, lines
    after = load_bundle(content_copy)
    talk = talk_of(after, "fr", "atelier")
    assert [s.id for s in talk.slides] == [
        "slide:alliance-definition",
        "own:a-moi",
        "poll:alliance-weight",
    ]
    assert talk.slide(2).own.image == "a-moi.png"
    assert (content_copy / "content/media/a-moi.png").read_bytes() == png()
    assert after.talks["atelier"].languages == ["fr"]


def test_a_talk_started_from_a_shipped_one_has_its_items_and_titles(content_copy):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "mon-court", start_from="short")
    save_draft(draft)
    after = load_bundle(content_copy)
    for lang in ("fr", "en"):
        mine, shipped = talk_of(after, lang, "mon-court"), talk_of(after, lang, "short")
        assert [s.id for s in mine.slides] == [s.id for s in shipped.slides]
        assert mine.title == shipped.title


def test_an_empty_part_is_refused_with_the_checks_words_and_nothing_is_written(content_copy):
    bundle = load_bundle(content_copy)
    before = (content_copy / "content/talks/short.toml").read_bytes()
    draft = open_draft(content_copy, bundle, "short")
    remove_item(draft, "closing", 0)
    with pytest.raises(SaveRefused) as refused:
        save_draft(draft)
    assert any("empty" in str(p.reason) for p in refused.value.problems), refused.value.problems
    assert (content_copy / "content/talks/short.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.pdf", b"%PDF-1.4", "image_type"),
        ("fake.png", b"GIF89a not a png at all", "image_type"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "image_size"),
    ],
)
def test_an_uploaded_image_is_checked_for_its_type_and_size(content_copy, name, data, reason):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "atelier", lang="fr")
    words = {"fr": {"title": "T", "notes": "N", "image_alt": "A"}}
    with pytest.raises(EditRefused) as refused:
        set_own_slide(draft, "x", words, image=(name, data))
    assert refused.value.reason == reason
    assert draft.media == {}


def test_the_library_finds_slides_by_page_and_title_with_their_first_line(bundle):
    found = library(bundle, "en", "attachment")
    assert found and all(
        "attachment" in f"{e.page} {e.title} {e.first_line} {e.item_id}".lower() for e in found
    )
    assert any(e.page == "attachment" and e.first_line for e in found)
    assert {e.item_id.partition(":")[0] for e in library(bundle, "en")} == {"slide", "poll", "own"}


# --- questions of each kind, parts and their minutes, own slides edited, placed problems --------


def french_talk(content_copy):
    """A new French talk, 'atelier', with one part ('debut') holding one library slide."""
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "atelier", lang="fr")
    set_title(draft, "fr", "Mon atelier")
    add_part(draft, "debut", {"fr": "Le début"})
    add_item(draft, "debut", "slide:alliance-definition", minutes=2)
    return bundle, draft


QUESTIONS = {
    "choice": (
        QuestionSettings(kind="choice", correct=1, results="after_close"),
        QuestionWords(
            prompt="Qu'est-ce qui compte le plus ?",
            options=["Le diagnostic", "L'alliance", "La technique"],
            explanation="L'alliance est liée au résultat.",
        ),
    ),
    "scale": (
        QuestionSettings(kind="scale", scale=5, personal=True, min_group=10),
        QuestionWords(prompt="Confiance ?", low="pas du tout", high="tout à fait"),
    ),
    "words": (
        QuestionSettings(kind="words", words=2, fold_plurals=True, results="live"),
        QuestionWords(prompt="En deux mots, la confiance ?"),
    ),
    "open": (
        QuestionSettings(kind="open", personal=True),
        QuestionWords(prompt="Qu'est-ce qui vous aide ?"),
    ),
    "questions": (
        QuestionSettings(kind="questions", results="never"),
        QuestionWords(prompt="Vos questions"),
    ),
    "map": (
        QuestionSettings(kind="map", personal=True, min_group=6),
        QuestionWords(prompt="Où en est la salle ?"),
    ),
}


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_a_new_question_of_each_kind_is_saved_with_every_field_and_passes_the_check(
    content_copy, kind
):
    from lien.live.questions import live_questions

    _, draft = french_talk(content_copy)
    settings, words = QUESTIONS[kind]
    poll_id = new_question_id(draft, words.prompt)
    assert question_problems(poll_id, settings, {"fr": words}) == ()
    set_question(draft, poll_id, settings, {"fr": words})
    add_item(draft, "debut", f"poll:{poll_id}", minutes=3)
    save_draft(draft)
    code, lines = run_check(content_copy)
    assert code == 0, lines
    question = live_questions(load_bundle(content_copy), "fr")[f"poll:{poll_id}"]
    assert question.form == kind
    assert question.prompt.startswith(words.prompt.split(" ")[0])
    assert question.personal == settings.personal or kind == "map"
    assert question.results == (settings.results or DEFAULT_RESULTS[kind])
    if settings.min_group is not None:
        assert question.min_group == settings.min_group and question.own_group
    if kind == "choice":
        assert [text for _, text in question.options][1] == "L'alliance"
        assert question.option_text(next(iter(question.correct))) == "L'alliance"
    if kind == "scale":
        assert (question.scale, question.low, question.high) == (5, "pas du tout", "tout à fait")
    if kind == "words":
        assert (question.words, question.fold_plurals) == (2, True)
    # Reopened, the editor finds the same question in its fields.
    again = open_draft(content_copy, load_bundle(content_copy), "atelier")
    assert question_of(again, poll_id) == (
        QuestionSettings(
            kind=kind,
            correct=settings.correct,
            scale=settings.scale,
            words=settings.words if kind == "words" else 3,
            fold_plurals=settings.fold_plurals,
            results=settings.results,
            personal=settings.personal or kind == "map",
            min_group=settings.min_group,
        ),
        {"fr": words},
    )


def test_an_edited_question_keeps_its_place_and_the_ids_of_its_unchanged_options(content_copy):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "short")
    settings, words = question_of(draft, "alliance-weight")
    assert settings.kind == "choice" and settings.correct == 1
    words["fr"].options[2] = "Très fortement"
    words["en"].options[2] = "Very strongly"
    words["fr"].prompt = "À quel point l'alliance compte-t-elle ?"
    set_question(draft, "alliance-weight", settings, words)
    save_draft(draft)
    after = load_bundle(content_copy)
    (poll,) = [p for p in after.polls["fr"] if p.id == "alliance-weight"]
    assert poll.prompt == "À quel point l'alliance compte-t-elle\u202f?"
    assert [o.id for o in poll.options][:2] == ["none", "moderate"]
    assert poll.correct == "moderate"
    assert [p.id for p in after.polls["fr"]] == [p.id for p in bundle.polls["fr"]]
    (english,) = [p for p in after.polls["en"] if p.id == "alliance-weight"]
    assert [o.id for o in english.options] == [o.id for o in poll.options]


@pytest.mark.parametrize(
    ("settings", "words", "field"),
    [
        (QuestionSettings(kind="choice"), QuestionWords("Q ?", ["Une seule"]), "options"),
        (QuestionSettings(kind="scale", scale=7), QuestionWords("Q ?", low="bas"), "high"),
        (QuestionSettings(kind="scale"), QuestionWords("Q ?", low="a", high="b"), "scale"),
        (
            QuestionSettings(kind="open", personal=True, min_group=3),
            QuestionWords("Q"),
            "min_group",
        ),
        (QuestionSettings(kind="words"), QuestionWords(""), "prompt"),
    ],
)
def test_a_question_that_breaks_a_rule_is_told_which_field_in_the_presenters_language(
    settings, words, field
):
    problems = question_problems("q", settings, {"fr": words})
    assert [p.field for p in problems] == [field], problems
    said = problems[0].reason.say("fr")
    assert said and said != problems[0].reason.say("en")


def test_parts_are_renamed_their_minutes_planned_and_items_moved_between_them(content_copy):
    bundle = load_bundle(content_copy)
    draft = open_draft(content_copy, bundle, "short")
    set_part_title(draft, "closing", "fr", "Pour conclure")
    set_minutes(draft, "opening", 1, 4.5)
    assert planned_minutes(draft, "opening") == 1 + 4.5
    # The first item of 'alliance' goes up to the end of 'opening', and back down.
    assert shift_item(draft, "alliance", 0, -1) == ("opening", 2)
    assert shift_item(draft, "opening", 2, 1) == ("alliance", 0)
    assert shift_item(draft, "opening", 0, -1) == ("opening", 0)  # the very first stays
    part = new_part_id(draft)
    add_part(draft, part, {"fr": "En plus", "en": "More"})
    add_item(draft, part, "poll:alliance-weight", minutes=2)
    remove_part(draft, "therapy")
    save_draft(draft)
    talk = talk_of(load_bundle(content_copy), "fr", "short")
    assert [p.id for p in talk.parts] == ["opening", "alliance", "attachment", "closing", part]
    assert talk.parts[0].planned_minutes == 5.5
    assert talk.parts[3].title == "Pour conclure"
    assert talk.parts[4].title == "En plus"
    assert talk_of(load_bundle(content_copy), "en", "short").parts[4].title == "More"


def test_an_own_slide_is_edited_and_keeps_its_image_unless_a_new_one_is_given(content_copy):
    _, draft = french_talk(content_copy)
    words = {"title": "Avant", "text": "- Un", "notes": "N", "image_alt": "Un carré bleu."}
    set_own_slide(draft, "a-moi", {"fr": words}, image=("photo.png", png()))
    add_item(draft, "debut", "own:a-moi")
    save_draft(draft)
    draft = open_draft(content_copy, load_bundle(content_copy), "atelier")
    shown = own_slide_words(draft, "a-moi")["fr"]
    assert shown["title"] == "Avant" and shown["image"] == "a-moi.png"
    shown.update(title="Après", text="- Deux", image_alt="Un rectangle bleu.")
    set_own_slide(draft, "a-moi", {"fr": shown})
    save_draft(draft)
    (slide,) = [s for s in load_bundle(content_copy).own_slides["fr"] if s.id == "a-moi"]
    assert (slide.title, slide.text.strip(), slide.image) == ("Après", "- Deux", "a-moi.png")
    assert slide.image_alt == "Un rectangle bleu."


def test_a_refused_save_places_each_problem_beside_its_field(content_copy):
    bundle = load_bundle(content_copy)
    before = (content_copy / "content/talks/short.toml").read_bytes()
    draft = open_draft(content_copy, bundle, "short")
    remove_item(draft, "closing", 0)  # an empty part
    set_part_title(draft, "therapy", "fr", "")  # an empty title
    words = {"title": "T", "text": "Voir <b>ceci</b>", "notes": "N"}
    set_own_slide(draft, "mien", {"fr": words, "en": words})
    add_item(draft, "opening", "own:mien")
    with pytest.raises(SaveRefused) as refused:
        save_draft(draft)
    placed, _ = by_place(draft, refused.value.problems)
    assert Place("part", "closing", "items") in placed, placed
    assert Place("part", "therapy", "title", "fr") in placed, placed
    assert Place("own", "mien", "text", "fr") in placed, placed
    # In the presenter's language: French words for a French presenter.
    (empty,) = placed[Place("part", "closing", "items")]
    assert empty.reason.say("fr") == "cette partie est vide\u00a0: donnez-lui au moins un élément"
    assert (content_copy / "content/talks/short.toml").read_bytes() == before  # not written


def test_pdf_pages_join_the_draft_and_nothing_is_written_before_the_save(content_copy, tmp_path):
    from lien.pdf_import import read_pages
    from tests.helpers.pdfs import deck

    bundle, draft = french_talk(content_copy)
    set_own_slide(draft, "brouillon", {"fr": {"title": "Pas perdue", "notes": "N"}})
    add_item(draft, "debut", "own:brouillon")
    pages = read_pages(deck(tmp_path / "mes pages.pdf", ["Page un", "Page deux"]))
    ids = add_pdf_pages(draft, bundle, "mes pages.pdf", pages, "fr")
    assert len(ids) == 2
    assert not (content_copy / "content/talks/atelier.toml").exists()
    save_draft(draft)
    talk = talk_of(load_bundle(content_copy), "fr", "atelier")
    assert [s.id for s in talk.slides] == [
        "slide:alliance-definition",
        "own:brouillon",
        *[f"own:{i}" for i in ids],
    ]
    assert all(talk.slide(n).own.image_only for n in (3, 4))


def test_phones_stop_following_the_slides_with_one_line_and_follow_again_without_it(content_copy):
    path = content_copy / "content/talks/short.toml"
    before = path.read_text(encoding="utf-8")
    assert "follow_along" not in before
    draft = open_draft(content_copy, load_bundle(content_copy), "short")
    assert follow_along(draft)
    set_follow_along(draft, False)
    save_draft(draft)
    text = path.read_text(encoding="utf-8")
    assert "follow_along = false" in text.splitlines()
    assert text.startswith("# About 20 minutes")  # the file's comments stay
    code, lines = run_check(content_copy)
    assert code == 0, lines
    after = load_bundle(content_copy)
    assert after.talks["short"].follow_along is False
    draft = open_draft(content_copy, after, "short")
    assert not follow_along(draft)
    set_follow_along(draft, True)
    save_draft(draft)
    assert path.read_text(encoding="utf-8") == before
    assert load_bundle(content_copy).talks["short"].follow_along is True
