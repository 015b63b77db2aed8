"""A built chart: what every chart owes its reader, together."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go


class ChartParts(NamedTuple):
    figure: go.Figure
    table: pd.DataFrame  # the numbers plotted, for "see the data" and its CSV
    alt_text: str  # what the chart shows, in a sentence, for screen readers and captions
