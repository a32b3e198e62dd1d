"""The report as one HTML page that needs nothing but itself.

Pictures are ``data:`` URIs, charts are inline SVG, the styles are inline and the page has no
script. Its Content-Security-Policy forbids every request, so a browser opening the file fetches
nothing, wherever the page is later sent. The layout is one column on a phone and several charts
a row on a wide screen; printed, it has no background colours and no chart split across pages.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import ganzoo
from ganzoo.builtin.progress import SHORT_NAMES
from ganzoo.errors import GanzooError
from ganzoo.report import charts
from ganzoo.report.collect import Evaluation, Picture, RunRecord

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
TIMELINE_ROWS = 8  # a long run's sample pictures are thinned to this many steps, first and last kept
PNG_DATA = "data:image/png;base64,"  # the one kind of picture a metric may put in its results
MISSING = "–"

STYLE = """
:root { color-scheme: light; --ink: #1b1d21; --muted: #5b6068; --rule: #d5d9de; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 1rem; background: #fff; color: var(--ink);
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
h1 { font-size: 1.45rem; margin: 0 0 .4rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
nav a { margin-right: 1rem; color: inherit; }
ul.runs, ul.legend { list-style: none; padding: 0; margin: .3rem 0; }
ul.legend li { display: inline-block; margin-right: 1rem; font-size: .85rem; }
.key { display: inline-block; width: 1.6em; margin-right: .4em; vertical-align: middle; border-top: 3px solid; }
.key.dashed { border-top-style: dashed; }
.note, .where { color: var(--muted); font-size: .85rem; }
.where { overflow-wrap: anywhere; }
.charts { display: grid; gap: 1.2rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; }
figcaption .short { font-weight: normal; color: var(--muted); }
figure svg { display: block; width: 100%; height: auto; }
svg .grid { stroke: #e6e8eb; stroke-width: 1; }
svg .frame { fill: none; stroke: #9aa0a6; stroke-width: 1; }
svg .tick { fill: var(--muted); }
svg .curve { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.finals { display: flex; flex-wrap: wrap; gap: 1.2rem; }
img { max-width: 100%; height: auto; image-rendering: pixelated; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; min-width: 6rem; }
.evaluation th[colspan] { padding-top: .9rem; }
#recipe tbody th[colspan] { padding-top: .9rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
tr.differs th::after { content: " \\2260"; color: #b3261e; }
tr.differs td { font-weight: 600; }
.timeline img { width: 220px; }
td.number { font-variant-numeric: tabular-nums; }
tbody th { white-space: nowrap; }
@media (max-width: 600px) { body { padding: .6rem; font-size: 14px; } .timeline img { width: 140px; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  .charts { grid-template-columns: repeat(2, 1fr); }
  .scroll { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, img { break-inside: avoid; page-break-inside: avoid; }
}
"""


def data_uri(path: Path) -> str:
    try:
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError as exc:
        raise GanzooError(f"could not read {path}: {exc.strerror or exc}") from None


def key(run_index: int) -> str:
    """The sample of a run's line, as in its charts."""
    dashed = " dashed" if charts.dashed(run_index) else ""
    return f'<span class="key{dashed}" style="border-top-color: {charts.colour(run_index)}"></span>'


def text(value: Any) -> str:
    """A value of a config or an evaluation, escaped: text as it is, anything else as compact JSON."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return escape(json.dumps(value, separators=(", ", ": ")))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(value: float) -> str:
    """A measured value to four significant digits; a count in full."""
    return f"{value:,}" if isinstance(value, int) else f"{value:.4g}"


def differing_fields(runs: Sequence[RunRecord]) -> list[str]:
    """The recipe fields whose values are not the same in every run."""
    recipes = [run.config.get("recipe", {}) for run in runs]
    names = dict.fromkeys(name for recipe in recipes for name in recipe)
    return [name for name in names if len({text(recipe.get(name)) for recipe in recipes}) > 1]


def header(runs: Sequence[RunRecord]) -> str:
    differing = differing_fields(runs)
    items = []
    for index, run in enumerate(runs):
        steps = max(step for curve in run.curves.values() for step, _ in curve)
        recipe = run.config.get("recipe", {})
        facts = [text(run.config.get("model")), *(f"{escape(name)} {text(recipe.get(name))}" for name in differing)]
        items.append(f"<li>{key(index)}<strong>{escape(run.label)}</strong>: {', '.join(facts)}, "
                     f"logged up to step {steps:,} <span class=\"where\">{escape(str(run.folder.resolve()))}</span></li>")
    return (f"<header><h1>ganzoo report</h1><ul class=\"runs\">{''.join(items)}</ul>"
            '<nav><a href="#curves">Curves</a><a href="#samples">Samples</a>'
            '<a href="#evaluation">Evaluation</a><a href="#recipe">Recipe</a></nav></header>')


def chart_figure(name: str, runs: Sequence[RunRecord]) -> str:
    series = [charts.Series(run.label, index, run.curves[name]) for index, run in enumerate(runs) if name in run.curves]
    chart = charts.line_chart(name, series)
    notes = [f"{chart.beyond:,} value(s) beyond the range, drawn on its edge" if chart.beyond else "",
             f"{chart.missing:,} value(s) not finite, left as gaps" if chart.missing else ""]
    legend = "".join(f"<li>{key(s.index)}{escape(s.label)}</li>" for s in series)
    short = f' <span class="short">{escape(SHORT_NAMES[name])}</span>' if name in SHORT_NAMES else ""
    return (f'<figure class="chart"><figcaption>{escape(name)}{short}</figcaption>{chart.svg}'
            f'<ul class="legend">{legend}</ul>'
            + "".join(f'<div class="note">{note}</div>' for note in notes if note) + "</figure>")


def curves_section(runs: Sequence[RunRecord]) -> str:
    names = list(dict.fromkeys(name for run in runs for name in run.curves))
    return ('<section id="curves"><h2>Curves</h2><p class="note">Every value logged in metrics.jsonl, over '
            f"steps. The y range leaves out far outliers (beyond {charts.FENCE:g} interquartile ranges "
            "from the quartiles); a line breaks where a value was not finite.</p>"
            f'<div class="charts">{"".join(chart_figure(name, runs) for name in names)}</div></section>')


def picture(path: Path, alt: str) -> str:
    return f'<img src="{data_uri(path)}" alt="{escape(alt)}">'


def thinned_steps(runs: Sequence[RunRecord]) -> list[int]:
    """The steps with a sample picture in any run, evenly thinned to at most ``TIMELINE_ROWS``."""
    steps = sorted({p.step for run in runs for p in run.timeline})
    if len(steps) <= TIMELINE_ROWS:
        return steps
    return sorted({steps[round(i * (len(steps) - 1) / (TIMELINE_ROWS - 1))] for i in range(TIMELINE_ROWS)})


def timeline_table(runs: Sequence[RunRecord]) -> str:
    steps = thinned_steps(runs)
    if not steps:
        return '<p class="note">No sample pictures were written during training.</p>'
    by_step: list[Mapping[int, Picture]] = [{p.step: p for p in run.timeline} for run in runs]
    head = "".join(f"<th>{key(i)}{escape(run.label)}</th>" for i, run in enumerate(runs))
    rows = []
    for step in steps:
        cells = "".join(
            f"<td>{picture(pictures[step].path, f'{run.label} at step {step:,}')}</td>" if step in pictures else f"<td>{MISSING}</td>"
            for run, pictures in zip(runs, by_step))
        rows.append(f"<tr><th>{step:,}</th>{cells}</tr>")
    total = len({p.step for run in runs for p in run.timeline})
    shown = f" ({len(steps)} of {total} steps shown)" if total > len(steps) else ""
    return (f'<h3>During training{shown}</h3><div class="scroll"><table class="timeline">'
            f"<thead><tr><th>step</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def samples_section(runs: Sequence[RunRecord]) -> str:
    finals = "".join(
        f"<figure>{picture(run.final, f'final samples of {run.label}') if run.final else MISSING}"
        f"<figcaption>{key(i)}{escape(run.label)}</figcaption></figure>"
        for i, run in enumerate(runs))
    return (f'<section id="samples"><h2>Samples</h2><h3>At the end</h3><div class="finals">{finals}</div>'
            f"{timeline_table(runs)}</section>")


def result_rows(result: Mapping[str, Any]) -> list[str]:
    """A metric's result: a heading row with its version and plugin, then one row per value."""
    heading = (f'<tr><th colspan="2">{escape(str(result.get("metric")))} <span class="note">version '
               f'{escape(str(result.get("version")))}, plugin {escape(str(result.get("plugin")))}</span></th></tr>')
    rows = [heading]
    for name, value in result.items():
        if name not in ("metric", "version", "plugin"):
            shown = f'<td class="number">{number(value)}</td>' if is_number(value) else f"<td>{evaluation_value(name, value)}</td>"
            rows.append(f"<tr><th>{escape(name)}</th>{shown}</tr>")
    return rows


def evaluation_value(name: str, value: Any) -> str:
    """A value as text, or the picture a metric made (a PNG ``data:`` URI, such as the memorisation
    metric's samples beside their nearest training images) shown as one."""
    if isinstance(value, str) and value.startswith(PNG_DATA):
        return f'<img src="{escape(value)}" alt="{escape(name)}">'
    return text(value)


def evaluation_block(evaluation: Evaluation) -> str:
    report = evaluation.report
    measured = evaluation.run_label or str(report.get("generator", "a generator"))
    facts = (f"step {text(report.get('step'))} on {text(report.get('dataset'))}, n {text(report.get('n'))}, "
             f"seed {text(report.get('seed'))}, ganzoo {text(report.get('ganzoo_version'))}; "
             f"generator {text(report.get('generator'))}; read from {escape(str(evaluation.source))}")
    rows = [row for result in evaluation.results for row in result_rows(result)]
    return (f'<h3>{escape(measured)}</h3><p class="note">{facts}</p>'
            f'<div class="scroll"><table class="evaluation"><tbody>{"".join(rows)}</tbody></table></div>')


def evaluation_section(evaluations: Sequence[Evaluation]) -> str:
    if not evaluations:
        body = ('<p class="note">None given. <code>ganzoo evaluate RUN --json &gt; eval.json</code> saves one; '
                "<code>ganzoo report RUN --evaluation eval.json</code> shows it here.</p>")
    else:
        body = "".join(evaluation_block(evaluation) for evaluation in evaluations)
    return f'<section id="evaluation"><h2>Evaluation</h2>{body}</section>'


def config_groups(config: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """A run's config as the recipe table's groups: recipe fields, parts with their plugins and
    versions, the data, and the rest (ganzoo's version, device, precision, ...)."""
    parts = {kind: f"{part.get('name')} from {part.get('distribution') or part.get('plugin')} {part.get('version') or ''}".rstrip()
             for kind, part in config.get("parts", {}).items()}
    rest = {name: value for name, value in config.items() if name not in ("recipe", "parts", "data")}
    return {"recipe": config.get("recipe", {}), "parts and plugins": parts, "data": config.get("data", {}), "run": rest}


def recipe_section(runs: Sequence[RunRecord]) -> str:
    groups = [config_groups(run.config) for run in runs]
    head = "".join(f"<th>{key(i)}{escape(run.label)}</th>" for i, run in enumerate(runs))
    bodies = []
    for group in groups[0]:
        names = list(dict.fromkeys(name for g in groups for name in g[group]))
        rows = []
        for name in names:
            cells = [text(g[group][name]) if name in g[group] else MISSING for g in groups]
            differs = ' class="differs"' if len(set(cells)) > 1 else ""
            rows.append(f"<tr{differs}><th>{escape(name)}</th>{''.join(f'<td>{c}</td>' for c in cells)}</tr>")
        bodies.append(f'<tbody><tr><th colspan="{len(runs) + 1}">{escape(group)}</th></tr>{"".join(rows)}</tbody>')
    marked = '<p class="note">Rows marked &#8800; differ between the runs.</p>' if len(runs) > 1 else ""
    return (f'<section id="recipe"><h2>Recipe, plugins and versions</h2>{marked}<div class="scroll"><table>'
            f"<thead><tr><th>field</th>{head}</tr></thead>{''.join(bodies)}</table></div></section>")


def render(runs: Sequence[RunRecord], evaluations: Sequence[Evaluation]) -> str:
    """The whole page."""
    title = "ganzoo report: " + ", ".join(run.label for run in runs)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="ganzoo {escape(ganzoo.__version__)}">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        header(runs),
        curves_section(runs),
        samples_section(runs),
        evaluation_section(evaluations),
        recipe_section(runs),
        "</body></html>",
    ])
