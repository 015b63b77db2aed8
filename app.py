"""Lien: page config, the reader's language, the one list of pages, and run.

`streamlit run app.py` finds `app` below and serves, beside the pages, the live room's small
participant routes (/join/…): phones answering in a talk never start a Streamlit session.
"""

import streamlit as st

if __name__ != "__main__":
    # Imported by `streamlit run` to build the server (a page run has __name__ "__main__").
    from streamlit.runtime.pages_manager import PagesManager

    from lien.live.server import lifespan, participant_routes

    # Our page scripts live in pages/, which Streamlit takes for a legacy multipage folder
    # until a first run calls st.navigation: the first visitor after a start who opened a deep
    # link (/alliance) got a "Page not found" dialog over the right page (streamlit#9992).
    PagesManager.uses_pages_directory = False
    app = st.App("app.py", routes=participant_routes(), lifespan=lifespan)
else:
    from lien import nav, present, ui

    view = ui.current_view()
    ui.page_config(view.t("app.page_title"))
    mode = present.mode()  # "read", or "present" / "notes" for talks (?present=1)
    navigation = st.navigation(
        nav.pages_for_run(view), position="top" if mode == "read" else "hidden"
    )
    page_id = ui.page_id_of(navigation)
    if mode == "present":
        present.slide_view(view, page_id)
    elif mode == "notes":
        present.notes_view(view)
    else:
        ui.header(view)
        navigation.run()
        ui.footer(view, page_id)
