"""Plugin discovery through real installed distributions: isolation, conflicts, allow/deny lists."""

from __future__ import annotations

import json

import pytest

from ganzoo.errors import GanzooError
from ganzoo.hookspecs import hookimpl
from ganzoo.plugins import load_zoo
from ganzoo.registry import Entry, Provider, Registry

GOOD = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("shared-loss", "math:fabs", description="from {who}")

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    register("{who}-sampler", "math:fabs")
"""

FAILS_ON_IMPORT = """
raise RuntimeError("this plugin cannot be imported")
"""

FAILS_IN_REGISTRATION = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("half-registered", "math:fabs")

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    raise ValueError("the sampler table is corrupt")
"""


def test_a_plugin_that_fails_to_import_is_skipped_with_a_warning_and_the_rest_load(distributions, capsys):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    distributions.add("ganzoo-broken", {"broken": FAILS_ON_IMPORT})
    zoo = load_zoo()
    status = {p.name: p for p in zoo.plugins}
    assert status["broken"].status == "error"
    assert "cannot be imported" in status["broken"].error
    assert status["alpha"].status == "loaded"
    assert zoo.registry.get("sampler", "alpha-sampler").provider.distribution == "ganzoo-alpha"
    warning = capsys.readouterr().err
    assert "broken" in warning and "cannot be imported" in warning


def test_a_plugin_that_fails_while_registering_leaves_nothing_behind(distributions):
    distributions.add("ganzoo-half", {"half": FAILS_IN_REGISTRATION})
    zoo = load_zoo()
    half = next(p for p in zoo.plugins if p.name == "half")
    assert half.status == "error" and "sampler table is corrupt" in half.error
    assert zoo.registry.find("half-registered") == []
    assert half.registered == []
    assert "half" not in [zoo.manager.get_name(p) for p in zoo.manager.get_plugins()]


def test_the_same_name_from_two_plugins_is_an_error_naming_both_and_qualified_names_resolve(distributions):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")}, version="1.2")
    distributions.add("ganzoo-beta", {"beta": GOOD.format(who="beta")}, version="3.4")
    zoo = load_zoo()
    with pytest.raises(GanzooError) as caught:
        zoo.registry.get("loss", "shared-loss")
    message = str(caught.value)
    for expected in ("'alpha' (ganzoo-alpha 1.2)", "'beta' (ganzoo-beta 3.4)", "alpha:shared-loss", "beta:shared-loss"):
        assert expected in message
    assert zoo.registry.get("loss", "beta:shared-loss").description == "from beta"
    assert zoo.registry.get("loss", "alpha:shared-loss").provider.version == "1.2"


def test_two_distributions_claiming_one_plugin_name_load_the_first_and_report_the_second(distributions):
    distributions.add("ganzoo-first", {"twin": GOOD.format(who="first")})
    distributions.add("ganzoo-second", {"twin": GOOD.format(who="second")})
    zoo = load_zoo()
    twins = [p for p in zoo.plugins if p.name == "twin"]
    assert [p.status for p in twins] == ["loaded", "error"]
    assert "already taken" in twins[1].error and twins[0].distribution in twins[1].error


def test_the_allow_list_loads_only_the_named_plugins(distributions, monkeypatch):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    distributions.add("ganzoo-beta", {"beta": GOOD.format(who="beta")})
    monkeypatch.setenv("GANZOO_LOAD_PLUGINS", "beta")
    zoo = load_zoo()
    assert {p.name for p in zoo.plugins if p.status == "loaded"} == {"beta"}
    assert zoo.registry.get("loss", "shared-loss").provider.plugin == "beta"


def test_an_empty_allow_list_loads_nothing(distributions, monkeypatch):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    monkeypatch.setenv("GANZOO_LOAD_PLUGINS", "")
    zoo = load_zoo()
    assert len(zoo.registry) == 0
    assert all(p.status == "disabled" for p in zoo.plugins)


def test_the_deny_list_skips_the_named_plugins(distributions, monkeypatch):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    distributions.add("ganzoo-beta", {"beta": GOOD.format(who="beta")})
    monkeypatch.setenv("GANZOO_DISABLE_PLUGINS", "alpha, vanilla")
    zoo = load_zoo()
    status = {p.name: p.status for p in zoo.plugins}
    assert status["alpha"] == "disabled" and status["beta"] == "loaded"
    assert zoo.registry.find("alpha-sampler") == []
    if "vanilla" in status:
        assert zoo.registry.find("vanilla-mlp") == []


def test_registration_rejects_malformed_names_and_factories(distributions):
    distributions.add("ganzoo-sloppy", {"sloppy": """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("has:colon", "math:fabs")
"""})
    distributions.add("ganzoo-lazy", {"lazy": """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("no-factory", "not a reference")
"""})
    zoo = load_zoo()
    status = {p.name: p for p in zoo.plugins}
    assert "has:colon" in status["sloppy"].error
    assert "factory must be" in status["lazy"].error


def test_factories_given_as_strings_are_imported_only_when_built(distributions):
    distributions.add("ganzoo-later", {"later": """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    register("needs-missing-module", "module_that_is_not_installed:Sampler")
"""})
    zoo = load_zoo()
    entry = zoo.registry.get("sampler", "needs-missing-module")
    with pytest.raises(ModuleNotFoundError):
        entry.build()


def test_tracing_prints_each_hook_call_with_its_plugin(distributions, monkeypatch, capsys):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    monkeypatch.setenv("GANZOO_TRACE_PLUGINS", "1")
    load_zoo()
    lines = capsys.readouterr().err.splitlines()
    assert any("ganzoo_register_losses [alpha]" in line and line.endswith("ms") for line in lines)


def test_plugins_command_reports_status_and_registrations_as_json(distributions, cli):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")}, version="1.2")
    distributions.add("ganzoo-broken", {"broken": FAILS_ON_IMPORT})
    result = cli("plugins", "--json")
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    assert plugins["alpha"]["distribution"] == "ganzoo-alpha" and plugins["alpha"]["version"] == "1.2"
    assert plugins["alpha"]["status"] == "loaded"
    assert {"kind": "sampler", "name": "alpha-sampler"} in plugins["alpha"]["registered"]
    assert "ganzoo_register_losses" in plugins["alpha"]["hooks"]
    assert plugins["broken"]["status"] == "error" and "cannot be imported" in plugins["broken"]["error"]


MISSPELT_HOOK = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_loss(register):
    register("never-registered", "math:fabs")

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    register("typo-sampler", "math:fabs")
"""


def test_a_plugin_with_a_misspelt_hook_is_skipped_naming_the_hook_it_meant(distributions, capsys):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")})
    distributions.add("ganzoo-typo", {"typo": MISSPELT_HOOK})
    zoo = load_zoo()
    status = {p.name: p for p in zoo.plugins}
    typo = status["typo"]
    assert typo.status == "error"
    assert typo.error == "hook 'ganzoo_register_loss' matches no ganzoo hook specification; did you mean 'ganzoo_register_losses'?"
    assert zoo.registry.find("typo-sampler") == [] and typo.registered == []
    assert "typo" not in [zoo.manager.get_name(p) for p in zoo.manager.get_plugins()]
    assert status["alpha"].status == "loaded" and zoo.registry.get("sampler", "alpha-sampler")
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "typo" in line]
    assert line == f"warning: plugin 'typo' skipped: {typo.error}"


class Watcher:
    """Lifecycle hooks only, as the core's progress bar and sample grids have."""

    def __init__(self, calls: list[str], name: str) -> None:
        self.calls, self.name = calls, name

    @hookimpl
    def ganzoo_train_step(self, run, step, logs):
        self.calls.append(self.name)


class MisspeltWatcher:
    @hookimpl
    def ganzoo_train_steps(self, run, step, logs):
        raise AssertionError("never called")


def test_lifecycle_hooks_of_extra_and_observed_plugins_still_register_and_misspelt_ones_are_refused():
    calls: list[str] = []
    zoo = load_zoo(extra=[("extra", Watcher(calls, "extra")), ("misspelt", MisspeltWatcher())], environ={"GANZOO_LOAD_PLUGINS": ""})
    zoo.observe("observed", Watcher(calls, "observed"))
    status = {p.name: p for p in zoo.plugins}
    assert status["extra"].status == "loaded" and status["extra"].hooks == ["ganzoo_train_step"]
    assert status["misspelt"].status == "error"
    assert "'ganzoo_train_steps' matches no ganzoo hook specification; did you mean 'ganzoo_train_step'?" in status["misspelt"].error
    zoo.hook.ganzoo_train_step(run=None, step=1, logs={})
    assert sorted(calls) == ["extra", "observed"]


def test_the_count_of_available_parts_counts_each_part_once():
    registry = Registry([Entry("loss", name, Provider("mine")) for name in ("hinge", "wasserstein")])
    with pytest.raises(GanzooError) as caught:
        registry.get("loss", "zzzzzzzz")
    assert str(caught.value) == "unknown loss 'zzzzzzzz'; see 'ganzoo list loss' for the 2 available"


def test_a_lookup_that_names_a_disabled_or_broken_plugin_says_so(distributions, monkeypatch):
    distributions.add("ganzoo-alpha", {"alpha": GOOD.format(who="alpha")}, version="1.2")
    distributions.add("ganzoo-broken", {"broken": FAILS_ON_IMPORT})
    distributions.add("ganzoo-beta", {"beta": GOOD.format(who="beta")})
    monkeypatch.setenv("GANZOO_DISABLE_PLUGINS", "alpha")
    registry = load_zoo().registry
    with pytest.raises(GanzooError) as caught:
        registry.get("loss", "alpha:shared-loss")
    assert str(caught.value) == (
        "loss 'alpha:shared-loss' is not available: plugin 'alpha' (ganzoo-alpha 1.2) is disabled by "
        "GANZOO_DISABLE_PLUGINS; remove 'alpha' from it (or unset it) to load it"
    )
    with pytest.raises(GanzooError, match=r"plugin 'broken' \(ganzoo-broken 1.0\) failed to load: import failed: RuntimeError: "):
        registry.get("sampler", "broken:anything")
    with pytest.raises(GanzooError) as caught:
        registry.get("sampler", "qqqqqqqqqqqq")
    assert "; plugins not loaded, which may provide it: 'alpha' (disabled), 'broken' (failed to load)" in str(caught.value)
