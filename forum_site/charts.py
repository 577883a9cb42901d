"""Figures as SVG charts drawn on the server by pygal, and as CSV files.

The SVG carries no script (pygal's is taken out, the charts need none) and is served under a
policy of its own that allows nothing but its embedded style; the page shows it as an image
beside a table of the same numbers.
"""

import csv
import io
import sys

import pygal
from pygal.style import Style

from common.spreadsheets import text_cell
from forum_site.figures import Figure

# pygal puts a finder for its map plugins on the import path, of a kind Python warns about at
# every later import; the charts use no maps.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)
]

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    font_family="sans-serif",
    # Dark enough on white for text and marks (WCAG AA), told apart by more than hue in the
    # table beside each chart.
    colors=("#0b4f6c", "#b03a2e", "#1e7b34", "#7a4b94", "#8a6d00"),
)
KINDS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line}
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def _without_scripts(root):
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def svg(figure: Figure) -> bytes:
    chart = KINDS[figure.kind](
        style=STYLE,
        title=figure.title,
        width=800,
        height=figure.height,
        explicit_size=True,
        js=[],
        show_legend=len(figure.series) > 1,
        legend_at_bottom=True,
        x_label_rotation=30 if figure.kind != "hbar" and len(figure.labels) > 6 else 0,
        truncate_label=40,
        print_values=False,
        allow_interruptions=True,
        no_data_text=str(figure.note or "") or "—",
        min_scale=1,
        max_scale=10,
    )
    chart.add_xml_filter(_without_scripts)
    chart.x_labels = figure.labels
    for name, values in figure.series:
        chart.add(name, values)
    return chart.render()


def csv_text(figure: Figure) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([text_cell(cell) for cell in figure.header])
    for row in figure.rows:
        writer.writerow([text_cell(cell) for cell in row])
    return out.getvalue()
