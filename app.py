"""Lien's entry point, read in two ways by `streamlit run app.py`.

- To build the server, Streamlit imports this file (__name__ is not "__main__") and finds
  `app`: an st.App that also serves the live room's phone routes (/join/…), so phones
  answering in a talk never start a Streamlit session.
- On every run of a page, Streamlit executes it as a script: page config, the reader's
  language, the one list of pages, then the page (or its slide, in present mode).
"""

import streamlit as st

if __name__ != "__main__":
    from lien.ui.server import secret_token, server_port
    from lien.web.wiring import lifespan, middleware, routes

    # Beside the pages (lien.web): the phones' and the presenter's routes, where a talk run
    # stands, the pages' HTML; the middleware; and what the server does when it starts.
    app = st.App(
        "app.py",
        routes=routes(secret_token),
        middleware=middleware(secret_token),
        lifespan=lifespan(secret_token, server_port),
    )
else:
    from lien.sitemap import SCREEN_PARAM
    from lien.ui import frame, nav, page, present, session, speaker

    mode = present.mode()  # "read", or "present" / "notes" for talks (?present=1)
    view = session.current_view()
    page.page_config(view.t("app.page_title"))
    screen = st.query_params.get(SCREEN_PARAM) == "1"  # /live's projector view: no frame
    navigation = st.navigation(
        nav.pages_for_run(view), position="top" if mode == "read" and not screen else "hidden"
    )
    page_id = frame.page_id_of(navigation)
    if mode == "present":
        present.slide_view(view, page_id)
    elif mode == "notes":
        speaker.notes_view(view)
    elif screen:
        page.content_notice(view)
        navigation.run()
    else:
        frame.header(view)
        navigation.run()
        frame.footer(view, page_id)
