"""Showing a chart in Streamlit: the figure, its text alternative, its data as table and CSV."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lien.view import View

PLOTLY_CONFIG = {
    "displaylogo": False,
    # Plotly's own PNG download, sized for slides and handouts.
    "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def show_chart(
    view: View,
    figure: go.Figure,
    *,
    key: str,
    alt_text: str,
    table: pd.DataFrame,
    illustrative: bool = False,
) -> None:
    """A chart with what every chart owes its reader.

    - `alt_text`: a sentence saying what the chart shows, for screen readers and for anyone
      who cannot see it (shown as a caption under the chart);
    - `table`: the numbers plotted, in a "see the data" expander with a CSV download;
    - `illustrative`: a visible label when the chart is a schematic, not data.
    """
    if illustrative:
        st.caption(f":material/info: {view.t('charts.illustrative')}")
    # theme=None: Streamlit's theme would replace styled()'s dark text with a grey that fails
    # WCAG AA contrast on white.
    # alt: the same sentence becomes the chart's accessible name for screen readers.
    st.plotly_chart(
        figure, key=key, config=PLOTLY_CONFIG, width="stretch", theme=None, alt=alt_text
    )
    st.caption(alt_text)
    with st.expander(view.t("charts.see_data")):
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            view.t("charts.download_csv"),
            # A callable: the CSV is written when the reader clicks, not on every rerun.
            data=lambda: table.to_csv(index=False).encode("utf-8"),
            file_name=f"lien-{key}-{view.lang}.csv",
            mime="text/csv",
            key=f"{key}_csv",
        )
