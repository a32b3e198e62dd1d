"""image-pairs, image-domains and image-sr: the user's pictures, with one-line errors for folders
that cannot make pairs or domains."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from ganzoo import GanzooError
from ganzoo.testing import check_dataset
from ganzoo_pairs.folders import image_domains, image_pairs, image_sr

RED, GREEN, BLUE, WHITE, GREY = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (51, 102, 153)


def colour(images: torch.Tensor) -> list[tuple[int, ...]]:
    """The colour of each plain image, back in 0-255."""
    return [tuple(round((v + 1) * 127.5) for v in image.mean(dim=(1, 2)).tolist()) for image in images]


@pytest.fixture
def pairs(tmp_path: Path, helpers) -> Path:
    """A/ and B/ whose names match, one pair with different extensions, one in a sub-folder."""
    root = tmp_path / "pairs"
    helpers.save(root / "A" / "cat.png", RED)
    helpers.save(root / "B" / "cat.bmp", BLUE)
    helpers.save(root / "A" / "dog.png", GREEN)
    helpers.save(root / "B" / "dog.png", WHITE, size=(16, 16))  # twice as big: the same proportions line up
    helpers.save(root / "A" / "more" / "emu.png", GREY)
    helpers.save(root / "B" / "more" / "emu.png", RED)
    return root


def test_folders_a_and_b_pair_up_by_name(pairs: Path) -> None:
    data = check_dataset("image-pairs", data_dir=pairs, options={"size": 4})
    assert data.samples.shape == (3, 3, 4, 4) and data.fields["input"].shape == (3, 3, 4, 4)
    assert data.labels is None and data.spec.num_classes is None
    # sorted by name: cat, dog, more/emu
    assert colour(data.fields["input"]) == [RED, GREEN, GREY] and colour(data.samples) == [BLUE, WHITE, RED]
    assert data.spec.metadata["pairing"] == "paired" and data.spec.metadata["direction"] == "a2b"
    assert "3 pairs from" in data.source and "input A, target B" in data.source


def test_b2a_swaps_input_and_target(pairs: Path) -> None:
    data = image_pairs(data_dir=pairs, size=4, direction="b2a")
    assert colour(data.fields["input"]) == [BLUE, WHITE, RED] and colour(data.samples) == [RED, GREEN, GREY]
    assert data.spec.metadata["direction"] == "b2a"


def test_greyscale_pairs(pairs: Path) -> None:
    data = check_dataset("image-pairs", data_dir=pairs, options={"size": 2, "channels": 1})
    assert data.samples.shape == (3, 1, 2, 2)


def test_side_by_side_pictures_are_split_in_halves(tmp_path: Path, helpers) -> None:
    helpers.save_side_by_side(tmp_path / "1.png", RED, BLUE)
    helpers.save_side_by_side(tmp_path / "2.png", GREEN, WHITE, half=(6, 10))
    data = check_dataset("image-pairs", data_dir=tmp_path, options={"size": 4})
    assert colour(data.fields["input"]) == [RED, GREEN] and colour(data.samples) == [BLUE, WHITE]
    assert data.spec.metadata["layout"] == "side by side" and "2 side-by-side pairs" in data.source


def test_an_odd_width_drops_the_middle_column(tmp_path: Path, helpers) -> None:
    from PIL import Image

    image = Image.new("RGB", (9, 4), RED)
    image.paste(Image.new("RGB", (1, 4), GREEN), (4, 0))  # the middle column belongs to neither half
    image.paste(Image.new("RGB", (4, 4), BLUE), (5, 0))
    image.save(tmp_path / "odd.png")
    data = image_pairs(data_dir=tmp_path, size=4)
    assert colour(data.fields["input"]) == [RED] and colour(data.samples) == [BLUE]


def test_pix2pix_folders_train_and_val_are_the_splits(tmp_path: Path, helpers) -> None:
    helpers.save_side_by_side(tmp_path / "train" / "1.png", RED, BLUE)
    helpers.save_side_by_side(tmp_path / "train" / "2.png", RED, BLUE)
    helpers.save_side_by_side(tmp_path / "val" / "1.png", GREEN, WHITE)
    assert len(image_pairs(data_dir=tmp_path, size=4)) == 2
    assert colour(image_pairs(data_dir=tmp_path, split="test", size=4).samples) == [WHITE]


def test_a_missing_partner_names_the_lonely_images_with_their_count(pairs: Path, helpers) -> None:
    for name in ("fox", "gnu", "hen", "owl"):
        helpers.save(pairs / "A" / f"{name}.png", RED)
    helpers.save(pairs / "B" / "yak.png", RED)
    with pytest.raises(GanzooError) as caught:
        image_pairs(data_dir=pairs, size=4)
    message = str(caught.value)
    assert "4 image(s) in A/ have no partner in B/ (fox, gnu, hen and 1 more)" in message
    assert "1 image(s) in B/ have no partner in A/ (yak)" in message
    assert "same name in A/ and B/ (the extension may differ)" in message and "\n" not in message


def test_mismatched_sizes_are_refused(pairs: Path, helpers) -> None:
    helpers.save(pairs / "B" / "cat.bmp", BLUE, size=(8, 6))
    with pytest.raises(GanzooError, match=r"1 pair\(s\) in .* have images of mismatched sizes: cat \(A 8×8, B 8×6\); "
                                          r"the two images of a pair must be the same size"):
        image_pairs(data_dir=pairs, size=4)


def test_a_name_used_twice_in_a_domain_is_refused(pairs: Path, helpers) -> None:
    helpers.save(pairs / "A" / "cat.bmp", RED)
    with pytest.raises(GanzooError, match=r"1 name\(s\) in .*A belong to more than one image \(cat.bmp, cat.png\)"):
        image_pairs(data_dir=pairs, size=4)


@pytest.mark.parametrize("factory", [image_pairs, image_domains])
def test_an_empty_domain_folder_is_refused(pairs: Path, factory) -> None:
    for path in sorted((pairs / "B").rglob("*.*"), reverse=True):
        path.unlink()
    with pytest.raises(GanzooError, match=r"domain B is empty: .*B holds no images"):
        factory(data_dir=pairs, size=4)


@pytest.mark.parametrize("factory", [image_pairs, image_domains])
def test_a_missing_domain_folder_is_refused(tmp_path: Path, helpers, factory) -> None:
    helpers.save(tmp_path / "trainB" / "x.png", RED)
    with pytest.raises(GanzooError, match=r"domain A is empty: .* has the folder trainB/ but no trainA/"):
        factory(data_dir=tmp_path, size=4)


def test_an_empty_folder_of_side_by_side_pictures_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no pictures here")
    with pytest.raises(GanzooError, match=r"holds no images \(and no sub-folders A/ and B/\)"):
        image_pairs(data_dir=tmp_path)


@pytest.mark.parametrize("factory", [image_pairs, image_domains, image_sr])
def test_no_data_dir_says_what_to_give(factory) -> None:
    with pytest.raises(GanzooError, match=r"needs --data-dir DIR: a folder"):
        factory()


def test_a_pair_with_an_unreadable_image_is_left_out_with_a_warning(pairs: Path, capsys) -> None:
    (pairs / "B" / "dog.png").write_bytes(b"not a png")
    data = image_pairs(data_dir=pairs, size=4)
    assert colour(data.fields["input"]) == [RED, GREY]
    err = " ".join(capsys.readouterr().err.split())
    assert "skipped 1 unreadable image(s)" in err and "left out 1 pair(s)" in err and "dog" in err


def test_pairs_are_decoded_once_into_the_cache(pairs: Path, helpers, capsys) -> None:
    first = image_pairs(data_dir=pairs, size=4)
    assert "decoding 6 images" in capsys.readouterr().err
    again = image_pairs(data_dir=pairs, size=4)
    assert "decoding" not in capsys.readouterr().err
    assert torch.equal(first.samples, again.samples) and torch.equal(first.fields["input"], again.fields["input"])
    helpers.save(pairs / "B" / "cat.bmp", GREEN, size=(4, 4))  # an edited file: decoded afresh
    assert colour(image_pairs(data_dir=pairs, size=4).samples)[0] == GREEN
    assert "decoding 6 images" in capsys.readouterr().err


def test_image_domains_are_unpaired_with_any_counts(tmp_path: Path, helpers) -> None:
    for i, c in enumerate((RED, GREEN, BLUE)):
        helpers.save(tmp_path / "A" / f"a{i}.png", c)
    for i in range(5):
        helpers.save(tmp_path / "B" / f"other{i}.jpg" if i else tmp_path / "B" / "x.png", WHITE, size=(10 + i, 7))
    data = check_dataset("image-domains", data_dir=tmp_path, options={"size": 4})
    assert len(data) == 5 and data.labels is None
    assert sorted(colour(data.fields["a"])).count(RED) in (1, 2)  # the three of A repeated to five rows
    assert set(colour(data.fields["a"])) == {RED, GREEN, BLUE}
    assert data.spec.metadata["pairing"] == "unpaired" and data.spec.metadata["count_a"] == 3
    assert len(image_domains(data_dir=tmp_path, size=4, balance="truncate")) == 3


def test_image_domains_read_cyclegan_folders_and_their_test_split(tmp_path: Path, helpers) -> None:
    helpers.save(tmp_path / "trainA" / "1.png", RED)
    helpers.save(tmp_path / "trainB" / "1.png", BLUE)
    helpers.save(tmp_path / "testA" / "1.png", GREEN)
    helpers.save(tmp_path / "testB" / "1.png", WHITE)
    assert colour(image_domains(data_dir=tmp_path, size=4).samples) == [BLUE]
    test = image_domains(data_dir=tmp_path, split="test", size=4)
    assert colour(test.fields["a"]) == [GREEN] and colour(test.samples) == [WHITE]


def test_image_domains_without_domain_folders_says_what_to_make(tmp_path: Path, helpers) -> None:
    helpers.save(tmp_path / "loose.png", RED)
    with pytest.raises(GanzooError, match=r"image-domains needs the sub-folders A/ and B/ \(or trainA/ and trainB/\) in"):
        image_domains(data_dir=tmp_path)


def test_image_sr_keeps_class_labels_and_shrinks_by_area(tmp_path: Path, helpers) -> None:
    from PIL import Image

    for name, c in (("cats", RED), ("dogs", BLUE)):
        helpers.save(tmp_path / name / "1.png", c, size=(16, 16))
    Image.effect_noise((16, 16), 60).convert("RGB").save(tmp_path / "dogs" / "noise.png")
    data = check_dataset("image-sr", data_dir=tmp_path, options={"size": 16})
    assert data.samples.shape == (3, 3, 16, 16) and data.fields["low"].shape == (3, 3, 4, 4)
    assert data.labels.tolist() == [0, 1, 1] and data.spec.num_classes == 2
    assert torch.allclose(data.fields["low"], F.avg_pool2d(data.samples, 4), atol=1e-6)
    assert data.spec.metadata["factor"] == 4


def test_image_sr_needs_a_size_the_factor_divides(tmp_path: Path, helpers) -> None:
    helpers.save(tmp_path / "1.png", RED)
    with pytest.raises(GanzooError, match="image-sr: factor 4 does not divide the size 30"):
        image_sr(data_dir=tmp_path, size=30)


@pytest.mark.parametrize(("options", "message"), [
    ({"direction": "sideways"}, "direction must be one of a2b, b2a"),
    ({"channels": 2}, "channels must be 3 .* or 1"),
    ({"size": "big"}, "size must be a whole number"),
    ({"split": "validation"}, "unknown split 'validation'"),
])
def test_bad_options_are_refused(pairs: Path, options, message) -> None:
    with pytest.raises(GanzooError, match=message):
        image_pairs(data_dir=pairs, **options)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_among_side_by_side_pictures_is_skipped_not_waited_on(tmp_path: Path, helpers) -> None:
    helpers.save_side_by_side(tmp_path / "real.png", RED, BLUE)
    os.mkfifo(tmp_path / "pipe.png")
    code = f"""
        from ganzoo_pairs.folders import _decode_halves, image_pairs
        from pathlib import Path
        print(len(image_pairs(data_dir={str(tmp_path)!r}, size=4)))
        try:
            _decode_halves(Path({str(tmp_path / "pipe.png")!r}), 4, 3)
        except OSError as exc:
            print("refused:", exc)
    """
    env = {**os.environ, "COLUMNS": "300"}
    try:
        result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=30, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("reading the folder hung on a named pipe")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1", "refused: a named pipe, not an image file"]
    assert "pipe.png (a named pipe)" in " ".join(result.stderr.split())
