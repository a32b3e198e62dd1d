"""Downloads against a local HTTP server: verified, atomic, mirror after mirror."""

import hashlib
from pathlib import Path

import pytest

from ganzoo.download import Unavailable, download_file

CONTENT = b"not really gzip, but bytes with a known checksum\n" * 1000
MD5 = hashlib.md5(CONTENT).hexdigest()
NAME = "train-labels-idx1-ubyte.gz"


def test_a_good_file_lands_in_the_folder(server, tmp_path: Path) -> None:
    (server.root / NAME).write_bytes(CONTENT)
    path = download_file(NAME, [server.url], tmp_path / "cache", MD5)
    assert path == tmp_path / "cache" / NAME
    assert path.read_bytes() == CONTENT
    assert [p.name for p in path.parent.iterdir()] == [NAME]


def test_a_wrong_checksum_leaves_nothing_behind(server, tmp_path: Path) -> None:
    (server.root / NAME).write_bytes(CONTENT[:-1])
    folder = tmp_path / "cache"
    with pytest.raises(Unavailable, match=f"could not download {NAME} .*MD5 is .*, expected {MD5}"):
        download_file(NAME, [server.url], folder, MD5)
    assert list(folder.iterdir()) == []


def test_a_wrong_checksum_moves_on_to_the_next_mirror(server, tmp_path: Path) -> None:
    (server.root / "bad").mkdir()
    (server.root / "bad" / NAME).write_bytes(b"tampered")
    (server.root / "good").mkdir()
    (server.root / "good" / NAME).write_bytes(CONTENT)
    path = download_file(NAME, [server.url + "bad/", server.url + "good"], tmp_path / "cache", MD5)
    assert path.read_bytes() == CONTENT
    assert server.requests == [f"/bad/{NAME}", f"/good/{NAME}"]
    assert [p.name for p in path.parent.iterdir()] == [NAME]


def test_a_refused_connection_moves_on_to_the_next_mirror(server, closed_port_url: str, tmp_path: Path) -> None:
    (server.root / NAME).write_bytes(CONTENT)
    assert download_file(NAME, [closed_port_url, server.url], tmp_path, MD5).read_bytes() == CONTENT


def test_when_every_mirror_fails_each_reason_is_given(server, closed_port_url: str, tmp_path: Path) -> None:
    with pytest.raises(Unavailable) as caught:
        download_file(NAME, [closed_port_url, server.url], tmp_path / "cache", MD5)
    message = str(caught.value)
    assert f"{closed_port_url}{NAME}: " in message and "refused" in message
    assert f"{server.url}{NAME}: HTTP Error 404" in message
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


def test_no_mirrors_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match="no mirrors are configured"):
        download_file(NAME, [], tmp_path, MD5)
