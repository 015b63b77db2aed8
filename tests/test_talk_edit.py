"""The talk editor's operations on the files (issue 20, reqs 1 and 2, without the page yet):
start from a shipped talk or from nothing, add, reorder and remove items, write one's own
slides with an uploaded image, and save through the checked writer."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lien.check import run_check
from lien.content import load_bundle
from lien.talk_edit import (
    EditRefused,
    add_item,
    add_part,
    library,
    move_item,
    open_draft,
    remove_item,
    save_draft,
    set_minutes,
    set_own_slide,
    set_title,
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
