"""Training schemes from a plugin written against the public API alone (tests/plugins/schemes_plugin.py),
installed as a real distribution: two generators, two discriminators and three optimisers trained
from the command line; a scheme's own state across stop-and-resume; an image-to-image model under
the default scheme; and the schemes the core refuses."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file

from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.testing import check_resume
from ganzoo.training.trainer import TrainOptions, train

PLUGIN = (Path(__file__).parent / "plugins" / "schemes_plugin.py").read_text()
DISTRIBUTION = "ganzoo-schemes-test"
PLUGIN_MODULE = "ganzoo_schemes_test_schemes"
DOMAINS = {"a": (1.0, 1.0), "b": (-1.0, 0.5)}  # the plugin's two domains: "sample" and "other"
MLP_KEYS = {"0.weight", "0.bias", "2.weight", "2.bias"}


@pytest.fixture
def plugin(distributions):
    distributions.add(DISTRIBUTION, {"schemes": PLUGIN})
    yield
    sys.modules.pop(PLUGIN_MODULE, None)  # the next test installs it afresh, from its own folder


def read_checkpoint(path: Path) -> tuple[dict[str, torch.Tensor], dict]:
    with safe_open(str(path), "pt") as handle:
        meta = {key: json.loads(value) for key, value in handle.metadata().items()}
    return load_file(path), meta


def metrics(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def run_together(cli, *commands: tuple[str, ...]) -> list:
    """``ganzoo`` commands that need not wait for each other, run at the same time: each one pays
    for a fresh interpreter and torch's imports."""
    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(lambda args: cli(*args), commands))


def one_line_error(result) -> str:
    """The single line a refused command prints, checked to be one line and no traceback."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- 1. two generators, two discriminators, three optimisers of two kinds, from the command line ---


def test_a_two_domain_scheme_trains_saves_every_module_and_optimiser_and_samples_each_domain(plugin, cli, tmp_path):
    run = tmp_path / "run"
    result = cli("train", "test-two-domain", "--out", str(run))
    assert result.returncode == 0, result.stderr
    config = json.loads((run / "config.json").read_text())
    assert config["parts"]["scheme"]["name"] == "test-two-domain"
    assert config["parts"]["scheme"]["distribution"] == DISTRIBUTION
    assert config["data"]["fields"]["other"]["shape"] == [2]
    assert [m["step"] for m in metrics(run)] == list(range(20, 201, 20))
    assert (run / "samples.png").is_file()  # a scatter over the "sample" field of dict draws

    tensors, meta = read_checkpoint(run / "checkpoint.safetensors")
    assert meta["step"] == 200
    for name in ("g_a", "g_b", "d_a", "d_b"):
        assert {k[len(f"module.{name}."):] for k in tensors if k.startswith(f"module.{name}.")} == MLP_KEYS, name
    assert {k.split(".")[1] for k in tensors if k.startswith("ema.")} == {"g_a", "g_b"}  # the scheme's `averaged`

    optimizers = meta["optimizers"]
    assert set(optimizers) == {"generators", "d_a", "d_b"}
    # One Adam over both generators, as two parameter groups that kept their own rates: the
    # recipe's linear schedule brought each to 1/200 of where it started, so the ratio stays 1 : 1/4.
    adam = optimizers["generators"]["param_groups"]
    assert [g["params"] for g in adam] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert all("betas" in g and "momentum" not in g for g in adam)
    assert [g["initial_lr"] for g in adam] == pytest.approx([4e-3, 1e-3])
    assert [g["lr"] for g in adam] == pytest.approx([4e-3 / 200, 1e-3 / 200])
    assert adam[0]["lr"] / adam[1]["lr"] == pytest.approx(4.0)
    assert {f"optimizer.generators.{i}.{key}" for i in range(8) for key in ("exp_avg", "exp_avg_sq")} <= set(tensors)
    for name in ("d_a", "d_b"):  # an SGD with momentum for each discriminator
        (group,) = optimizers[name]["param_groups"]
        assert group["momentum"] == 0.5 and "betas" not in group
        assert group["lr"] == pytest.approx(2e-2 / 200)
        assert {k for k in tensors if k.startswith(f"optimizer.{name}.")} == {f"optimizer.{name}.{i}.momentum_buffer" for i in range(4)}
    assert not torch.equal(tensors["module.g_a.0.weight"], tensors["module.g_b.0.weight"])

    exported = load_file(run / "generator.safetensors")
    assert set(exported) == {f"{g}.{k}" for g in ("g_a", "g_b") for k in MLP_KEYS}  # the scheme's `exported`
    assert all(torch.equal(exported[k], tensors[f"ema.{k}"]) for k in exported)

    *by_domain, scatter, unknown = run_together(
        cli,
        *[("sample", str(run), "--n", "500", "--out", str(tmp_path / f"{d}.npy"), "--option", f'domain="{d}"') for d in DOMAINS],
        ("sample", str(run), "--out", str(tmp_path / "scatter.png")),  # domain a, drawn over real points
        ("sample", str(run), "--out", str(tmp_path / "x.npy"), "--option", "colour=red"),
    )
    for (domain, centre), result in zip(DOMAINS.items(), by_domain):
        assert result.returncode == 0, result.stderr
        points = np.load(tmp_path / f"{domain}.npy")
        assert points.shape == (500, 2)
        mean = points.mean(0)
        other = DOMAINS["b" if domain == "a" else "a"]
        assert np.linalg.norm(mean - centre) < 0.5 < np.linalg.norm(mean - other), (domain, mean)
    assert scatter.returncode == 0, scatter.stderr
    assert (tmp_path / "scatter.png").is_file()
    line = one_line_error(unknown)
    assert "unknown sampling option(s) colour" in line and "its options: domain" in line
    assert not (tmp_path / "x.npy").exists()


# --- 2. a scheme's own state across stop-and-resume ----------------------------------------------


def memory_recipe(**options):
    recipe = load_zoo().registry.get("model", "test-memory").recipe
    return recipe.with_overrides(scheme_options=options) if options else recipe


def stop_and_resume(recipe, folder: Path) -> None:
    stopped = train(load_zoo(), recipe, TrainOptions(folder, stop_after=recipe.steps // 2))
    assert stopped.step == recipe.steps // 2
    assert train(load_zoo(), recipe, TrainOptions(folder, resume=True)).step == recipe.steps


def test_a_schemes_own_state_changes_every_step_and_survives_stop_and_resume_bit_for_bit(plugin, tmp_path):
    recipe = memory_recipe()
    straight, stopped = tmp_path / "straight", tmp_path / "stopped"
    train(load_zoo(), recipe, TrainOptions(straight))
    stop_and_resume(recipe, stopped)

    lines = metrics(straight)
    assert [m["count"] for m in lines] == list(range(5, 41, 5))  # the counter counts steps
    assert len({m["level"] for m in lines}) == len(lines) and len({m["pool"] for m in lines}) == len(lines)
    assert metrics(stopped) == lines

    a, a_meta = read_checkpoint(straight / "checkpoint.safetensors")
    b, b_meta = read_checkpoint(stopped / "checkpoint.safetensors")
    assert {"scheme.running", "scheme.pool"} <= set(a)
    assert a_meta["scheme_state"]["count"] == 40 and isinstance(a_meta["scheme_state"]["level"], float)
    assert a_meta["scheme_state"] == b_meta["scheme_state"]  # the int and the float, exactly
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key
    assert a["scheme.pool"].abs().sum() > 0 and a["scheme.running"].abs().sum() > 0


def test_three_optimisers_with_parameter_groups_and_a_linear_schedule_resume_exactly(plugin, tmp_path):
    recipe = load_zoo().registry.get("model", "test-two-domain").recipe.with_overrides(steps=80)  # stops at 40, a logging step
    straight, stopped = tmp_path / "straight", tmp_path / "stopped"
    train(load_zoo(), recipe, TrainOptions(straight))
    stop_and_resume(recipe, stopped)
    assert metrics(stopped) == metrics(straight)
    (a, a_meta), (b, b_meta) = read_checkpoint(straight / "checkpoint.safetensors"), read_checkpoint(stopped / "checkpoint.safetensors")
    assert a_meta["optimizers"] == b_meta["optimizers"]  # every group's rate, initial rate and settings
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


@pytest.mark.parametrize("forgotten", ["count", "level", "running", "pool"])
def test_a_scheme_that_forgets_any_of_its_state_on_resume_ends_elsewhere(plugin, tmp_path, forgotten):
    """The guard above can fail: each piece of the state steers training, so a load_state_dict
    that ignores it gives other metrics and other weights."""
    straight, stopped = tmp_path / "straight", tmp_path / "stopped"
    train(load_zoo(), memory_recipe(), TrainOptions(straight))
    stop_and_resume(memory_recipe(forget=[forgotten]), stopped)
    assert metrics(stopped)[:4] == metrics(straight)[:4]  # identical up to the stop
    assert metrics(stopped)[4:] != metrics(straight)[4:]
    a, _ = read_checkpoint(straight / "checkpoint.safetensors")
    b, _ = read_checkpoint(stopped / "checkpoint.safetensors")
    assert not torch.equal(a["module.generator.0.weight"], b["module.generator.0.weight"])


def test_the_kits_resume_check_passes_a_faithful_scheme_and_catches_a_forgetful_one(plugin):
    check_resume("test-memory", steps=6)
    with pytest.raises(AssertionError, match="after resuming at step 3"):
        check_resume("test-memory", steps=6, scheme_options={"forget": ["level"]})


# --- 3. image to image under the default scheme --------------------------------------------------


def write_images(folder: Path, names: list[str], size: int = 8) -> None:
    from PIL import Image

    folder.mkdir()
    patterns = np.random.default_rng(0).integers(0, 2, (len(names), size, size), dtype=np.uint8) * 255
    for name, pixels in zip(names, patterns):
        Image.fromarray(pixels, "L").save(folder / f"{name}.png")


def test_an_image_to_image_model_translates_a_folder_of_images(plugin, cli, tmp_path):
    from PIL import Image

    run = tmp_path / "run"
    recipe = load_zoo().registry.get("model", "test-pix2pix").recipe
    assert train(load_zoo(), recipe, TrainOptions(run)).step == 20  # D was given (output, input) pairs throughout
    config = json.loads((run / "config.json").read_text())
    assert "scheme" not in config["parts"] and config["recipe"]["scheme"] is None  # the default scheme
    tensors, _ = read_checkpoint(run / "checkpoint.safetensors")
    assert {k.split(".")[1] for k in tensors if k.startswith("module.")} == {"generator", "discriminator"}
    _, export = read_checkpoint(run / "generator.safetensors")
    assert list(export["inputs"]) == ["input"]
    picture = np.asarray(Image.open(run / "samples.png"))  # input | output | target, 16 rows of 8×8 with 2 px borders
    assert picture.shape[:2] == (16 * 10 + 2, 3 * 10 + 2)
    data = load_zoo().registry.get("dataset", "test-paired-squares").build()
    first_input = (data.fields["input"][0, 0].numpy() + 1) * 127.5  # the rows are spread over the data, from its first
    first_target = (data.samples[0, 0].numpy() + 1) * 127.5
    assert np.abs(picture[2:10, 2:10].astype(float) - first_input).max() <= 1
    assert np.abs(picture[2:10, 22:30].astype(float) - first_target).max() <= 1

    write_images(tmp_path / "in", ["cat", "dog", "owl"])
    write_images(tmp_path / "wrong", ["big"], size=9)
    result, wrong, interpolated, without = run_together(
        cli,
        ("sample", str(run), "--input", str(tmp_path / "in"), "--out", str(tmp_path / "out")),
        ("sample", str(run), "--input", str(tmp_path / "wrong"), "--out", str(tmp_path / "out2")),
        ("interpolate", str(run)),
        ("sample", str(run)),
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cat.png", "dog.png", "owl.png"]
    outputs = []
    for name in ("cat", "dog", "owl"):
        with Image.open(tmp_path / "out" / f"{name}.png") as picture:
            assert picture.size == (8, 8) and picture.mode == "L"
            outputs.append(np.asarray(picture))
    assert not np.array_equal(outputs[0], outputs[1])  # each output follows its own input

    assert "big.png is 9×9 pixels but the model takes 8×8" in one_line_error(wrong)
    assert not (tmp_path / "out2").exists()
    assert "has no latent space" in one_line_error(interpolated)
    assert not list(run.glob("interpolate-*"))
    assert "give one with --input" in one_line_error(without)


# --- 4. schemes the core refuses -----------------------------------------------------------------


def test_a_scheme_that_averages_or_exports_a_module_it_does_not_declare_is_refused(plugin, cli, tmp_path):
    line = one_line_error(cli("train", "test-ghost-averaged", "--out", str(tmp_path / "run")))
    assert line == ("error: GhostAveraged lists 'g_ghost' as averaged but declares no such module "
                    "(it declares g_a, g_b, d_a, d_b)")
    assert not (tmp_path / "run").exists()
    recipe = load_zoo().registry.get("model", "test-ghost-exported").recipe
    with pytest.raises(GanzooError, match="^GhostExported lists 'g_ghost' as exported but declares no such module"):
        train(load_zoo(), recipe, TrainOptions(tmp_path / "again"))


def test_a_scheme_state_that_is_neither_tensor_nor_json_is_refused_naming_the_key(plugin, tmp_path):
    recipe = load_zoo().registry.get("model", "test-unsavable-state").recipe
    with pytest.raises(GanzooError, match=r"^UnsavableState.state_dict\(\) gave 'history' as set, which is neither a tensor nor JSON"):
        train(load_zoo(), recipe, TrainOptions(tmp_path / "run"))
    assert not (tmp_path / "run" / "checkpoint.safetensors").exists()


# --- 5. the plugin authors' kit on data of several fields ----------------------------------------


def test_the_testing_kit_checks_the_extra_fields_of_in_memory_and_sampled_data(plugin):
    import ganzoo
    from ganzoo.testing import check_dataset

    two_domains = check_dataset("test-two-domains")  # draw gives every field by name
    pairs = check_dataset("test-paired-squares")
    lacking = ganzoo.SampledData(lambda n, g, device: {"sample": two_domains.draw(n, g, device)["sample"]},
                                 two_domains.spec, "the other domain left out")
    with pytest.raises(AssertionError, match="lack the field 'other' that spec.fields declares"):
        check_dataset(lacking)
    stretched = ganzoo.InMemoryData(pairs.samples, None, pairs.spec, "inputs out of range", fields={"input": 3 * pairs.fields["input"]})
    with pytest.raises(AssertionError, match="the field 'input' of the samples lie in .* outside the declared value range"):
        check_dataset(stretched)


def test_the_kits_resume_check_holds_for_a_schedule_that_depends_on_the_total(plugin):
    check_resume("test-memory", steps=6, lr_schedule="linear")
