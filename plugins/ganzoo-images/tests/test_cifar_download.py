"""Getting CIFAR-10's archive from a local HTTP server, and unpacking archives safely."""

import hashlib
import tarfile
from pathlib import Path

import pytest

from ganzoo import GanzooError
from ganzoo.download import mirrors, mirrors_variable
from ganzoo_images import archive, cifar
from ganzoo_images.cifar import cifar10


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch, server) -> None:
    monkeypatch.delenv("GANZOO_OFFLINE")
    monkeypatch.setenv(mirrors_variable("cifar10"), server.url)


def serve_archive(server, monkeypatch: pytest.MonkeyPatch, content: bytes, md5_of: bytes | None = None) -> None:
    (server.root / cifar.ARCHIVE).write_bytes(content)
    monkeypatch.setattr(cifar, "MD5", hashlib.md5(content if md5_of is None else md5_of).hexdigest())


def test_the_archive_is_downloaded_checked_unpacked_and_removed(online, server, fakes, monkeypatch) -> None:
    serve_archive(server, monkeypatch, fakes.cifar_tarball(label=6))
    data = cifar10()
    assert data.labels.tolist() == [6, 0] * 5 and data.samples.shape == (10, 3, 32, 32)
    assert server.requests == [f"/{cifar.ARCHIVE}"]
    assert sorted(p.name for p in cifar.cache_folder().parent.iterdir()) == [cifar.FOLDER]
    cifar10(split="test")  # now from the cache
    assert len(server.requests) == 1


def test_a_wrong_checksum_leaves_nothing_behind(online, server, fakes, monkeypatch) -> None:
    serve_archive(server, monkeypatch, fakes.cifar_tarball(), md5_of=b"something else")
    with pytest.raises(GanzooError, match=f"could not download {cifar.ARCHIVE} .*MD5 is .*, expected"):
        cifar10()
    folder = cifar.cache_folder().parent
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_refused_connection_is_a_clear_error(online, closed_port_url: str, monkeypatch) -> None:
    monkeypatch.setenv(mirrors_variable("cifar10"), closed_port_url)
    with pytest.raises(GanzooError) as caught:
        cifar10()
    assert "refused" in str(caught.value) and cifar.ARCHIVE in str(caught.value) and "--data-dir" in str(caught.value)


def test_the_mirrors_variable_is_tried_in_order(online, server, fakes, closed_port_url: str, monkeypatch) -> None:
    serve_archive(server, monkeypatch, fakes.cifar_tarball(label=2))
    monkeypatch.setenv(mirrors_variable("cifar10"), f"{closed_port_url}, {server.url}")
    assert mirrors("cifar10", cifar.MIRRORS) == (closed_port_url, server.url)
    assert int(cifar10().labels[0]) == 2


def test_the_default_mirror_is_the_cifar_page() -> None:
    assert [m + cifar.ARCHIVE for m in mirrors("cifar10", cifar.MIRRORS)] == ["https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"]
    assert cifar.MD5 == "c58f30108f718f92721af3b95e74349a"


@pytest.mark.parametrize(
    "member", ["../escaped", "/tmp/absolute", "cifar-10-batches-py/../../escaped", "elsewhere/data_batch_1"]
)
def test_a_member_outside_the_folder_refuses_the_archive(tmp_path: Path, fakes, member: str) -> None:
    tarball = tmp_path / "bad.tar.gz"
    tarball.write_bytes(fakes.tar_bytes({"cifar-10-batches-py/test_batch": b"x", member: b"pwned"}))
    with pytest.raises(GanzooError, match=f"refused to unpack {tarball}: its member .* lies outside"):
        archive.extract_folder(tarball, "cifar-10-batches-py", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "escaped").exists()


def test_a_link_refuses_the_archive(tmp_path: Path, fakes) -> None:
    tarball = tmp_path / "bad.tar.gz"
    tarball.write_bytes(fakes.tar_bytes({}, links={"cifar-10-batches-py/test_batch": "/etc/passwd"}))
    with pytest.raises(GanzooError, match="is a link or a device"):
        archive.extract_folder(tarball, "cifar-10-batches-py", tmp_path / "out")


def test_a_path_traversal_archive_served_for_download_is_refused(online, server, fakes, monkeypatch) -> None:
    serve_archive(server, monkeypatch, fakes.tar_bytes({"../../escaped": b"pwned"}))
    with pytest.raises(GanzooError, match="lies outside"):
        cifar10()
    assert list(cifar.cache_folder().parent.iterdir()) == []  # the archive is not kept either


def test_a_damaged_archive_is_a_clear_error(tmp_path: Path) -> None:
    tarball = tmp_path / "cut.tar.gz"
    tarball.write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(GanzooError, match=f"could not unpack {tarball}"):
        archive.extract_folder(tarball, "cifar-10-batches-py", tmp_path / "out")


def test_an_archive_without_the_folder_is_refused(tmp_path: Path, fakes) -> None:
    tarball = tmp_path / "empty.tar.gz"
    tarball.write_bytes(fakes.tar_bytes({}))
    with pytest.raises(GanzooError, match="holds no cifar-10-batches-py/ folder"):
        archive.extract_folder(tarball, "cifar-10-batches-py", tmp_path / "out")
    assert tarfile.is_tarfile(tarball)
