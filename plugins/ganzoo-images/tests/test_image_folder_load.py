"""image-folder: finding, decoding, labelling and refusing the user's images."""

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import GanzooError
from ganzoo_images.image_folder import image_folder


def save(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (12, 8), mode: str = "RGB") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, colour if mode != "L" else colour[0]).save(path)
    return path


@pytest.fixture
def pets(tmp_path: Path) -> Path:
    """Two classes in sub-folders (one nested deeper), PNG and JPEG, plus a file that is no image."""
    root = tmp_path / "pets"
    save(root / "dogs" / "a.png", (255, 0, 0))
    save(root / "dogs" / "puppies" / "b.jpg", (250, 0, 0), size=(20, 30))
    save(root / "cats" / "c.png", (0, 0, 255))
    (root / "cats" / "notes.txt").write_text("not an image")
    return root


def test_sub_folders_are_sorted_into_labels(pets: Path) -> None:
    data = image_folder(data_dir=pets, size=8)
    assert data.samples.shape == (3, 3, 8, 8) and data.samples.dtype == torch.float32
    assert data.spec.shape == (3, 8, 8) and data.spec.num_classes == 2
    # files sorted by path: cats/c.png, dogs/a.png, dogs/puppies/b.jpg; cats → 0, dogs → 1
    assert data.labels.dtype == torch.int64 and data.labels.tolist() == [0, 1, 1]
    assert data.samples.min() >= -1.0 and data.samples.max() <= 1.0
    assert data.samples[0, 2].mean() > 0.9 and data.samples[0, 0].mean() < -0.9  # the blue cat
    assert "3 images" in data.source and "2 classes" in data.source and "cats, dogs" in data.source


def test_images_directly_in_the_folder_are_unlabelled(tmp_path: Path) -> None:
    for i in range(3):
        save(tmp_path / f"{i}.png", (i * 100, 0, 0))
    data = image_folder(data_dir=tmp_path, size=4)
    assert data.labels is None and data.spec.num_classes is None and len(data) == 3
    assert "unlabelled" in data.source


def test_a_single_sub_folder_is_unlabelled(tmp_path: Path) -> None:
    save(tmp_path / "faces" / "a.png", (1, 2, 3))
    save(tmp_path / "faces" / "b.png", (1, 2, 3))
    assert image_folder(data_dir=tmp_path, size=4).labels is None


def test_images_beside_the_class_folders_drop_the_labels_with_a_warning(pets: Path, capsys) -> None:
    save(pets / "loose.png", (0, 255, 0))
    data = image_folder(data_dir=pets, size=4)
    assert data.labels is None and len(data) == 4
    assert "1 image(s) beside its sub-folders" in capsys.readouterr().err


def test_the_shorter_side_is_resized_and_the_centre_cropped(tmp_path: Path) -> None:
    # 30 wide, 10 high: left third red, middle green, right third blue; the crop keeps the green.
    pixels = np.zeros((10, 30, 3), np.uint8)
    pixels[:, :10, 0] = pixels[:, 10:20, 1] = pixels[:, 20:, 2] = 255
    Image.fromarray(pixels).save(tmp_path / "wide.png")
    sample = image_folder(data_dir=tmp_path, size=5).samples[0]
    assert sample.shape == (3, 5, 5)
    # LANCZOS reads a little past the crop at its edges, so only nearly pure green there.
    assert sample[1].min() > 0.8 and sample[0].max() < -0.8 and sample[2].max() < -0.8


def test_greyscale_and_transparency(tmp_path: Path) -> None:
    save(tmp_path / "grey.png", (128, 0, 0), mode="L")
    save(tmp_path / "clear.png", (0, 0, 0, 0), mode="RGBA")  # fully transparent: white
    colour = image_folder(data_dir=tmp_path, size=4, channels=3)
    assert colour.samples.shape == (2, 3, 4, 4)
    assert colour.samples[0].unique().tolist() == [1.0]
    grey = image_folder(data_dir=tmp_path, size=4, channels=1)
    assert grey.samples.shape == (2, 1, 4, 4) and grey.spec.shape == (1, 4, 4)
    assert grey.samples[1].unique().tolist() == pytest.approx([128 / 127.5 - 1], abs=1e-6)


def test_sixteen_bit_greyscale_is_scaled_not_clipped(tmp_path: Path) -> None:
    Image.fromarray(np.full((4, 4), 32896, np.uint16)).save(tmp_path / "deep.png")  # 32896 = 128 * 257
    sample = image_folder(data_dir=tmp_path, size=4, channels=1).samples[0]
    assert sample.unique().tolist() == pytest.approx([128 / 127.5 - 1], abs=1e-6)


def test_a_corrupt_image_is_skipped_with_one_warning_naming_it(pets: Path, capsys) -> None:
    (pets / "dogs" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    data = image_folder(data_dir=pets, size=4)
    assert len(data) == 3 and data.labels.tolist() == [0, 1, 1]
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "dogs/broken.png" in warnings[0]
    assert "1 unreadable file(s) skipped" in data.source


def test_hidden_files_and_folders_are_ignored(pets: Path, capsys) -> None:
    (pets / "dogs" / "._a.png").write_bytes(b"resource fork")
    save(pets / ".thumbnails" / "x.png", (0, 0, 0))
    assert len(image_folder(data_dir=pets, size=4)) == 3
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("data_dir", "message"),
    [(None, "needs --data-dir DIR"), ("missing", "does not exist"), ("file.png", "is a file, not a folder")],
)
def test_a_missing_folder_is_a_clear_error(tmp_path: Path, data_dir, message: str) -> None:
    save(tmp_path / "file.png", (0, 0, 0))
    with pytest.raises(GanzooError, match=message):
        image_folder(data_dir=None if data_dir is None else tmp_path / data_dir)


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "readme.txt").write_text("no images here")
    with pytest.raises(GanzooError, match=f"{tmp_path} holds no images"):
        image_folder(data_dir=tmp_path)


def test_a_folder_of_unreadable_images_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"not a jpeg")
    with pytest.raises(GanzooError, match=r"none of the 1 image file\(s\) in .* could be read, e.g. a.jpg"):
        image_folder(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"channels": 4}, "channels must be 3"), ({"size": 0}, "at least 1 pixel"), ({"size": "big"}, "whole number"),
     ({"size": True}, "whole number"), ({"split": "test"}, "only a train split")],
)
def test_bad_options_are_clear_errors(pets: Path, options: dict, message: str) -> None:
    with pytest.raises(GanzooError, match=message):
        image_folder(data_dir=pets, **options)


def test_options_written_as_text_are_accepted(pets: Path) -> None:
    assert image_folder(data_dir=pets, size="6", channels="1").samples.shape == (3, 1, 6, 6)
