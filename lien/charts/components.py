"""The alliance's components as a treemap: frame, posture (in families) and collaboration."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX, OKABE_ITO, styled
from lien.content.models import Components
from lien.view import View

ROOT_ID = "alliance"
# One colour per branch, chosen so black text on it keeps WCAG AA contrast (≥ 4.5:1).
BRANCH_COLOURS = {
    "frame": OKABE_ITO["sky_blue"],
    "posture": OKABE_ITO["orange"],
    "posture_welcome": OKABE_ITO["orange"],
    "posture_reassure": OKABE_ITO["yellow"],
    "posture_connect": "#F5A572",  # vermillion lightened, so black text stays readable
    "collaboration": OKABE_ITO["green"],
}
FADED = 0.25  # share of the colour kept for parts outside the chosen branch
ROOT_COLOUR = "#FFFFFF"


def _mix_with_white(colour: str, keep: float) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * keep) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def component_rows(components: Components) -> list[dict]:
    """One row per part (root first): id, parent, label, meaning, leaves below it, branch."""
    leaves: dict[str, int] = {}

    def count(node) -> int:
        leaves[node.id] = sum(count(c) for c in node.parts) if node.parts else 1
        return leaves[node.id]

    total = sum(count(p) for p in components.parts)
    rows = [
        {
            "id": ROOT_ID,
            "parent": "",
            "label": components.label,
            "meaning": components.meaning,
            "value": total,
            "branch": ROOT_ID,
        }
    ]
    branch_of: dict[str, str] = {}
    for node, parent in components.walk():
        # Families of the posture get their own colour; everything else takes its component's.
        branch = node.id if node.id in BRANCH_COLOURS else branch_of.get(parent or "", node.id)
        branch_of[node.id] = branch
        rows.append(
            {
                "id": node.id,
                "parent": parent or ROOT_ID,
                "label": node.label,
                "meaning": node.meaning,
                "value": leaves[node.id],
                "branch": branch,
            }
        )
    return rows


def _chosen_ids(rows: list[dict], selected: str | None) -> set[str]:
    """The chosen part, its ancestors and its descendants: everything kept in full colour."""
    if not selected or selected == ROOT_ID:
        return {r["id"] for r in rows}
    parent = {r["id"]: r["parent"] for r in rows}
    ancestors, node = set(), selected
    while node:
        ancestors.add(node)
        node = parent.get(node, "")
    return ancestors | {r["id"] for r in rows if _is_below(r["id"], selected, parent)}


def _is_below(node: str, ancestor: str, parent: Mapping[str, str]) -> bool:
    while node:
        if node == ancestor:
            return True
        node = parent.get(node, "")
    return False


def components_figure(
    components: Components, texts: Mapping[str, str], selected: str | None = None
) -> go.Figure:
    """A treemap of the alliance; the chosen part (and what it contains) stays in colour.

    A treemap rather than a sunburst: its labels run horizontally, so all 24 elements stay
    readable at 16 px in a narrow column, where a sunburst's outer ring had to hide some.
    """
    rows = component_rows(components)
    keep = _chosen_ids(rows, selected)
    colours, lines = [], []
    for r in rows:
        base = ROOT_COLOUR if r["id"] == ROOT_ID else BRANCH_COLOURS[r["branch"]]
        colours.append(base if r["id"] in keep else _mix_with_white(base, FADED))
        lines.append(5 if r["id"] == selected and selected != ROOT_ID else 1)
    # Wrapped between words only: a word cut in two ("Bienveillan-ce") reads badly.
    shown = ["<br>".join(textwrap.wrap(r["label"], 11, break_long_words=False)) for r in rows]
    hover = ["<br>".join(textwrap.wrap(r["meaning"], 48)) for r in rows]
    figure = go.Figure(
        go.Treemap(
            ids=[r["id"] for r in rows],
            parents=[r["parent"] for r in rows],
            labels=[r["label"] for r in rows],
            values=[r["value"] for r in rows],
            branchvalues="total",
            customdata=list(zip(shown, hover, strict=True)),
            texttemplate="%{customdata[0]}",
            hovertemplate="<b>%{label}</b><br>%{customdata[1]}<extra></extra>",
            marker={"colors": colours, "line": {"color": "#1A1A1A", "width": lines}},
            textfont={"color": "#000000", "size": MIN_FONT_PX},
            pathbar={"textfont": {"size": MIN_FONT_PX}},
            tiling={"pad": 2},
            sort=False,
        )
    )
    # Every label at 16 px at least: Plotly would otherwise shrink a label to fit its tile.
    figure.update_layout(uniformtext={"minsize": MIN_FONT_PX, "mode": "show"})
    return styled(figure, title=texts["alliance_charts.components_title"], height=640)


def components_table(components: Components, texts: Mapping[str, str]) -> pd.DataFrame:
    rows = component_rows(components)
    label = {r["id"]: r["label"] for r in rows}
    return pd.DataFrame(
        {
            texts["alliance_charts.col_part"]: [r["label"] for r in rows],
            texts["alliance_charts.col_within"]: [label.get(r["parent"], "") for r in rows],
            texts["alliance_charts.col_meaning"]: [r["meaning"] for r in rows],
        }
    )


def components_alt(components: Components, texts: Mapping[str, str], selected: str | None) -> str:
    by_id = {node.id: node for node, _ in components.walk()}
    posture = by_id["posture"]
    chosen = by_id[selected].label if selected in by_id else components.label
    return texts["alliance_charts.components_alt"].format(
        frame=len(by_id["frame"].parts),
        posture=sum(len(f.parts) for f in posture.parts),
        families=len(posture.parts),
        collaboration=len(by_id["collaboration"].parts),
        selected=chosen,
    )


def components_parts(view: View, selected: str | None = None) -> ChartParts:
    """The alliance's parts as a treemap, the chosen part lit."""
    components = view.bundle.components[view.lang]
    return ChartParts(
        components_figure(components, view.texts, selected),
        components_table(components, view.texts),
        components_alt(components, view.texts, selected),
    )


def components_list(components: Components, texts: Mapping[str, str]) -> str:
    """Every part of the treemap named in a list, for beside the chart: on a phone the
    smallest tiles are too narrow for their names. One line per component (per family, for
    the posture), every word and mark from content."""
    line, join = (
        texts["alliance_charts.components_list_line"],
        texts["alliance_charts.components_list_join"],
    )
    lines = []
    for part in components.parts:
        families = [p for p in part.parts if p.parts] or [part]
        for family in families:
            name = part.label if family is part else f"{part.label} › {family.label}"
            items = join.join(leaf.label for leaf in family.parts)
            lines.append("- " + line.format(part=name, items=items))
    return f"{texts['alliance_charts.components_list']}\n\n" + "\n".join(lines)
