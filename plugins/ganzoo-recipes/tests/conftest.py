"""The models this plugin declares, and the zoo they are looked up in. A test that takes a
``model_name`` argument runs once for every declared model."""

import pytest

from ganzoo.plugins import Zoo, load_zoo
from ganzoo.recipe import Recipe
from ganzoo_recipes import plugin


def declared_models() -> dict[str, Recipe]:
    found = {}

    def register(name, recipe, *, description=""):
        assert description
        found[name] = recipe

    plugin.ganzoo_register_models(register)
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "model_name" in metafunc.fixturenames:
        metafunc.parametrize("model_name", sorted(declared_models()))


@pytest.fixture
def declared() -> dict[str, Recipe]:
    return declared_models()


@pytest.fixture(scope="session")
def zoo() -> Zoo:
    return load_zoo()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test downloads data or touches the user's cache."""
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
