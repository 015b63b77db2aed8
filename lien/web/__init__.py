"""Lien's web side beside Streamlit's pages: every route family, its middleware, its start."""
