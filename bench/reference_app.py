"""The benchmark's reference: the smallest Streamlit app, one page with one title."""

import streamlit as st

st.title("Reference")
