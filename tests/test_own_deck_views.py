"""An imported deck's pages in present mode and in the speaker view (AppTest): the page's
picture alone on the projector, its title kept off it; the picture beside the notes."""

from __future__ import annotations

import pytest

from lien.content import load_bundle
from lien.pdf_import import import_pdf
from lien.talks import talk_of
from tests.helpers.apptest import all_text, open_page
from tests.helpers.pdfs import deck
from tests.test_present import TOKEN, param, speaker


@pytest.fixture
def imported(content_copy, tmp_path, sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    import_pdf(content_copy, deck(tmp_path / "atelier.pdf", ["Bienvenue", "Deux"]), "atelier")
    return load_bundle(content_copy)


def alts(at) -> list[str]:
    return [img.alt for element in at.get("image") for img in element.proto.imgs]


def test_present_mode_shows_the_page_alone_and_the_speaker_view_shows_it_by_the_notes(imported):
    talk = talk_of(imported, "fr", "atelier")
    at = open_page("home", "fr", present="1", talk="atelier", slide="1")
    assert [t.value for t in at.title] == []  # the page carries its own title
    assert alts(at) == [talk.slide(1).own.image_alt] == ["Bienvenue"]
    notes = speaker(param(at, "run"), "fr", token=TOKEN)
    assert "Bienvenue" in all_text(notes)  # the notes' first draft: the page's text
    assert "Bienvenue" in alts(notes)  # the page itself, beside them
