"""Tools shared by the tests and the benchmarks: a Streamlit server, Chromium, PostgreSQL."""
