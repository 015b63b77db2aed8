"""Saving talks as the files people edit by hand (issue 20, req 2): the same TOML, comments
kept, written atomically after the check's rules, the last 20 saves kept and restorable."""

from __future__ import annotations

import os
import tomllib

import pytest

from lien import talk_writer
from lien.content import load_bundle
from lien.talk_writer import (
    KEEP,
    SaveRefused,
    read_toml,
    restore,
    save,
    toml_text,
    versions,
    write_atomically,
)
from lien.talks import talk_of


@pytest.fixture(autouse=True)
def _own_history(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "var"))


def talk_files(root):
    content = root / "content"
    return [
        *sorted((content / "talks").glob("*.toml")),
        *(
            content / lang / name
            for lang in ("fr", "en")
            for name in ("my-slides.toml", "talks.toml", "polls.toml")
        ),
    ]


def test_load_save_unchanged_and_reload_gives_the_same_talk_and_the_same_bytes(content_copy):
    before = load_bundle(content_copy)
    for path in talk_files(content_copy):
        original = path.read_bytes()
        assert toml_text(read_toml(path)) == original, path  # comments and layout kept
        assert save(content_copy, {path: toml_text(read_toml(path))}) == []
        assert path.read_bytes() == original
    after = load_bundle(content_copy)
    assert after.talks == before.talks
    for lang in ("fr", "en"):
        assert talk_of(after, lang, "workshop") == talk_of(before, lang, "workshop")
    assert versions(content_copy, talk_files(content_copy)[0]) == []  # nothing to keep


def test_a_reordered_talk_is_saved_with_its_comments_and_read_back_in_the_new_order(
    content_copy,
):
    path = content_copy / "content/talks/short.toml"
    document = read_toml(path)
    items = document["parts"][0]["items"]
    first = items[0]
    items.remove(first)
    items.append(first)
    assert save(content_copy, {path: toml_text(document)}) == [path]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# About 20 minutes: the essentials")
    talk = talk_of(load_bundle(content_copy), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-care", "slide:home-title"]


def test_a_save_that_would_not_pass_the_check_is_refused_with_its_problems_and_writes_nothing(
    content_copy,
):
    path = content_copy / "content/talks/short.toml"
    original = path.read_bytes()
    document = read_toml(path)
    document["parts"][0]["items"][0]["id"] = "slide:no-such-slide"
    with pytest.raises(SaveRefused) as refused:
        save(content_copy, {path: toml_text(document)})
    assert any(
        p.path == "content/talks/short.toml" and "slide:no-such-slide" in str(p.reason)
        for p in refused.value.problems
    ), refused.value.problems
    assert path.read_bytes() == original
    assert versions(content_copy, path) == []
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "talk.toml"
    path.write_bytes(b"old = 1\n")

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(path, b"new = 2\n")
    assert path.read_bytes() == b"old = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["talk.toml"]


def test_the_last_twenty_saves_are_kept_and_one_can_be_restored(content_copy, monkeypatch):
    monkeypatch.setattr(talk_writer, "problems_after", lambda root, changes: ())  # fast
    path = content_copy / "content/talks/short.toml"
    original = path.read_bytes()
    for minutes in range(1, 26):
        document = read_toml(path)
        document["parts"][0]["items"][0]["minutes"] = minutes
        save(content_copy, {path: toml_text(document)})
    kept = versions(content_copy, path)
    assert len(kept) == KEEP
    # Newest first: the version before the last save had 24 minutes; the oldest kept, 5.
    first_minutes = [
        tomllib.loads(v.path.read_text(encoding="utf-8"))["parts"][0]["items"][0]["minutes"]
        for v in kept
    ]
    assert first_minutes == list(range(24, 4, -1))
    assert original not in [v.path.read_bytes() for v in kept]  # the first save's is gone
    restore(content_copy, path, kept[-1])
    assert tomllib.loads(path.read_text(encoding="utf-8"))["parts"][0]["items"][0]["minutes"] == 5
    # The restore is a save like another: what it replaced (25 minutes) is kept in its turn.
    newest = versions(content_copy, path)[0]
    assert "minutes = 25" in newest.path.read_text(encoding="utf-8")


def test_a_restore_is_checked_like_any_save(content_copy):
    path = content_copy / "content/talks/short.toml"
    document = read_toml(path)
    document["parts"][0]["items"][0]["minutes"] = 3
    save(content_copy, {path: toml_text(document)})
    (version,) = versions(content_copy, path)
    # The version now points at a slide that is gone: restoring it would break the talk.
    version.path.write_text(
        version.path.read_text(encoding="utf-8").replace("slide:home-title", "slide:gone"),
        encoding="utf-8",
    )
    with pytest.raises(SaveRefused):
        restore(content_copy, path, version)
    assert "minutes = 3" in path.read_text(encoding="utf-8")


def test_the_history_is_kept_in_the_data_folder_not_in_content(content_copy, tmp_path):
    path = content_copy / "content/talks/short.toml"
    document = read_toml(path)
    document["parts"][0]["items"][0]["minutes"] = 3
    save(content_copy, {path: toml_text(document)})
    (version,) = versions(content_copy, path)
    assert version.path.is_relative_to(tmp_path / "var" / "history")
    assert not list((content_copy / "content").rglob("*history*"))


def test_a_file_outside_content_and_data_is_never_written(content_copy):
    with pytest.raises(ValueError):
        save(content_copy, {content_copy / "app.py": b"print('no')\n"})


def test_when_one_file_of_a_save_fails_the_files_already_written_are_put_back(
    content_copy, monkeypatch
):
    talk = content_copy / "content/talks/short.toml"
    image = content_copy / "content/media/new.png"
    titles = content_copy / "content/fr/talks.toml"
    before = {talk: talk.read_bytes(), titles: titles.read_bytes()}
    monkeypatch.setattr(talk_writer, "problems_after", lambda root, changes: ())
    real = talk_writer.write_atomically

    def failing_on_titles(path, data):
        if path == titles:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(talk_writer, "write_atomically", failing_on_titles)
    changes = {talk: b"# changed\n", image: b"\x89PNG\r\n\x1a\n", titles: b"# changed\n"}
    with pytest.raises(OSError):
        save(content_copy, changes)
    assert talk.read_bytes() == before[talk]
    assert titles.read_bytes() == before[titles]
    assert not image.exists()
