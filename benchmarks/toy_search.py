"""The search for a 2-D recipe that meets the quality goal, by measurement: every configuration is a
set of ``ganzoo train --set`` overrides of ``toy-gan`` (or a registered model), trained and measured
exactly as ``benchmarks/quality.py`` does (one fresh ``ganzoo train`` and ``ganzoo evaluate --json
--metric mode-coverage`` per run, one thread).

The goal: on ``ring8`` and ``grid25``, all modes covered in every one of 10 seeds, at least 97%
high-quality samples and a reverse KL of at most 0.02, for a run that trains in a few minutes on a CPU.

``PLAN`` is the search as it was run: stages of configurations, each on some mixtures, seeds and a
number of generator steps. Every finished run is appended to the results file, and a run already
there (same configuration, mixture, seed and steps) is not trained again, so an interrupted search
resumes where it stopped and a finished one only prints its table.

    python benchmarks/toy_search.py                      # the whole plan (resumes), then the table
    python benchmarks/toy_search.py --table              # only the table of what the file holds
    python benchmarks/toy_search.py --configs r1-1 --datasets grid25 --seeds 2 --steps 2000   # one more cell
    python benchmarks/toy_search.py --list               # the configurations and their overrides
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
from pathlib import Path

from quality import METRICS_2D, PUBLISHED_2D, RunFailed, train_and_evaluate

RESULTS = Path(__file__).resolve().parent / "results" / "toy_search.json"
NUM_MODES = {"ring8": 8, "grid25": 25}

# The ideas tried, as overrides of toy-gan (PacGAN's MLPs, z in R², the non-saturating loss, batch 100,
# Adam 1e-3 β (0.5, 0.999) falling linearly to 0). A configuration is "base" (toy-gan as it is), one idea,
# or several joined by "+", e.g. "narrow+ttur+r1-0.01".
HALF_WIDTH = ["--set", "architecture_options.g_hidden=200", "--set", "architecture_options.d_hidden=100"]
IDEAS: dict[str, tuple[list[str], str]] = {
    "pack4": (["--set", "architecture_options.pack=4", "--batch-size", "400"], "packs of 4, batch 400 (toy-pacgan4)"),
    **{f"r1-{gamma}": (["--set", f"scheme_options.r1_gamma={gamma}"], f"R1 penalty, γ = {gamma}")
       for gamma in ("10", "1", "0.3", "0.1", "0.03", "0.01", "0.001")},
    "batch500": (["--batch-size", "500"], "batch 500"),
    "ttur": (["--set", "lr_g=2.5e-4"], "two time-scales: G at 2.5e-4, D at 1e-3"),
    "ttur-10x": (["--set", "lr_g=1e-4"], "two time-scales: G at 1e-4, D at 1e-3"),
    "ema": (["--ema", "0.99"], "EMA of G, decay 0.99"),
    "ema-0.999": (["--ema", "0.999"], "EMA of G, decay 0.999"),
    "narrow": (HALF_WIDTH, "half-width networks: G 4 × 200, D 3 × 100 maxout"),
    **{f"gm-{k}": (["--set", "sampler=mixture", "--set", f"sampler_options.components={k}"],
                   f"latent prior: a mixture of {k} Gaussians (std 0.1, centres in [-1, 1]^d)") for k in (25, 50, 100, 200)},
    **{f"gm-std-{std}": (["--set", f"sampler_options.std={std}"], f"with a gm-K idea: clusters of std {std}")
       for std in ("0.03", "0.3")},
    **{f"z{d}": (["--set", f"latent_dim={d}"], f"latent size {d}") for d in (4, 8, 16)},
}
# A registered model measured as it is: the recipes the search led to.
RECIPES = {"toy-r1": "the shipped recipe: narrow+r1-0.03",
           "toy-gm-r1": "the shipped recipe: narrow+r1-0.03+gm-25+z8+batch500"}
# Recipes shipped earlier and since replaced, by the ideas they were made of.
FORMER = {"toy-r1-ttur": "narrow+ttur+r1-0.01"}


def config(name: str) -> tuple[str, list[str], str]:
    """The model, the overrides of `ganzoo train` and a description of a configuration's name."""
    if name in RECIPES:
        return name, [], RECIPES[name]
    if name in FORMER:
        _, args, what = config(FORMER[name])
        return "toy-gan", args, f"shipped as a model before toy-r1: {what}"
    if name == "base":
        return "toy-gan", [], "toy-gan as it is"
    ideas = name.split("+")
    unknown = [idea for idea in ideas if idea not in IDEAS]
    if unknown:
        raise SystemExit(f"unknown idea(s) {', '.join(unknown)} in {name!r}; "
                         f"known: base, {', '.join([*IDEAS, *RECIPES, *FORMER])}")
    return "toy-gan", [arg for idea in ideas for arg in IDEAS[idea][0]], "; ".join(IDEAS[idea][1] for idea in ideas)


R1 = "narrow+r1-0.03"  # toy-r1's settings, which the later stages build on

# (configurations, mixtures, seeds, steps): the stages in the order they were run.
PLAN: list[tuple[list[str], list[str], int, int]] = [
    # 1. Each idea alone, on the harder mixture; two seeds were too slow on a busy machine, so one after the first 3.
    (["base", "pack4", "r1-0.1"], ["grid25"], 2, 2_000),
    (["r1-1", "r1-10", "batch500", "ttur", "ema"], ["grid25"], 1, 2_000),
    # 2. Combinations: R1 for coverage with what sharpened the modes; batch 500 at a third of the steps costs the same.
    (["r1-1+ttur", "r1-1+ttur+ema"], ["grid25"], 1, 2_000),
    (["r1-1+batch500"], ["grid25"], 1, 700),
    # 3. R1 at γ ≥ 0.1 covers the grid but caps the modes' sharpness; a slower G sharpens them.
    (["ttur-10x", "r1-0.01+ttur"], ["grid25"], 1, 2_000),
    # 4. At equal compute more steps beat a larger batch; half-width networks buy steps, if they keep the quality.
    (["narrow"], ["grid25"], 1, 2_000),
    # 5. They do, at 2.5 times fewer CPU seconds a step: spend them on steps.
    (["narrow", "narrow+ttur", "narrow+r1-1"], ["grid25"], 1, 6_000),
    # 6. R1 at γ = 1 evens the modes but blurs them (21.6% good points): smaller γ, scaled to the modes' width.
    (["narrow+ttur+r1-0.01", "narrow+ttur+r1-0.001"], ["grid25"], 1, 6_000),
    (["narrow+ttur"], ["ring8"], 1, 6_000),
    # 7. The slower G drops ring modes (6 of 8): which part does it, and does a small R1 bring them back?
    (["narrow", "narrow+ttur+r1-0.01", "narrow+r1-0.01"], ["ring8"], 1, 6_000),
    # 8. R1 at γ = 0.01 evens the ring's modes (reverse KL 0.001-0.008, all 8): the same on the grid.
    (["narrow+r1-0.01"], ["grid25"], 1, 6_000),
    # 9. The best balance of both mixtures, narrow+ttur+r1-0.01, shipped as toy-r1-ttur: 10 seeds of each.
    (["toy-r1-ttur"], ["ring8", "grid25"], 10, 6_000),
    # 10. The modes sharpen with steps: 15,000 (under three CPU minutes); at that length one rate did better.
    (["toy-r1-ttur", "narrow+r1-0.01"], ["grid25", "ring8"], 1, 15_000),
    (["narrow+r1-0.01"], ["ring8", "grid25"], 10, 15_000),
    # 11. Ring solved but for 2 points of sharpness; the grid loses modes (3 seeds of 10 keep all 25): a γ for
    #     the grid's five times wider modes, and how far more steps go.
    (["narrow+r1-0.1", "narrow+r1-0.03"], ["grid25"], 2, 15_000),
    (["narrow+r1-0.01"], ["grid25"], 1, 30_000),
    # 12. γ = 0.03 keeps every grid mode: on the ring too? Then what might sharpen it further.
    (["narrow+r1-0.03"], ["ring8"], 2, 15_000),
    (["narrow+r1-0.03+ema-0.999"], ["grid25"], 2, 15_000),
    (["narrow+r1-0.03+batch500"], ["grid25"], 1, 15_000),
    # 13. Batch 500 sharpens the grid most (89% good points) but costs 3.7 times the CPU: at the time of the
    #     batch of 100's 15,000 steps, it makes 6,000.
    (["narrow+r1-0.03+batch500"], ["grid25"], 1, 6_000),
    # 14. narrow+r1-0.03 at 15,000 steps, shipped as toy-r1: 10 seeds of each.
    (["toy-r1"], ["ring8", "grid25"], 10, 15_000),
    # 15. The grid is short of sharpness, which batch 500 gave: three seeds of each mixture at 15,000 steps.
    (["narrow+r1-0.03+batch500"], ["grid25", "ring8"], 3, 15_000),
    # 16. G stretches one Gaussian over 25 modes, and the latent mass between them lands between modes: a prior
    #     of separate clusters (GM-GAN's static mixture) in PacGAN's 2-D latent and in 8-D.
    ([f"{R1}{extra}" for extra in ("", "+gm-25", "+gm-200", "+z8", "+gm-25+z8", "+gm-200+z8")], ["grid25"], 1, 6_000),
    # 17. 25 clusters in 8-D: 77% good points against 46%. The number of clusters, the latent size, their width.
    ([f"{R1}{extra}" for extra in ("+gm-50+z8", "+gm-25+z16", "+gm-25+z8+gm-std-0.03", "+gm-25+z4", "+gm-50+z16",
                                   "+gm-25+z8+gm-std-0.3")], ["grid25"], 1, 6_000),
    # 18. 25 in 8-D and 50 in 16-D lead: both at 15,000 steps, on both mixtures; 100 in 16-D; a second seed of 50 in 16-D.
    ([f"{R1}+gm-50+z16", f"{R1}+gm-25+z8"], ["grid25", "ring8"], 1, 15_000),
    ([f"{R1}+gm-100+z16"], ["grid25"], 1, 6_000),
    ([f"{R1}+gm-50+z16"], ["grid25"], 2, 6_000),
    # 19. 25 in 8-D: ring 98.5%, grid 90.4%. How far more steps, another seed and a larger batch go on the grid.
    ([f"{R1}+gm-25+z8"], ["grid25"], 1, 30_000),
    ([f"{R1}+gm-25+z8"], ["grid25"], 2, 15_000),
    ([f"{R1}+gm-25+z8+batch500"], ["grid25"], 1, 15_000),
    # 20. Batch 500: 99.8% good points and a reverse KL of 0.004 on the grid. Would a shorter run do?
    ([f"{R1}+gm-25+z8+batch500"], ["grid25", "ring8"], 1, 6_000),
    ([f"{R1}+gm-25+z8+batch500"], ["ring8", "grid25"], 1, 10_000),
    # 21. No: the ring ends mid-oscillation (52% at 10,000 steps, 91% at 6,000). 15,000 steps with batch 500,
    #     shipped as toy-gm-r1: 10 seeds of each.
    ([f"{R1}+gm-25+z8+batch500"], ["grid25", "ring8"], 10, 15_000),
]


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text())["runs"] if path.exists() else []


def save(path: Path, runs: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    configs = {}
    for run in runs:
        model, args, what = config(run["config"])
        configs[run["config"]] = {"model": model, "args": args, "what": what}
    path.write_text(json.dumps({"configs": configs, "runs": runs}, indent=1) + "\n")


def measure(name: str, dataset: str, seed: int, steps: int, scratch: Path) -> dict:
    model, args, _ = config(name)
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = train_and_evaluate(model, dataset, seed, [*args, "--steps", str(steps)], ["--metric", "mode-coverage"],
                             scratch / f"{name}-{dataset}-{seed}-{steps}", threads=1)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    metrics = {m: run["metrics"][m] for m in METRICS_2D}
    # Wall seconds depend on what else the machine runs; CPU seconds (training and evaluation) less so.
    return {"config": name, "dataset": dataset, "seed": seed, "steps": steps, "train_seconds": run["train_seconds"],
            "cpu_seconds": round(cpu, 1), "metrics": metrics}


def search(cells: list[tuple[list[str], list[str], int, int]], path: Path) -> list[dict]:
    runs = load(path)
    done = {(r["config"], r["dataset"], r["seed"], r["steps"]) for r in runs}
    with tempfile.TemporaryDirectory() as scratch:
        for configs, datasets, seeds, steps in cells:
            for dataset in datasets:
                for name in configs:
                    for seed in range(seeds):
                        if (name, dataset, seed, steps) in done:
                            continue
                        try:
                            run = measure(name, dataset, seed, steps, Path(scratch))
                        except RunFailed as failure:
                            print(f"  {name}, {dataset}, seed {seed}: failed: {failure}", file=sys.stderr)
                            continue
                        runs.append(run)
                        save(path, runs)
                        print(f"  {name}, {dataset}, seed {seed}, {steps} steps, {run['train_seconds']} s: "
                              + ", ".join(f"{m} {run['metrics'][m]}" for m in METRICS_2D), file=sys.stderr, flush=True)
    return runs


def cell(values: list[float | None], digits: int) -> str:
    """One seed's value, or the mean ± standard error of several; ``*n``: only ``n`` had a value
    (the reverse KL of a run with no high-quality sample is undefined)."""
    present = [v for v in values if v is not None]
    if not present:
        return "n/a"
    partial = f" *{len(present)}" if len(present) < len(values) else ""
    if len(present) == 1:
        return f"{present[0]:.{digits}f}{partial}"
    se = statistics.stdev(present) / len(present) ** 0.5
    return f"{statistics.fmean(present):.{digits}f} ± {se:.{digits}f}{partial}"


def print_table(runs: list[dict]) -> None:
    """One row per configuration, mixture and budget, in the order first measured."""
    name_width = max([22, *(len(run["config"]) + 2 for run in runs)])
    print(f"{'config':<{name_width}}{'data':<8}{'steps':>6}{'modes':>15}{'all':>7}{'% high quality':>18}{'reverse KL':>19}"
          f"{'train s':>9}{'CPU s':>7}")
    cells: dict[tuple[str, str, int], list[dict]] = {}
    for run in runs:
        cells.setdefault((run["config"], run["dataset"], run["steps"]), []).append(run)
    for dataset in NUM_MODES:
        rows = [(name, steps, mine) for (name, data, steps), mine in cells.items() if data == dataset]
        if not rows:
            continue
        for name, steps, mine in rows:
            every = sum(r["metrics"]["modes_covered"] == NUM_MODES[dataset] for r in mine)
            figures = "".join(f"{cell([r['metrics'][m] for r in mine], digits):>{width}}"
                              for m, digits, width in zip(METRICS_2D, (1, 1, 3), (15, 18, 19)))
            wall = statistics.fmean(r["train_seconds"] for r in mine)
            cpu = [r["cpu_seconds"] for r in mine if "cpu_seconds" in r]
            cpu_cell = f"{statistics.fmean(cpu):>7.0f}" if cpu else f"{'':>7}"
            covered = f"{every}/{len(mine)}"
            print(f"{name:<{name_width}}{dataset:<8}{steps:>6}{figures[:15]}{covered:>7}{figures[15:]}{wall:>9.0f}{cpu_cell}")
        for label, published, modes, good, kl in PUBLISHED_2D:
            if published == dataset:
                print(f"{label:<{name_width + 6}}{'':>6}{modes:>15}{'':>7}{good:>18}{kl:>19}")
    print("(all: seeds that covered every mode; cells: one seed's value or the mean ± standard error over the seeds;\n"
          " train s: wall seconds of `ganzoo train`, CPU s: CPU seconds of train and evaluate, both means over the seeds)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--configs", nargs="+", metavar="CONFIG",
                        help="run these instead of the plan: base, a recipe, or ideas joined by + (see --list)")
    parser.add_argument("--datasets", nargs="+", choices=list(NUM_MODES), default=list(NUM_MODES),
                        help="with --configs: the mixtures (default both)")
    parser.add_argument("--seeds", type=int, default=2, help="with --configs: seeds 0 to N-1 (default 2)")
    parser.add_argument("--steps", type=int, default=2_000, help="with --configs: generator steps (default 2,000)")
    parser.add_argument("--table", action="store_true", help="train nothing; print the table of the results file")
    parser.add_argument("--list", action="store_true", help="print the configurations and exit")
    parser.add_argument("--json", type=Path, default=RESULTS, help="the results file (default: %(default)s)")
    args = parser.parse_args()
    if args.list:
        names = ["base", *IDEAS, *RECIPES, *FORMER]
        for name in names:
            model, overrides, what = config(name)
            print(f"{name:<14}{what}: ganzoo train {model} {' '.join(overrides)}")
        return
    for name in args.configs or []:
        config(name)  # an unknown name stops here, before anything trains
    cells = [(args.configs, args.datasets, args.seeds, args.steps)] if args.configs else PLAN
    runs = load(args.json) if args.table else search(cells, args.json)
    print_table(runs)


if __name__ == "__main__":
    main()
