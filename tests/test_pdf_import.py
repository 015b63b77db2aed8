"""Bring your own deck (issue 20, req 4): `python -m lien import-pdf FILE --talk ID`. Each page
becomes an own slide, in order, rendered at projector resolution; bad input gets one sentence
in the content's language and writes nothing. The PDFs are made here (tests/helpers/pdfs.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from lien.check import run_check
from lien.content import ROOT, load_bundle
from lien.pdf_import import MAX_BYTES, MAX_PAGES, ImportRefused, import_pdf, read_pages
from lien.talks import talk_of
from tests.helpers.pdfs import deck, encrypted, without_pages


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("content", "data")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_each_page_becomes_an_own_slide_in_order_with_its_picture_text_and_notes(
    content_copy, tmp_path
):
    pdf = deck(tmp_path / "Mon atelier.pdf", ["Bienvenue", "", "Trois idées"])
    deck(tmp_path / "four-three.pdf", ["Une page 4:3"], size=(720, 540))
    done = import_pdf(content_copy, pdf, "atelier")
    assert done.slide_ids == (
        "atelier-mon-atelier-1",
        "atelier-mon-atelier-2",
        "atelier-mon-atelier-3",
    )
    code, lines = run_check(content_copy)
    assert code == 0, lines
    bundle = load_bundle(content_copy)
    assert bundle.talks["atelier"].languages == ["fr"]  # a new talk is in the deck's language
    talk = talk_of(bundle, "fr", "atelier")
    assert [s.id for s in talk.slides] == [f"own:{i}" for i in done.slide_ids]
    first, blank, third = (s.own for s in talk.slides)
    assert first.image_only and first.title == "Bienvenue" and first.image_alt == "Bienvenue"
    assert "Bienvenue" in first.notes
    assert blank.title == "Page 2 de Mon atelier.pdf"
    assert blank.image_alt == "Page 2 de Mon atelier.pdf, sans texte."
    assert third.image_alt == "Trois idées"
    picture = Image.open(content_copy / "content/media" / first.image)
    assert (picture.format, picture.size) == ("PNG", (1920, 1080))
    # A 4:3 page keeps its proportions: the height of the screen, narrower.
    done = import_pdf(content_copy, tmp_path / "four-three.pdf", "atelier")
    own = {s.id: s for s in load_bundle(content_copy).own_slides["fr"]}[done.slide_ids[0]]
    assert Image.open(content_copy / "content/media" / own.image).size == (1440, 1080)


def test_the_files_written_keep_their_comments_and_read_like_the_hand_written_ones(
    content_copy, tmp_path
):
    before = (content_copy / "content/fr/my-slides.toml").read_text(encoding="utf-8")
    import_pdf(content_copy, deck(tmp_path / "deck.pdf", ["Une"]), "workshop")
    after = (content_copy / "content/fr/my-slides.toml").read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing above is rewritten, comments included
    assert '\n\n[[slides]]\nid = "workshop-deck-1"\n' in after
    assert 'notes = """\nUne\n"""' in after
    talk = (content_copy / "content/talks/workshop.toml").read_text(encoding="utf-8")
    assert talk.startswith("# About 90 minutes")
    assert '[[parts]]\nid = "workshop-deck"\nitems = [\n' in talk


def test_a_bilingual_talk_gets_the_pages_in_each_of_its_languages(content_copy, tmp_path):
    done = import_pdf(content_copy, deck(tmp_path / "deck.pdf", ["Une", "Deux"]), "short")
    code, lines = run_check(content_copy)
    assert code == 0, lines
    bundle = load_bundle(content_copy)
    for lang in ("fr", "en"):
        talk = talk_of(bundle, lang, "short")
        assert [s.id for s in talk.slides][-2:] == [f"own:{i}" for i in done.slide_ids]
    assert talk_of(bundle, "en", "short").parts[-1].title == "Slides of deck.pdf"


def test_importing_the_same_deck_twice_adds_it_again_under_new_ids(content_copy, tmp_path):
    pdf = deck(tmp_path / "deck.pdf", ["Une"])
    first = import_pdf(content_copy, pdf, "atelier")
    second = import_pdf(content_copy, pdf, "atelier")
    assert first.slide_ids == ("atelier-deck-1",)
    assert second.slide_ids == ("atelier-deck-2-1",)
    assert run_check(content_copy)[0] == 0


def _not_a_pdf(folder: Path) -> Path:
    path = folder / "slides.pptx"
    path.write_bytes(b"PK\x03\x04 a PowerPoint file, not a PDF")
    return path


def _too_many_pages(folder: Path) -> Path:
    return deck(folder / "long.pdf", [""] * (MAX_PAGES + 1))


def _too_large(folder: Path) -> Path:
    path = folder / "huge.pdf"
    with path.open("wb") as handle:  # a sparse file: no 100 MB written to the disk
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_BYTES + 1)
    return path


def _damaged(folder: Path) -> Path:
    path = folder / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not the rest of a PDF\n")
    return path


BAD_INPUTS = {
    "not_pdf": (_not_a_pdf, "« slides.pptx » n'est pas un PDF"),
    "encrypted": (
        lambda f: encrypted(f / "locked.pdf"),
        "« locked.pdf » est protégé par un mot de passe",
    ),
    "no_pages": (lambda f: without_pages(f / "empty.pdf"), "« empty.pdf » ne contient aucune page"),
    "too_many_pages": (_too_many_pages, "« long.pdf » a 201 pages, 200 au plus"),
    "too_large": (_too_large, "« huge.pdf » pèse 100 Mo, 100 Mo au plus"),
    "damaged": (_damaged, "« damaged.pdf » ne peut pas être lu comme un PDF"),
    "missing": (lambda f: f / "nowhere.pdf", "Aucun fichier « nowhere.pdf »"),
}


@pytest.mark.parametrize("key", list(BAD_INPUTS))
def test_bad_input_gets_one_french_sentence_and_writes_nothing(content_copy, tmp_path, key):
    make, start = BAD_INPUTS[key]
    folder = tmp_path / "in"
    folder.mkdir()
    pdf = make(folder)
    before = snapshot(content_copy)
    with pytest.raises(ImportRefused) as refused:
        import_pdf(content_copy, pdf, "atelier")
    assert refused.value.key == key
    bundle = load_bundle(content_copy)
    sentence = refused.value.sentence(bundle.ui["fr"])
    assert sentence.replace("\u202f", " ").replace("\u00a0", " ").startswith(start), sentence
    assert "\n" not in sentence
    assert snapshot(content_copy) == before


def test_a_page_that_fails_to_render_writes_nothing_not_even_the_pages_before(
    content_copy, tmp_path
):
    pdf = deck(tmp_path / "deck.pdf", ["Une", "Deux", "Trois"])
    before = snapshot(content_copy)

    def render(page):
        if "Deux" in page.get_textpage().get_text_bounded():
            raise RuntimeError("pdfium could not draw this page")
        return page.render(scale=1).to_pil()

    with pytest.raises(ImportRefused) as refused:
        import_pdf(content_copy, pdf, "atelier", render=render)
    assert refused.value.key == "page_failed"
    assert refused.value.values["page"] == 2
    assert snapshot(content_copy) == before


def test_a_page_renders_whole_to_fit_the_projector_whatever_its_shape(tmp_path):
    portrait = read_pages(deck(tmp_path / "a4.pdf", ["Portrait"], size=(595, 842)))[0]
    wide = read_pages(deck(tmp_path / "wide.pdf", ["Large"], size=(1200, 400)))[0]
    # pdfium rounds a side up to the next whole pixel.
    width, height = Image.open(io.BytesIO(portrait.image)).size
    assert height == 1080 and 595 * 1080 / 842 <= width <= 595 * 1080 / 842 + 1
    width, height = Image.open(io.BytesIO(wide.image)).size
    assert width == 1920 and 640 <= height <= 641


def test_the_command_says_one_french_sentence_on_bad_input_and_fails(content_copy, tmp_path):
    pdf = _not_a_pdf(tmp_path)
    env = {**os.environ, "LIEN_DATA_DIR": str(tmp_path / "var")}
    command = [sys.executable, "-m", "lien", "import-pdf", str(pdf), "--talk", "atelier"]
    result = subprocess.run(
        [*command, "--root", str(content_copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "n'est pas un PDF" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_imports_a_deck_and_says_how_to_present_it(content_copy, tmp_path):
    pdf = deck(tmp_path / "deck.pdf", ["Une", "Deux"])
    env = {**os.environ, "LIEN_DATA_DIR": str(tmp_path / "var")}
    command = [sys.executable, "-m", "lien", "import-pdf", str(pdf), "--talk", "atelier"]
    result = subprocess.run(
        [*command, "--root", str(content_copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "2 pages ajoutées à l'exposé" in result.stdout.replace("\u202f", " ")
    assert "?present=1&talk=atelier" in result.stdout
    assert run_check(content_copy)[0] == 0


def test_a_folder_that_cannot_be_written_gets_one_sentence_not_a_traceback(
    content_copy, tmp_path, monkeypatch, capsys
):
    from lien import pdf_import, talk_writer

    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(talk_writer, "write_atomically", full_disk)
    pdf = deck(tmp_path / "deck.pdf", ["Une"])
    code = pdf_import.main([str(pdf), "--talk", "atelier", "--root", str(content_copy)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "n'ont pas pu être écrits (No space left on device)" in err[0]
