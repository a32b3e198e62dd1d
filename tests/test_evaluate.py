"""``ganzoo evaluate`` runs the metrics that apply and records how each number was made."""

from __future__ import annotations

import json

import pytest

MEAN_METRIC = """
import ganzoo

class MeanGap:
    version = "1"

    def applies_to(self, dataset, spec):
        return spec.is_image

    def evaluate(self, context):
        fake, labels = context.generate()
        real = context.real("train").samples[: context.n]
        return {"gap": abs(float(fake.mean() - real.mean())), "samples": len(fake), "labels": labels is not None}

class NeverApplies:
    version = "1"

    def applies_to(self, dataset, spec):
        return False

    def evaluate(self, context):
        raise AssertionError("must not run")

@ganzoo.hookimpl
def ganzoo_register_metrics(register):
    register("mean-gap", MeanGap)
    register("never", NeverApplies)
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from tests.conftest import run_cli

    folder = tmp_path_factory.mktemp("evaluate") / "run"
    result = run_cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "10", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_evaluate_reports_the_applicable_metrics_with_provenance_reproducibly(distributions, cli, run):
    distributions.add("ganzoo-meangap", {"meangap": MEAN_METRIC})
    only_ours = {"GANZOO_DISABLE_PLUGINS": "metrics"}  # the standard metrics are tested in their plugin
    first = cli("evaluate", str(run), "--n", "300", "--seed", "4", "--json", env=only_ours)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert {k: report[k] for k in ("step", "dataset", "n", "seed")} == {"step": 10, "dataset": "mnist-sample", "n": 300, "seed": 4}
    (result,) = report["results"]
    assert result["metric"] == "mean-gap" and result["plugin"] == "meangap" and result["version"] == "1"
    assert result["samples"] == 300 and result["labels"] is False and result["gap"] > 0
    again = json.loads(cli("evaluate", str(run), "--n", "300", "--seed", "4", "--json", env=only_ours).stdout)
    other = json.loads(cli("evaluate", str(run), "--n", "300", "--seed", "5", "--json", env=only_ours).stdout)
    assert again["results"] == report["results"] != other["results"]


def test_evaluate_without_an_applicable_metric_says_so(cli, run):
    result = cli("evaluate", str(run), env={"GANZOO_DISABLE_PLUGINS": "metrics,meangap"})
    assert result.returncode == 2 and "no installed metric applies to dataset 'mnist-sample'" in result.stderr


def test_the_table_names_each_metric_once_with_its_sample_count_and_a_column_per_header():
    from rich.console import Console

    from ganzoo.cli.evaluating import _table
    from ganzoo.evaluation import MetricResult

    results = [MetricResult("paired-fidelity", "ganzoo-metrics", "1", {"l1": 0.05, "psnr": 18.8, "n_used": 5000, "seed": 0,
                                                                      "measured_on": "train"}),
               MetricResult("other", "x", "2", {"score": 3, "n_used": 10})]
    console = Console(width=200, record=True)
    console.print(_table(results, title="t"))
    lines = [line for line in console.export_text().splitlines() if "│" in line or "┃" in line]
    cells = [[cell.strip() for cell in line.replace("┃", "│").split("│")[1:-1]] for line in lines]
    assert cells == [["metric", "measure", "value"],
                     ["paired-fidelity 1 (n 5,000)", "l1", "0.05"], ["", "psnr", "18.8"],
                     ["other 2 (n 10)", "score", "3"]]
