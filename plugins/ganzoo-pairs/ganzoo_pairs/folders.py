"""The user's own pictures from ``--data-dir``: ``image-pairs``, ``image-domains`` and ``image-sr``.

Images are found, opened and decoded by ganzoo-images' ``image-folder`` machinery, with its rules:
only regular files with an extension Pillow opens are read (names starting with a dot and special
files such as named pipes are skipped, the latter with a warning), each is turned upright by its
EXIF orientation, laid on white where transparent, resized so that its shorter side is ``size`` and
centre-cropped to ``size``×``size`` in colour (``channels=3``) or greyscale (``channels=1``), and
unreadable files are skipped with one warning. The pixels are decoded once, into
``<ganzoo cache>/<dataset>/<key>.npz``, keyed by every file's path, byte size and modification time
with ``size`` and ``channels``; later loads of the same files read only that file.

Layouts (``split="train"``; ``split="test"`` reads ``testA/``+``testB/``, or ``test/`` or ``val/``):

- two domain folders: ``A/`` and ``B/``, or CycleGAN's ``trainA/`` and ``trainB/``, searched
  recursively. For ``image-pairs`` an image of ``A/`` pairs with the image of ``B/`` at the same
  relative path, extension aside (``A/x.png`` with ``B/x.jpg``); every image needs its partner,
  and the two must have the same size or at least the same proportions (a crop of different
  proportions would not line them up). For ``image-domains`` names and counts do not matter.
- side by side (``image-pairs`` only, when there are no domain folders): every image under the folder
  (or its ``train/`` sub-folder, as pix2pix's datasets are laid out) holds A in its left half and B
  in its right half; with an odd width the middle column is dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import numpy as np
import torch
from PIL import Image, ImageOps

from ganzoo import GanzooError, InMemoryData, console, paths
from ganzoo_images.image_folder import (
    NAMED_IN_WARNINGS,
    Decoded,
    ImageFile,
    _check_regular,
    _eight_bit,
    cache_key,
    decode_all,
    fit,
    image_folder,
    read_cache,
    scan,
    write_cache,
)
from ganzoo_pairs import common, sr

CACHE_FORMAT = 1  # part of every cache key: bump it when the decoding here changes
SPLITS = ("train", "test")
HOW_PAIRS = (
    "a folder holding the sub-folders A/ and B/, whose images pair up by name (A/x.png with B/x.jpg), or a folder"
    " of side-by-side pictures (A in the left half, B in the right half)"
)
HOW_DOMAINS = "a folder holding the sub-folders A/ and B/ of images, one sub-folder per domain (any names, any counts)"
HOW_SR = "a folder of your images (PNG, JPEG, ...)"
EXIF_ORIENTATION, SIDEWAYS = 0x0112, (5, 6, 7, 8)  # EXIF orientations that swap width and height


def image_pairs(data_dir: Path | None = None, split: str = "train", size: int = 64, channels: int = 3,
                direction: str = "a2b") -> InMemoryData:
    """The user's pairs: ``"input"`` is A and ``"sample"`` B (``direction="a2b"``), or the reverse."""
    size, channels = common.size_and_channels("image-pairs", size, channels)
    direction = common.choice("image-pairs", "direction", direction, common.DIRECTIONS)
    _check_split("image-pairs", split)
    root = _check_root("image-pairs", data_dir, HOW_PAIRS)
    domains = _domain_dirs("image-pairs", root, split)
    if domains is not None:
        a, b, source, layout = _pairs_from_folders(root, *domains, size, channels)
    else:
        a, b, source, layout = _pairs_side_by_side(root, split, size, channels)
    if direction == "b2a":
        a, b = b, a
    shape = (channels, size, size)
    spec = common.paired_spec(shape, shape, None, direction=direction, layout=layout,
                              domain_a=f"your images A ({layout})", domain_b=f"your images B ({layout})")
    way = "input A, target B" if direction == "a2b" else "input B, target A"
    return InMemoryData(samples=_to_float(b), labels=None, spec=spec, source=f"{source}; {way}",
                        fields=common.frozen({common.INPUT: _to_float(a)}))


def image_domains(data_dir: Path | None = None, split: str = "train", size: int = 64, channels: int = 3,
                  balance: str = "repeat") -> InMemoryData:
    """The user's two unpaired domains: ``"a"`` from ``A/``, ``"sample"`` from ``B/``."""
    size, channels = common.size_and_channels("image-domains", size, channels)
    balance = common.choice("image-domains", "balance", balance, common.BALANCES)
    _check_split("image-domains", split)
    root = _check_root("image-domains", data_dir, HOW_DOMAINS)
    domains = _domain_dirs("image-domains", root, split)
    if domains is None:
        wanted = "A/ and B/ (or trainA/ and trainB/)" if split == "train" else f"{split}A/ and {split}B/"
        raise GanzooError(f"image-domains needs the sub-folders {wanted} in {root}: {HOW_DOMAINS}")
    a_dir, b_dir = domains
    files_a, files_b = _scan_domain("image-domains", root, a_dir, "A"), _scan_domain("image-domains", root, b_dir, "B")
    decoded = _decoded("image-domains", root, [*files_a, *files_b], size, channels, check=None)
    where = _where(decoded, len(files_a) + len(files_b))
    where_a, where_b = where[: len(files_a)], where[len(files_a):]
    a, b = decoded.pixels[where_a[where_a >= 0]], decoded.pixels[where_b[where_b >= 0]]
    for name, folder, pixels, files in (("A", a_dir, a, files_a), ("B", b_dir, b, files_b)):
        if not len(pixels):
            raise GanzooError(f"image-domains: domain {name} is empty: none of the {len(files)} image(s) in {folder} could be read")
    rows_a, rows_b = common.unpaired_rows(torch.from_numpy(a), torch.from_numpy(b), balance)
    shape = (channels, size, size)
    spec = common.unpaired_spec(shape, shape, balance, count_a=len(a), count_b=len(b), layout="domain folders",
                                domain_a=f"your images in {a_dir.name}/", domain_b=f"your images in {b_dir.name}/")
    source = (f"your images from {a_dir} (A) and {b_dir} (B), resized and centre-cropped to {channels}×{size}×{size}: "
              f"{len(a):,} in A, {len(b):,} in B, {common.describe_rows(len(a), len(b), len(rows_b), balance)}")
    return InMemoryData(samples=_to_float(rows_b), labels=None, spec=spec, source=source,
                        fields=common.frozen({common.DOMAIN_A: _to_float(rows_a)}))


def image_sr(data_dir: Path | None = None, split: str = "train", size: int = 64, channels: int = 3, factor: int = 4,
             downsampling: str = "area") -> InMemoryData:
    """Super-resolution pairs of the user's images, read as ``image-folder`` reads them (class
    sub-folders give labels): ``"sample"`` C×size×size, ``"low"`` C×size/f×size/f."""
    size, channels = common.size_and_channels("image-sr", size, channels)
    factor = common.factor_option("image-sr", factor)
    downsampling = common.choice("image-sr", "downsampling", downsampling, common.DOWNSAMPLINGS)
    if size % factor:
        raise GanzooError(f"image-sr: factor {factor} does not divide the size {size}; pick a size that is a multiple of {factor}")
    common.only_train("image-sr", split, "every image in the folder")
    root = _check_root("image-sr", data_dir, HOW_SR)
    data = image_folder(data_dir=root, split=split, size=size, channels=channels)
    return sr.super_resolution(data, factor, downsampling, name="image-sr")


# --- two domain folders ---------------------------------------------------------------------------


def _domain_dirs(dataset: str, root: Path, split: str) -> tuple[Path, Path] | None:
    """The two domain folders of ``split``, or None when there are none (a lone one is an error)."""
    names = [(f"{split}A", f"{split}B")] + ([("A", "B")] if split == "train" else [])
    for a_name, b_name in names:
        a_dir, b_dir = root / a_name, root / b_name
        if a_dir.is_dir() or b_dir.is_dir():
            for domain, (present, missing) in (("A", (b_dir, a_dir)), ("B", (a_dir, b_dir))):
                if not missing.is_dir():
                    raise GanzooError(f"{dataset}: domain {domain} is empty: {root} has the folder {present.name}/ but no "
                                      f"{missing.name}/; put domain {domain}'s images in {missing}")
            return a_dir, b_dir
    return None


def _scan_domain(dataset: str, root: Path, folder: Path, domain: str) -> list[ImageFile]:
    """The images under ``folder``, with paths relative to ``root`` (so that A's and B's differ)."""
    found = scan(folder)
    if not found:
        raise GanzooError(f"{dataset}: domain {domain} is empty: {folder} holds no images (PNG, JPEG, ...)")
    return [ImageFile(f"{folder.name}/{f.relative}", f.size, f.mtime_ns) for f in found]


def _pairs_from_folders(root: Path, a_dir: Path, b_dir: Path, size: int, channels: int
                        ) -> tuple[np.ndarray, np.ndarray, str, str]:
    by_name_a = _by_name(root, a_dir, _scan_domain("image-pairs", root, a_dir, "A"))
    by_name_b = _by_name(root, b_dir, _scan_domain("image-pairs", root, b_dir, "B"))
    lonely_a, lonely_b = sorted(by_name_a.keys() - by_name_b.keys()), sorted(by_name_b.keys() - by_name_a.keys())
    if lonely_a or lonely_b:
        problems = []
        if lonely_a:
            problems.append(f"{len(lonely_a)} image(s) in {a_dir.name}/ have no partner in {b_dir.name}/ ({_few(lonely_a)})")
        if lonely_b:
            problems.append(f"{len(lonely_b)} image(s) in {b_dir.name}/ have no partner in {a_dir.name}/ ({_few(lonely_b)})")
        raise GanzooError(f"image-pairs: {' and '.join(problems)} in {root}; the two images of a pair must have the same "
                          "name in A/ and B/ (the extension may differ)")
    names = sorted(by_name_a)
    files = [by_name_a[name] for name in names] + [by_name_b[name] for name in names]
    decoded = _decoded("image-pairs", root, files, size, channels, check=lambda: _check_sizes(root, names, files))
    where = _where(decoded, len(files))
    both = (where[: len(names)] >= 0) & (where[len(names):] >= 0)
    if not both.any():
        raise GanzooError(f"image-pairs: none of the {len(names)} pairs in {root} has two readable images")
    if not both.all():
        dropped = [names[i] for i in np.flatnonzero(~both)]
        console.warn(f"left out {len(dropped)} pair(s) of {root} whose other image is unreadable: {_few(dropped)}")
    a, b = decoded.pixels[where[: len(names)][both]], decoded.pixels[where[len(names):][both]]
    source = (f"{len(a):,} pairs from {a_dir} (A) and {b_dir} (B), matched by name, resized and centre-cropped to "
              f"{channels}×{size}×{size}")
    return a, b, source, "domain folders matched by name"


def _by_name(root: Path, folder: Path, files: Sequence[ImageFile]) -> dict[str, ImageFile]:
    """Each image by its path inside its domain folder without the extension; a name used twice
    (``x.png`` and ``x.jpg``) cannot be paired and is an error."""
    found: dict[str, list[ImageFile]] = {}
    for f in files:
        found.setdefault(PurePosixPath(*PurePosixPath(f.relative).parts[1:]).with_suffix("").as_posix(), []).append(f)
    twice = sorted(name for name, same in found.items() if len(same) > 1)
    if twice:
        shown = "; ".join(", ".join(PurePosixPath(f.relative).name for f in found[name]) for name in twice[:NAMED_IN_WARNINGS])
        raise GanzooError(f"image-pairs: {len(twice)} name(s) in {folder} belong to more than one image ({shown}"
                          f"{' and more' if len(twice) > NAMED_IN_WARNINGS else ''}); images pair up by name, so keep one of each")
    return {name: same[0] for name, same in found.items()}


def _check_sizes(root: Path, names: Sequence[str], files: Sequence[ImageFile]) -> None:
    """Refuse pairs whose two images differ in proportions (each is centre-cropped to a square, so the
    crops would not line up); the same size, or the same proportions at another scale, is fine.
    Images whose header cannot be read are left to decoding, which skips them."""
    mismatched = []
    for i, name in enumerate(names):
        a, b = _image_size(root / files[i].relative), _image_size(root / files[len(names) + i].relative)
        if a is not None and b is not None and not _in_proportion(a, b):
            mismatched.append(f"{name} (A {a[0]}×{a[1]}, B {b[0]}×{b[1]})")
    if mismatched:
        raise GanzooError(f"image-pairs: {len(mismatched)} pair(s) in {root} have images of mismatched sizes: {_few(mismatched)}; "
                          "the two images of a pair must be the same size (or the same proportions) to line up")


def _image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) as the image will be seen (after EXIF rotation), from its header alone."""
    try:
        _check_regular(path)
        with Image.open(path) as image:
            width, height = image.size
            if image.getexif().get(EXIF_ORIENTATION) in SIDEWAYS:
                width, height = height, width
            return width, height
    except Exception:  # unreadable: decoding will skip it and say why
        return None


def _in_proportion(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Same proportions, give or take the rounding of one pixel."""
    return abs(a[0] * b[1] - b[0] * a[1]) <= max(*a, *b)


# --- side by side ---------------------------------------------------------------------------------


def _pairs_side_by_side(root: Path, split: str, size: int, channels: int) -> tuple[np.ndarray, np.ndarray, str, str]:
    folder = _split_folder(root, split)
    files = scan(folder)
    if not files:
        raise GanzooError(f"image-pairs: {folder} holds no images (and no sub-folders A/ and B/); give {HOW_PAIRS}")
    decoded = _decoded("image-pairs", folder, files, size, channels, check=None, halves=True)
    source = (f"{len(decoded.kept):,} side-by-side pairs from {folder} (A left, B right), each half resized and "
              f"centre-cropped to {channels}×{size}×{size}")
    return decoded.pixels[:, :channels], decoded.pixels[:, channels:], source, "side by side"


def _split_folder(root: Path, split: str) -> Path:
    """pix2pix's datasets keep ``train/``, ``val/`` and ``test/`` side by side; a plain folder is
    the train split."""
    for name in (("train",) if split == "train" else ("test", "val")):
        if (root / name).is_dir():
            return root / name
    if split == "train":
        return root
    raise GanzooError(f"image-pairs: {root} has no test split: put its pairs in {root / 'test'} (side by side) or in "
                      f"{root / 'testA'} and {root / 'testB'}")


def _decode_halves(path: Path, size: int, channels: int) -> np.ndarray:
    """A side-by-side picture as uint8 ``(2 × channels, size, size)``: its left half's channels,
    then its right half's, each fitted as ``image-folder`` fits a whole image."""
    _check_regular(path)
    with Image.open(path) as image:
        image = _eight_bit(ImageOps.exif_transpose(image))
        width, height = image.size
        half = width // 2
        if half < 1:
            raise ValueError(f"{width}×{height} pixels is too narrow to hold two pictures side by side")
        halves = (image.crop((0, 0, half, height)), image.crop((width - half, 0, width, height)))
        return np.concatenate([fit(part, size, channels) for part in halves])


def _decode_all_halves(root: Path, files: Sequence[ImageFile], size: int, channels: int) -> Decoded:
    """``decode_all`` for side-by-side pictures: each file gives both halves, ``2 × channels`` deep."""
    return decode_all(root, files, size, channels, decoder=_decode_halves, depth=2 * channels, what="side-by-side pictures")


# --- shared ---------------------------------------------------------------------------------------


def _decoded(dataset: str, root: Path, files: Sequence[ImageFile], size: int, channels: int, *, check,
             halves: bool = False) -> Decoded:
    """The pixels of ``files`` from the cache, else checked (``check()``, skipped on a cache hit:
    the same files passed it before the cache was written), decoded and cached."""
    kind = f"{dataset}{'-side-by-side' if halves else ''}"
    key = hashlib.sha256(f"{kind}/{CACHE_FORMAT}/{cache_key(files, size, channels)}".encode()).hexdigest()[:32]
    path = paths.cache_dir() / dataset / f"{key}.npz"
    stored_channels = 2 * channels if halves else channels
    decoded = read_cache(path, len(files), size, stored_channels)
    if decoded is None:
        if check is not None:
            check()
        decoded = (_decode_all_halves if halves else decode_all)(root, files, size, channels)
        write_cache(path, decoded)
    if decoded.skipped:
        console.warn(f"skipped {len(decoded.skipped)} unreadable image(s) in {root}: {_few(list(decoded.skipped))}")
    return decoded


def _where(decoded: Decoded, count: int) -> np.ndarray:
    """For each of the ``count`` files, its row in ``decoded.pixels``, or -1 when it was unreadable."""
    where = np.full(count, -1, dtype=np.int64)
    where[decoded.kept] = np.arange(len(decoded.kept))
    return where


def _to_float(pixels: np.ndarray | torch.Tensor) -> torch.Tensor:
    tensor = torch.from_numpy(pixels) if isinstance(pixels, np.ndarray) else pixels
    return tensor.to(torch.float32).div_(127.5).sub_(1.0)


def _few(names: Sequence[str]) -> str:
    more = len(names) - NAMED_IN_WARNINGS
    return ", ".join(names[:NAMED_IN_WARNINGS]) + (f" and {more} more" if more > 0 else "")


def _check_split(dataset: str, split: str) -> None:
    if split not in SPLITS:
        raise GanzooError(f"{dataset}: unknown split {split!r}; choose one of: {', '.join(SPLITS)}")


def _check_root(dataset: str, data_dir: Path | None, how: str) -> Path:
    if data_dir is None:
        raise GanzooError(f"{dataset} needs --data-dir DIR: {how}")
    root = Path(data_dir).expanduser()
    if not root.exists():
        raise GanzooError(f"--data-dir {root} does not exist; {dataset} needs {how}")
    if not root.is_dir():
        raise GanzooError(f"--data-dir {root} is a file, not a folder; {dataset} needs {how}")
    return root
