import subprocess
import sys
from importlib.metadata import entry_points


def test_declaring_the_plugin_does_not_import_torch() -> None:
    code = "import ganzoo_losses.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "losses"]
    assert entry.value == "ganzoo_losses.plugin"


def test_every_loss_is_declared_and_only_wgan_gp_takes_an_option(declared) -> None:
    assert sorted(declared) == ["hinge", "lsgan", "minimax", "non-saturating", "ragan", "wgan", "wgan-gp"]
    assert {name: defaults for name, (_, defaults) in declared.items() if defaults} == {"wgan-gp": {"gp_weight": 10.0}}


def test_the_zoo_lists_every_loss_from_this_plugin(declared) -> None:
    from ganzoo.plugins import load_zoo

    registry = load_zoo().registry
    for name in declared:
        assert registry.get("loss", name).provider.plugin == "losses"
