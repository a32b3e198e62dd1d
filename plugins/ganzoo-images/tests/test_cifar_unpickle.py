"""The restricted unpickler: plain data and numpy arrays load, anything that could run code does not."""

import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from ganzoo import GanzooError
from ganzoo_images import safe_pickle


class RunsACommand:
    def __reduce__(self):
        return (os.system, ("echo pwned > should-not-exist",))


def test_plain_data_and_arrays_load(tmp_path: Path) -> None:
    value = {b"data": np.arange(6, dtype=np.uint8).reshape(2, 3), b"labels": [1, 2], "name": "x", b"n": 3}
    path = tmp_path / "ok"
    path.write_bytes(pickle.dumps(value, protocol=3))
    loaded = safe_pickle.load(path)
    assert loaded[b"labels"] == [1, 2] and loaded["name"] == "x" and loaded[b"n"] == 3
    assert np.array_equal(loaded[b"data"], value[b"data"])


# {b"data": np.array([1, 2], np.uint8), b"labels": [1, 2]} as Python 2 with numpy 1 pickled it (protocol 2,
# byte strings as SHORT_BINSTRING), which is how the published batches are written.
PYTHON_2_BATCH = (
    b"\x80\x02}(U\x04data"
    b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85U\x01b\x87R"
    b"(K\x01K\x02\x85cnumpy\ndtype\nU\x02u1K\x00K\x01\x87R"
    b"(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89U\x02\x01\x02tb"
    b"U\x06labels](K\x01K\x02eu."
)


def test_the_batch_format_python_2_wrote_loads(tmp_path: Path) -> None:
    (tmp_path / "batch").write_bytes(PYTHON_2_BATCH)
    loaded = safe_pickle.load(tmp_path / "batch")
    assert loaded[b"labels"] == [1, 2]
    assert loaded[b"data"].dtype == np.uint8 and loaded[b"data"].tolist() == [1, 2]


def test_an_array_pickled_by_numpy_1_loads(tmp_path: Path) -> None:
    # numpy 1 names numpy.core.multiarray where numpy 2 names numpy._core.multiarray.
    value = np.arange(4, dtype=np.uint8)
    data = pickle.dumps(value, protocol=3).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    (tmp_path / "old").write_bytes(data)
    assert np.array_equal(safe_pickle.load(tmp_path / "old"), value)


def test_a_pickle_that_calls_os_system_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil"
    path.write_bytes(pickle.dumps({b"data": RunsACommand()}, protocol=3))
    with pytest.raises(GanzooError, match=rf"refused to unpickle {path}: it refers to (posix|os|nt)\.system"):
        safe_pickle.load(path)
    assert not (tmp_path / "should-not-exist").exists()


@pytest.mark.parametrize("protocol", [0, 2, 5])
def test_builtins_that_run_code_are_refused_in_any_protocol(tmp_path: Path, protocol: int) -> None:
    class Evaluates:
        def __reduce__(self):
            return (eval, ("1 + 1",))

    path = tmp_path / "evil"
    path.write_bytes(pickle.dumps(Evaluates(), protocol=protocol))
    with pytest.raises(GanzooError, match=r"(__builtin__|builtins)\.eval"):
        safe_pickle.load(path)


def test_a_damaged_pickle_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cut"
    path.write_bytes(pickle.dumps({b"labels": list(range(100))}, protocol=3)[:50])
    with pytest.raises(GanzooError, match=f"{path} is not a readable pickle"):
        safe_pickle.load(path)
