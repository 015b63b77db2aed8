"""The Streamlit layer, and the only one: page frame, sections, blocks, present mode, /live.

Everything below lien.ui is plain Python that tests and `python -m lien check` use without a
server; nothing outside this package imports Streamlit (tests/test_architecture.py).
"""
