"""Shape a talk in the browser (on /live?edit=talk, for the signed-in presenter only).

A thin page over lien.talk_edit (the operations on the files), lien.pdf_import (one's own
deck) and lien.talk_writer (checked, atomic saves with their history). The draft lives in the
session until it is saved; every control is a button or a field, usable by keyboard.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import streamlit as st

from lien.content import content_root
from lien.pdf_import import ImportRefused, import_pdf
from lien.talk_edit import (
    EditRefused,
    add_item,
    add_part,
    library,
    move_item,
    open_draft,
    remove_item,
    save_draft,
    set_own_slide,
    set_title,
)
from lien.talk_writer import SaveRefused, restore, versions
from lien.view import View

DRAFT_KEY = "editor_draft"
MESSAGE_KEY = "editor_message"


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _refused(view: View, refused: SaveRefused) -> None:
    lines = "\n".join(f"- {p}" for p in refused.problems)
    _say("error", f"{view.t('editor.refused')}\n\n{lines}")


def talk_editor(view: View) -> None:
    root = content_root()
    st.header(view.t("editor.heading"), anchor=False)
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        (st.error if message[0] == "error" else st.success)(message[1])
    draft = st.session_state.get(DRAFT_KEY)
    if draft is None:
        _choose(view, root)
        return
    st.subheader(draft.talk_id, anchor=False)
    _items(view, draft)
    _add_from_library(view, draft)
    _own_slide(view, draft)
    _pdf(view, root, draft)
    with st.container(horizontal=True, gap="small"):
        if st.button(view.t("editor.save"), type="primary", icon=":material/save:"):
            try:
                written = save_draft(draft)
            except SaveRefused as refused:
                _refused(view, refused)
            else:
                _say("ok", view.t("editor.saved").format(count=len(written)))
                st.session_state[DRAFT_KEY] = open_draft(root, view.bundle, draft.talk_id)
            st.rerun()
        if st.button(view.t("editor.close"), icon=":material/close:"):
            del st.session_state[DRAFT_KEY]
            st.rerun()
    _history(view, root, draft)


def _choose(view: View, root: Path) -> None:
    talks = list(view.bundle.talks)
    with st.form("editor_choose"):
        talk = st.selectbox(view.t("editor.talk"), talks, index=None)
        new_id = st.text_input(view.t("editor.new_id"), help=view.t("editor.new_id_help"))
        start = st.selectbox(
            view.t("editor.start_from"), [None, *talks], format_func=lambda t: t or "—"
        )
        if st.form_submit_button(view.t("editor.open")):
            talk_id = (new_id or "").strip() or talk
            if not talk_id:
                _say("error", view.t("editor.choose_first"))
            else:
                st.session_state[DRAFT_KEY] = open_draft(
                    root, view.bundle, talk_id, start_from=start, lang=view.lang
                )
            st.rerun()


def _items(view: View, draft) -> None:
    if not draft.parts():
        part_title = st.text_input(view.t("editor.first_part"), key="editor_first_part")
        if st.button(view.t("editor.add_part")) and part_title:
            set_title(draft, view.lang, draft.talk_id)
            add_part(draft, "part-1", {view.lang: part_title})
            st.rerun()
        return
    titles = {e.item_id: e.title for e in library(view.bundle, view.lang)}
    for part_id, items in draft.parts():
        st.markdown(f"**{part_id}**")
        for index, item_id in enumerate(items):
            with st.container(horizontal=True, gap="small", key=f"editor_{part_id}_{index}"):
                label = titles.get(item_id, item_id)
                st.markdown(f"{index + 1}. {label} `{item_id}`")
                if st.button(
                    view.t("editor.up_short"),
                    icon=":material/arrow_upward:",
                    key=f"up_{part_id}_{index}",
                    help=view.t("editor.up").format(item=label),
                ):
                    move_item(draft, part_id, index, -1)
                    st.rerun()
                if st.button(
                    view.t("editor.down_short"),
                    icon=":material/arrow_downward:",
                    key=f"down_{part_id}_{index}",
                    help=view.t("editor.down").format(item=label),
                ):
                    move_item(draft, part_id, index, 1)
                    st.rerun()
                if st.button(
                    view.t("editor.remove_short"),
                    icon=":material/delete:",
                    key=f"remove_{part_id}_{index}",
                    help=view.t("editor.remove").format(item=label),
                ):
                    remove_item(draft, part_id, index)
                    st.rerun()


def _add_from_library(view: View, draft) -> None:
    parts = [p for p, _ in draft.parts()]
    if not parts:
        return
    # The search outside the form (Enter filters the list at once), the choice inside it.
    query = st.text_input(view.t("editor.search"), key="editor_search")
    entries = library(view.bundle, view.lang, query)
    with st.form("editor_library"):
        choice = st.selectbox(
            view.t("editor.library"),
            entries,
            format_func=lambda e: f"{e.title} · {e.first_line}" if e.first_line else e.title,
            index=None,
        )
        part = st.selectbox(view.t("editor.part"), parts, index=len(parts) - 1)
        if st.form_submit_button(view.t("editor.add")) and choice is not None:
            add_item(draft, part, choice.item_id)
            st.rerun()


def _own_slide(view: View, draft) -> None:
    parts = [p for p, _ in draft.parts()]
    if not parts:
        return
    with st.expander(view.t("editor.own_heading")), st.form("editor_own", clear_on_submit=True):
        slide_id = st.text_input(view.t("editor.own_id"), help=view.t("editor.new_id_help"))
        title = st.text_input(view.t("editor.own_title"))
        text = st.text_area(view.t("editor.own_text"))
        notes = st.text_area(view.t("editor.own_notes"))
        image = st.file_uploader(view.t("editor.own_image"), type=["png", "jpg", "jpeg", "webp"])
        alt = st.text_input(view.t("editor.own_alt"))
        if st.form_submit_button(view.t("editor.add")):
            words = {"title": title, "text": text, "notes": notes, "image_alt": alt}
            languages = list(draft.own)
            try:
                set_own_slide(
                    draft,
                    slide_id,
                    {lang: words for lang in languages},
                    image=(image.name, image.getvalue()) if image is not None else None,
                )
            except EditRefused as refused:
                _say("error", view.t(f"editor.{refused.reason}"))
            else:
                add_item(draft, parts[-1], f"own:{slide_id}")
            st.rerun()


def _pdf(view: View, root: Path, draft) -> None:
    with st.expander(view.t("editor.pdf_heading")), st.form("editor_pdf", clear_on_submit=True):
        upload = st.file_uploader(view.t("editor.pdf_file"), type=["pdf"])
        if st.form_submit_button(view.t("editor.pdf_import")) and upload is not None:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(upload.name).name
                path.write_bytes(upload.getvalue())
                try:
                    done = import_pdf(root, path, draft.talk_id, view.lang)
                except ImportRefused as refused:
                    _say("error", refused.sentence(view.bundle.ui[view.lang]))
                except SaveRefused as refused:
                    _refused(view, refused)
                else:
                    _say("ok", view.t("editor.pdf_done").format(count=len(done.slide_ids)))
                    st.session_state[DRAFT_KEY] = open_draft(root, view.bundle, draft.talk_id)
            st.rerun()


def _history(view: View, root: Path, draft) -> None:
    path = draft.content / "talks" / f"{draft.talk_id}.toml"
    kept = versions(root, path)
    if not kept:
        return
    with st.expander(view.t("editor.history")):
        version = st.selectbox(
            view.t("editor.version"),
            kept,
            format_func=lambda v: time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(v.saved_at)),
        )
        if st.button(view.t("editor.restore"), icon=":material/history:"):
            try:
                restore(root, path, version)
            except SaveRefused as refused:
                _refused(view, refused)
            else:
                _say("ok", view.t("editor.restored"))
                st.session_state[DRAFT_KEY] = open_draft(root, view.bundle, draft.talk_id)
            st.rerun()
