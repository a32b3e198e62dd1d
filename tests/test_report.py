"""``ganzoo report``: its charts, what it reads from run folders, its errors, and the page itself
opened in headless Chromium."""

from __future__ import annotations

import base64
import io
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import pytest
from PIL import Image

from ganzoo.cli.reporting import report
from ganzoo.errors import GanzooError
from ganzoo.report import build, charts, collect
from tests.headless_chromium import chromium, find_chromium
from tests.test_bad_input import assert_one_line_error
from tests.test_cli import imports_torch


def png(colour: int = 128) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (6, 6), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def fake_run(folder: Path, lines: list[dict], pictures: tuple[int, ...] = (), **recipe) -> Path:
    """A run folder as training leaves it, with the given metrics lines and sample pictures."""
    (folder / "samples").mkdir(parents=True)
    config = {"model": "vanilla-mlp", "recipe": {"loss": "non-saturating", "seed": 0, **recipe},
              "parts": {"loss": {"name": "non-saturating", "plugin": "losses", "distribution": "ganzoo-losses", "version": "0.1.0"}}}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "metrics.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    for step in pictures:
        (folder / "samples" / f"step-{step:06d}.png").write_bytes(png(step % 256))
    (folder / "samples.png").write_bytes(png())
    return folder


def points_of(path_data: str) -> list[list[tuple[float, float]]]:
    """The subpaths of an SVG path written by ``charts.path_data``, as lists of points."""
    return [[tuple(map(float, pair.split(","))) for pair in re.findall(r"-?[\d.]+,-?[\d.]+", subpath)]
            for subpath in path_data.split("M")[1:]]


def curve_data(svg: str) -> list[str]:
    return re.findall(r'<path class="curve" d="([^"]*)"', svg)


# The charts


def test_the_frame_maps_steps_and_values_onto_the_plot_area_and_pins_values_beyond_it():
    frame = charts.Frame(x_low=100, x_high=300, y_low=-1.0, y_high=1.0)
    assert frame.x(100) == charts.LEFT and frame.x(300) == charts.WIDTH - charts.RIGHT
    assert frame.x(200) == charts.LEFT + charts.PLOT_WIDTH / 2
    assert frame.y(-1.0) == charts.TOP + charts.PLOT_HEIGHT and frame.y(1.0) == charts.TOP
    assert frame.y(0.0) == charts.TOP + charts.PLOT_HEIGHT / 2
    assert frame.y(50.0) == charts.TOP and frame.y(-50.0) == charts.TOP + charts.PLOT_HEIGHT
    assert frame.beyond(50.0) and not frame.beyond(0.5)


def test_a_chart_draws_each_runs_points_where_the_frame_puts_them():
    first = charts.Series("a", 0, [(10, 0.0), (20, 1.0), (30, 2.0)])
    second = charts.Series("b", 1, [(10, 2.0), (30, 0.0)])
    chart = charts.line_chart("d_loss", [first, second])
    low, high = charts.y_limits([0.0, 1.0, 2.0, 2.0, 0.0])
    frame = charts.Frame(10, 30, low, high)
    drawn = [points_of(d) for d in curve_data(chart.svg)]
    assert drawn[0] == [[(round(frame.x(x), 1), round(frame.y(y), 1)) for x, y in first.points]]
    assert drawn[1] == [[(round(frame.x(x), 1), round(frame.y(y), 1)) for x, y in second.points]]
    assert drawn[0][0][0] == (charts.LEFT, round(frame.y(0.0), 1)) and drawn[0][0][-1][0] == charts.WIDTH - charts.RIGHT
    assert f'stroke="{charts.colour(0)}"' in chart.svg and f'stroke="{charts.colour(1)}"' in chart.svg
    assert (chart.beyond, chart.missing) == (0, 0)


def test_downsampling_a_long_run_keeps_its_ends_and_every_extreme():
    values = [math.sin(step / 500) for step in range(100_000)]
    values[31_337], values[77_777] = 50.0, -50.0
    segment = [(float(step), value) for step, value in enumerate(values)]
    kept = charts.downsample(segment, 0, 99_999)
    assert len(kept) <= 4 * charts.PLOT_WIDTH
    assert kept[0] == segment[0] and kept[-1] == segment[-1]
    assert (31_337.0, 50.0) in kept and (77_777.0, -50.0) in kept
    assert kept == sorted(kept)
    def by_column(points):
        columns = defaultdict(list)
        for x, y in points:
            columns[int(x // (99_999 / charts.PLOT_WIDTH))].append(y)
        return columns

    survivors = by_column(kept)
    for column, members in by_column(segment).items():  # each column's lowest and highest point survive
        assert min(members) in survivors[column] and max(members) in survivors[column]
    assert charts.downsample(segment[:100], 0, 99) == segment[:100]


def test_a_run_of_100k_logged_steps_makes_a_small_chart():
    series = charts.Series("long", 0, [(step, math.cos(step / 900)) for step in range(100_000)])
    assert len(charts.line_chart("g_loss", [series]).svg) < 40_000


def test_values_that_are_not_finite_break_the_line_and_are_counted():
    points = [(1, 1.0), (2, 2.0), (3, None), (4, float("nan")), (5, 3.0), (6, float("inf")), (7, 4.0), (8, 5.0)]
    assert charts.finite_segments(points) == [[(1.0, 1.0), (2.0, 2.0)], [(5.0, 3.0)], [(7.0, 4.0), (8.0, 5.0)]]
    chart = charts.line_chart("d_loss", [charts.Series("a", 0, points)])
    (data,) = curve_data(chart.svg)
    assert [len(subpath) for subpath in points_of(data)] == [2, 1, 2]
    assert " h0" in data  # the lone point is drawn as a dot
    assert "nan" not in chart.svg.lower() and "inf" not in chart.svg.lower()
    assert chart.missing == 3


def test_a_chart_with_no_finite_value_has_axes_and_no_line():
    chart = charts.line_chart("g_loss", [charts.Series("a", 0, [(1, None), (2, None)])])
    assert curve_data(chart.svg) == [""] and chart.missing == 2 and 'class="frame"' in chart.svg


def test_one_spike_does_not_flatten_a_curve():
    values = [1.0 + 0.01 * (i % 7) for i in range(200)]
    values[100] = 1_000.0
    low, high = charts.y_limits(values)
    assert 0.9 < low < 1.0 and 1.06 < high < 1.2
    chart = charts.line_chart("d_loss", [charts.Series("a", 0, list(enumerate(values)))])
    assert chart.beyond == 1
    (data,) = curve_data(chart.svg)
    assert min(y for subpath in points_of(data) for _, y in subpath) == charts.TOP  # the spike, on the edge


def test_a_flat_line_gets_a_range_and_round_ticks():
    low, high = charts.y_limits([0.001] * 29 + [0.001 + 1e-19])
    assert low == pytest.approx(0.0009) and high == pytest.approx(0.0011)
    assert charts.nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    assert charts.nice_ticks(-3.0, 1_003.0) == [0.0, 250.0, 500.0, 750.0, 1000.0]
    assert [charts.step_label(s) for s in (500, 2_000, 150_000)] == ["500", "2,000", "150k"]


# What the report reads


def test_several_runs_with_differing_logged_values_are_overlaid_where_they_share_a_name(tmp_path):
    logged = [{"step": 5, "d_loss": 1.0, "g_loss": 2.0}, {"step": 10, "d_loss": 0.9, "g_loss": 1.8}]
    first = fake_run(tmp_path / "a" / "run", logged, (5, 10))
    second = fake_run(tmp_path / "b" / "run", [{"step": 5, "d_loss": 0.2, "w_distance": 3.0, "note": "text"}], (5,), loss="wgan")
    runs = collect.read_runs([first, second])
    assert [run.label for run in runs] == [str(first), str(second)]  # the same folder name: the paths tell them apart
    assert runs[0].curves == {"d_loss": [(5, 1.0), (10, 0.9)], "g_loss": [(5, 2.0), (10, 1.8)]}
    assert runs[1].curves == {"d_loss": [(5, 0.2)], "w_distance": [(5, 3.0)]}
    assert [p.step for p in runs[0].timeline] == [5, 10]
    html = build([first, second])
    figures = re.findall(r'<figure class="chart">.*?</figure>', html)
    assert [re.search(r"<figcaption>(\w+)", f)[1] for f in figures] == ["d_loss", "g_loss", "w_distance"]
    assert [len(curve_data(f)) for f in figures] == [2, 1, 1]
    assert charts.colour(1) in figures[2] and charts.colour(0) not in figures[2]  # a run keeps its colour
    assert re.search(r'<tr class="differs"><th>loss</th><td>non-saturating</td><td>wgan</td>', html)
    assert "ganzoo-losses 0.1.0" in html
    assert html.count("data:image/png;base64,") == 2 + 3  # the final samples and the timeline


def test_a_damaged_line_is_left_out_with_a_warning(tmp_path, capsys):
    run = fake_run(tmp_path / "run", [{"step": 5, "d_loss": 1.0}])
    with (run / "metrics.jsonl").open("a") as file:
        file.write('{"step": 10, "d_lo')
    assert collect.read_run(run, "run").curves == {"d_loss": [(5, 1.0)]}
    assert "line 2 is cut short or damaged" in capsys.readouterr().err


def test_a_long_timeline_is_thinned_to_a_few_steps_first_and_last_kept(tmp_path):
    run = fake_run(tmp_path / "run", [{"step": 1, "d_loss": 1.0}], tuple(range(100, 10_001, 100)))
    html = build([run])
    shown = [int(s.replace(",", "")) for s in re.findall(r"<tr><th>([\d,]+)</th>", html)]
    assert len(shown) == 8 and shown[0] == 100 and shown[-1] == 10_000
    assert "(8 of 100 steps shown)" in html


def test_an_evaluation_is_shown_with_its_provenance_under_the_run_it_measured(tmp_path):
    run = fake_run(tmp_path / "run", [{"step": 5, "d_loss": 1.0}])
    saved = {"generator": str(run / "generator.safetensors"), "step": 5, "dataset": "mnist-sample", "n": 500, "seed": 3,
             "ganzoo_version": "0.1.0", "results": [{"metric": "classifier-fd", "plugin": "metrics", "version": "1", "fd": 12.345678,
                                                     "classifier": {"sha256": "abc", "accuracy": 0.98}}]}
    (tmp_path / "eval.json").write_text(json.dumps(saved))
    html = build([run], [tmp_path / "eval.json"])
    section = html[html.index('<section id="evaluation">'):html.index('<section id="recipe">')]
    assert "<h3>run</h3>" in section and "seed 3" in section and str(tmp_path / "eval.json") in section
    assert "classifier-fd" in section and "12.35" in section and "&quot;sha256&quot;: &quot;abc&quot;" in section


def test_a_picture_a_metric_made_is_shown_as_a_picture(tmp_path):
    """The memorisation metric's samples beside their nearest training images, a PNG data: URI."""
    run = fake_run(tmp_path / "run", [{"step": 5, "d_loss": 1.0}])
    png = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n").decode()
    saved = {"generator": str(run), "step": 5, "results": [{"metric": "memorisation", "nearest_picture": png,
                                                             "other_text": "data:text/html,<b>x</b>"}]}
    (tmp_path / "eval.json").write_text(json.dumps(saved))
    section = build([run], [tmp_path / "eval.json"]).split('<section id="evaluation">')[1]
    assert f'<img src="{png}" alt="nearest_picture">' in section
    assert "<b>" not in section and "data:text/html,&lt;b&gt;" in section  # any other text stays text


# Errors


def test_what_is_not_a_run_or_has_nothing_logged_is_one_clear_error(tmp_path):
    with pytest.raises(GanzooError, match="is not a run folder: it does not exist"):
        build([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(GanzooError, match="is not a run folder: it has no config.json"):
        build([tmp_path / "empty"])
    run = fake_run(tmp_path / "young", [])
    with pytest.raises(GanzooError, match="has no logged values yet"):
        build([run])
    (run / "metrics.jsonl").unlink()
    with pytest.raises(GanzooError, match="has no logged values yet"):
        build([run])
    (tmp_path / "eval.json").write_text('{"fd": 1}')
    with pytest.raises(GanzooError, match="is not a report of 'ganzoo evaluate --json'"):
        build([fake_run(tmp_path / "run", [{"step": 1, "d_loss": 1.0}])], [tmp_path / "eval.json"])


def test_an_output_that_cannot_be_written_is_one_clear_error_and_leaves_nothing(tmp_path):
    run = fake_run(tmp_path / "run", [{"step": 1, "d_loss": 1.0}])
    (tmp_path / "file").write_text("")
    with pytest.raises(GanzooError, match="is a file; choose another --out"):
        report([run], tmp_path / "file" / "report.html")
    with pytest.raises(GanzooError, match="is a folder; give a file name"):
        report([run], tmp_path)
    report([run])
    assert (run / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in run.iterdir() if p.name.endswith(".tmp")] == []


def test_the_command_reads_no_torch_and_says_errors_in_one_line(tmp_path, cli):
    run = fake_run(tmp_path / "run", [{"step": 1, "d_loss": 1.0}])
    code = f"import sys; sys.argv = ['ganzoo', 'report', {str(run)!r}]\nfrom ganzoo.cli import main\n"
    code += "try:\n    main()\nexcept SystemExit:\n    pass"
    assert not imports_torch(code)
    assert (run / "report.html").is_file()
    assert_one_line_error(cli("report", str(tmp_path / "nowhere")), "is not a run folder")


# The page in a browser

CHROMIUM = find_chromium()

DRAWN = """(() => {
  const charts = [...document.querySelectorAll('figure.chart')].map(figure => ({
    name: figure.querySelector('figcaption').firstChild.textContent.trim(),
    curves: [...figure.querySelectorAll('path.curve')].map(path => {
      const box = path.getBBox(), shown = path.getBoundingClientRect();
      return {length: path.getTotalLength(), width: box.width, height: box.height, shown: shown.width};
    }),
  }));
  const images = [...document.images].map(image => image.complete && image.naturalWidth > 0);
  return {charts, images};
})()"""


@pytest.fixture(scope="module")
def two_real_runs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from ganzoo.plugins import load_zoo
    from ganzoo.training.trainer import TrainOptions, train

    zoo, root = load_zoo(), tmp_path_factory.mktemp("runs")
    recipe = zoo.registry.get("model", "vanilla-mlp").recipe
    settings = dict(dataset="mnist-sample", steps=40, batch_size=32, log_every=5, sample_every=20, checkpoint_every=40)
    for loss in ("non-saturating", "lsgan"):
        train(zoo, recipe.with_overrides(loss=loss, **settings), TrainOptions(root / loss, device="cpu"))
    return [root / "non-saturating", root / "lsgan"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium found (.ci/run installs Debian's chromium)")
def test_a_report_of_two_real_runs_draws_every_curve_and_asks_the_network_for_nothing(two_real_runs, tmp_path, cli):
    (tmp_path / "eval.json").write_text(json.dumps({"generator": str(two_real_runs[0] / "generator.safetensors"), "step": 40,
                                                    "results": [{"metric": "fd", "plugin": "p", "version": "1", "fd": 9.5}]}))
    page = tmp_path / "report.html"
    result = cli("report", *map(str, two_real_runs), "--out", str(page), "--evaluation", str(tmp_path / "eval.json"))
    assert result.returncode == 0, result.stderr
    logged = json.loads((two_real_runs[0] / "metrics.jsonl").read_text().splitlines()[0]).keys() - {"step"}
    assert {"d_loss", "g_loss", "d_real", "d_fake", "lr_generator", "lr_discriminator"} <= logged
    with chromium(CHROMIUM) as browser:
        browser.open(page.as_uri())
        drawn = browser.evaluate(DRAWN)
        assert {chart["name"] for chart in drawn["charts"]} == logged
        for chart in drawn["charts"]:
            assert len(chart["curves"]) == 2, chart
            for curve in chart["curves"]:
                assert curve["length"] > 100 and curve["width"] > 100 and curve["shown"] > 100, chart
        assert len(drawn["images"]) == 2 + 2 * 2 and all(drawn["images"])  # final samples, pictures at steps 20 and 40
        browser.resize(375, 800, mobile=True)
        assert browser.evaluate("document.documentElement.scrollWidth") <= 375  # wide tables scroll in their boxes
        browser.send("Emulation.setEmulatedMedia", media="print")
        assert browser.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        assert browser.evaluate("getComputedStyle(document.querySelector('figure.chart')).breakInside") == "avoid"
        assert browser.errors() == []
        assert [url for url in browser.requests() if url != page.as_uri() and not url.startswith("data:")] == []
