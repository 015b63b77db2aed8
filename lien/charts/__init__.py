"""Chart builders: pure functions from data and language to Plotly figures (no Streamlit)."""
