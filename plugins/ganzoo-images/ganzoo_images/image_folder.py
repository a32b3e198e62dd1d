"""``image-folder``: the user's own images, decoded once into the cache.

Every file under ``--data-dir`` whose extension Pillow can open is found, recursively (names that
start with a dot are skipped). Each image is turned upright by its EXIF orientation, laid on white
where it is transparent, and resized so that its shorter side is ``size`` and centre-cropped to
``size``×``size`` in one LANCZOS step, in RGB (``channels=3``) or greyscale (``channels=1``).

When the images lie in two or more sub-folders and none directly in the folder, each top-level
sub-folder is a class: sorted by name, they are labels 0 to K-1. Otherwise the data is unlabelled.

Decoding is slow for big folders, so it happens once: the pixels are written, as they are decoded,
into ``<ganzoo cache>/image-folder/<key>.npy``, an uncompressed uint8 array, with the files that
could not be read listed beside it in ``<key>.json``. The key hashes each file's relative path, size
and modification time together with ``size`` and ``channels``. Adding, removing or editing an image
changes the key, and the folder is decoded afresh; otherwise later runs only open that file. Of
several processes that miss the same cache at once (the ranks of a ``torchrun`` job) one decodes
while the others wait for its file.

Training reads the file a batch at a time (:class:`ganzoo.pixels.PixelFile`), so a folder larger
than memory trains in the memory of one batch, whatever its size, and each process of a
``torchrun`` job reads only its own rows. Where the cache cannot be written, the pixels are decoded
into memory instead, as 8-bit values.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ganzoo import DataSpec, GanzooError, InMemoryData, console, paths
from ganzoo.pixels import PixelFile, Pixels

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

CACHE_FORMAT = 2  # part of every cache key: bump it when decoding or the cache's layout changes
DECODED_AT_ONCE = 256  # images decoded before their rows are written out
NPY_HEADER_BYTES = 128  # the cache file's header, written last, when the number of readable images is known
HOW = "the folder of your images (PNG, JPEG, ...), with one sub-folder per class for labels"
NAMED_IN_WARNINGS = 3


@dataclass(frozen=True)
class ImageFile:
    """One candidate image: its path relative to the folder, its size in bytes and its mtime."""

    relative: str  # POSIX-style, so that the cache key is the same on every system
    size: int
    mtime_ns: int

    @property
    def class_folder(self) -> str | None:
        """The top-level sub-folder it lies in; None for a file directly in the folder."""
        parts = PurePosixPath(self.relative).parts
        return parts[0] if len(parts) > 1 else None


@dataclass(frozen=True)
class Decoded:
    """What is cached: the pixels of the readable images and which files they came from."""

    pixels: np.ndarray | PixelFile  # uint8 (M, C, size, size), in memory or in the cache file
    kept: np.ndarray  # int64 (M,): index into the sorted file list of each image
    skipped: Sequence[str]  # "relative/path (reason)" of each unreadable file


def image_folder(data_dir: Path | None = None, split: str = "train", size: int = 64, channels: int = 3) -> InMemoryData:
    """The images under ``data_dir``, ``(N, channels, size, size)``, as 8-bit :class:`Pixels` that
    stand for ``value / 127.5 - 1`` in [-1, 1]."""
    size, channels = _whole("size", size), _whole("channels", channels)
    if size < 1:
        raise GanzooError(f"image-folder's size must be at least 1 pixel, got {size}")
    if channels not in (1, 3):
        raise GanzooError(f"image-folder's channels must be 3 (colour) or 1 (greyscale), got {channels}")
    if split != "train":
        raise GanzooError(f"image-folder has only a train split (every image in the folder), not {split!r}")
    root = _check_root(data_dir)
    files = scan(root)
    if not files:
        raise GanzooError(f"{root} holds no images; put PNG or JPEG files in it ({HOW})")
    classes = class_names(root, files)

    decoded = load_or_decode(root, files, size, channels)
    if decoded.skipped:
        named = ", ".join(decoded.skipped[:NAMED_IN_WARNINGS])
        more = len(decoded.skipped) - NAMED_IN_WARNINGS
        console.warn(f"skipped {len(decoded.skipped)} unreadable image(s) in {root}: {named}" + (f" and {more} more" if more > 0 else ""))

    labels = None
    if classes is not None:
        index = {name: i for i, name in enumerate(classes)}
        labels = torch.tensor([index[files[i].class_folder] for i in decoded.kept.tolist()], dtype=torch.int64)
    pixels = decoded.pixels if isinstance(decoded.pixels, PixelFile) else torch.from_numpy(decoded.pixels)
    return InMemoryData(
        samples=Pixels(pixels),
        labels=labels,
        spec=DataSpec(shape=(channels, size, size), value_range=(-1.0, 1.0), num_classes=len(classes) if classes else None),
        source=describe(root, decoded, classes, channels, size),
    )


def scan(root: Path) -> list[ImageFile]:
    """Every regular file under ``root`` with an extension Pillow opens, sorted by relative path.

    Special files named like images (named pipes, devices, sockets), which reading could wait on
    forever, are skipped with a warning, as unreadable images are."""
    extensions = {ext for ext, fmt in Image.registered_extensions().items() if fmt in Image.OPEN}
    found, special = [], []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in extensions:
                continue
            path = Path(folder, name)
            try:
                status = path.stat()
            except OSError:  # a dangling link
                continue
            relative = path.relative_to(root).as_posix()
            if not stat.S_ISREG(status.st_mode):
                special.append(f"{relative} ({_special_kind(status.st_mode)})")
                continue
            found.append(ImageFile(relative, status.st_size, status.st_mtime_ns))
    if special:
        special.sort()
        named = ", ".join(special[:NAMED_IN_WARNINGS])
        more = len(special) - NAMED_IN_WARNINGS
        console.warn(f"skipped {len(special)} special file(s) in {root} that are not images but are named like them: {named}"
                     + (f" and {more} more" if more > 0 else ""))
    return sorted(found, key=lambda f: f.relative)


def _special_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def class_names(root: Path, files: Sequence[ImageFile]) -> list[str] | None:
    """The sorted top-level sub-folders when they are classes (see the module docstring), else None."""
    folders = sorted({f.class_folder for f in files if f.class_folder is not None})
    if len(folders) < 2:
        return None
    loose = sum(f.class_folder is None for f in files)
    if loose:
        console.warn(
            f"{root} holds {loose} image(s) beside its sub-folders, so the images are used without class"
            " labels; move them into a sub-folder to get one label per sub-folder"
        )
        return None
    return folders


def cache_key(files: Sequence[ImageFile], size: int, channels: int) -> str:
    listing = [[f.relative, f.size, f.mtime_ns] for f in files]
    text = json.dumps({"format": CACHE_FORMAT, "size": size, "channels": channels, "files": listing})
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def decode_all(root: Path, files: Sequence[ImageFile], size: int, channels: int, *,
               decoder: Callable[[Path, int, int], np.ndarray] | None = None, depth: int | None = None,
               what: str = "images") -> Decoded:
    """Decode every file into memory (see :func:`decoded_in_order`). ``decoder(path, size,
    channels)`` gives one file's ``(depth, size, size)`` uint8 pixels (:func:`decode` and
    ``channels`` by default; a plugin may decode files its own way)."""
    pixels, readable, skipped = [], [], []
    for chunk, ok, problems in decoded_in_order(root, files, size, channels, decoder=decoder, depth=depth, what=what):
        pixels.append(chunk[ok])
        readable.append(ok)
        skipped += problems
    kept = _kept(root, np.concatenate(readable), skipped)
    return Decoded(pixels=np.concatenate(pixels), kept=kept, skipped=skipped)


def decode_into_cache(root: Path, files: Sequence[ImageFile], size: int, channels: int, path: Path) -> Decoded:
    """Decode every file straight into the cache file ``path`` (a ``.npy``; the unreadable files
    go to the ``.json`` beside it), holding no more than :data:`DECODED_AT_ONCE` images in memory.
    Both are written atomically; ``OSError`` when they cannot be."""
    with _replacing(path) as out:
        out.write(bytes(NPY_HEADER_BYTES))
        readable, skipped = [], []
        for chunk, ok, problems in decoded_in_order(root, files, size, channels):
            out.write(chunk[ok].tobytes())
            readable.append(ok)
            skipped += problems
        kept = _kept(root, np.concatenate(readable), skipped)
        out.seek(0)
        out.write(npy_header((len(kept), channels, size, size)))
        unreadable = np.setdiff1d(np.arange(len(files)), kept).tolist()
        with _replacing(_index_path(path)) as index:
            index.write(json.dumps({"skipped": list(zip(unreadable, skipped))}).encode())
    return Decoded(pixels=PixelFile.open(path), kept=kept, skipped=skipped)


def decoded_in_order(root: Path, files: Sequence[ImageFile], size: int, channels: int, *,
                     decoder: Callable[[Path, int, int], np.ndarray] | None = None, depth: int | None = None,
                     what: str = "images") -> Iterator[tuple[np.ndarray, np.ndarray, list[str]]]:
    """Decode the files on a few threads (Pillow decodes without holding the GIL), with a progress
    bar on stderr, and yield them in order, :data:`DECODED_AT_ONCE` at a time: their pixels, which
    of them were readable, and ``"relative/path (reason)"`` for each that was not."""
    decoder = decoder or decode

    def work(i: int) -> np.ndarray | str:
        try:
            return decoder(root / files[i].relative, size, channels)
        except Exception as exc:  # Pillow's parsers fail on damaged files in many ways; each is "unreadable"
            return f"{files[i].relative} ({_reason(exc)})"

    console.err.print(f"decoding {len(files):,} {what} from {root} into the cache (done once)", highlight=False, soft_wrap=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    pool = ThreadPoolExecutor(min(8, os.cpu_count() or 1))
    try:
        with Progress(*columns, console=console.err) as progress:
            task = progress.add_task("decoding", total=len(files))
            for start in range(0, len(files), DECODED_AT_ONCE):
                count = min(DECODED_AT_ONCE, len(files) - start)
                chunk = np.empty((count, depth or channels, size, size), dtype=np.uint8)
                ok, problems = np.zeros(count, dtype=bool), []
                for offset, result in enumerate(pool.map(work, range(start, start + count))):
                    if isinstance(result, str):
                        problems.append(result)
                    else:
                        chunk[offset], ok[offset] = result, True
                    progress.advance(task)
                yield chunk, ok, problems
    finally:
        pool.shutdown(cancel_futures=True)  # on Ctrl-C, do not decode the rest first


def _kept(root: Path, readable: np.ndarray, skipped: Sequence[str]) -> np.ndarray:
    """The indices of the readable files; none readable is an error."""
    if not readable.any():
        raise GanzooError(f"none of the {len(readable)} image file(s) in {root} could be read, e.g. {skipped[0]}")
    return np.flatnonzero(readable).astype(np.int64)


def npy_header(shape: tuple[int, ...]) -> bytes:
    """A ``.npy`` (version 1.0) header for C-ordered uint8 of ``shape``, :data:`NPY_HEADER_BYTES` long."""
    text = repr({"descr": "|u1", "fortran_order": False, "shape": shape}).encode("latin1")
    room = NPY_HEADER_BYTES - 10  # after the magic string, the version and the length
    if len(text) >= room:
        raise ValueError(f"the shape {shape} does not fit a {NPY_HEADER_BYTES}-byte header")
    return b"\x93NUMPY\x01\x00" + room.to_bytes(2, "little") + text.ljust(room - 1) + b"\n"


def decode(path: Path, size: int, channels: int) -> np.ndarray:
    """One image as uint8 ``(channels, size, size)``: upright, on white, shorter side resized to
    ``size`` and centre-cropped."""
    _check_regular(path)
    with Image.open(path) as image:
        image.draft("RGB" if channels == 3 else "L", (size, size))  # JPEG: decode at a smaller scale, still ≥ size
        return fit(_eight_bit(ImageOps.exif_transpose(image)), size, channels)


def fit(image: Image.Image, size: int, channels: int) -> np.ndarray:
    """An open, upright 8-bit image as uint8 ``(channels, size, size)``: on white, shorter side
    resized to ``size`` and centre-cropped."""
    alpha = image.has_transparency_data
    image = image.convert("RGBA" if alpha else "RGB" if channels == 3 else "L")
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) / 2, (height - side) / 2
    image = image.resize((size, size), Image.Resampling.LANCZOS, box=(left, top, left + side, top + side), reducing_gap=3.0)
    if alpha:
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    array = np.asarray(image.convert("RGB" if channels == 3 else "L"), dtype=np.uint8)
    return array[None] if channels == 1 else array.transpose(2, 0, 1)


def _check_regular(path: Path) -> None:
    """Refuse a ``path`` that is not a regular file (anymore: the scan skips the others), before
    Pillow opens it and waits forever on a named pipe. The check opens it without waiting."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
    finally:
        os.close(descriptor)
    if not stat.S_ISREG(mode):
        raise OSError(f"{_special_kind(mode)}, not an image file")


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale scaled down to 8 bits (Pillow's own conversion would clip it)."""
    if image.mode.startswith("I;16") or (image.mode == "I" and image.getextrema()[1] > 255):
        return image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    return image


def load_or_decode(root: Path, files: Sequence[ImageFile], size: int, channels: int) -> Decoded:
    """The folder's pixels from the cache, else decoded into it (into memory where it cannot be written)."""
    path = paths.cache_dir() / "image-folder" / f"{cache_key(files, size, channels)}.npy"
    decoded = read_pixel_cache(path, len(files), size, channels)
    if decoded is not None:
        return decoded
    try:
        with _decoding_alone(path):
            # Another process may have written it while this one waited (each rank of a torchrun job).
            decoded = read_pixel_cache(path, len(files), size, channels)
            return decoded or decode_into_cache(root, files, size, channels, path)
    except OSError as exc:
        console.warn(f"could not write the cache file {path} ({exc}); decoding the images into memory, and again next time")
        return decode_all(root, files, size, channels)


def read_pixel_cache(path: Path, count: int, size: int, channels: int) -> Decoded | None:
    """The ``.npy`` cache of :func:`decode_into_cache`, opened for reading a batch at a time, or
    None when there is none or it does not fit (then it is redone)."""
    index_path = _index_path(path)
    if not (path.is_file() and index_path.is_file()):
        return None
    try:
        pixels = PixelFile.open(path)
        unreadable = json.loads(index_path.read_text())["skipped"]
        where, skipped = [int(i) for i, _ in unreadable], [str(reason) for _, reason in unreadable]
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        console.warn(f"ignoring the unreadable cache file {path} ({exc}); decoding the images again")
        return None
    kept = np.setdiff1d(np.arange(count, dtype=np.int64), where)
    fits = (pixels.shape[1:] == (channels, size, size) and len(pixels) == len(kept) == count - len(where)
            and all(0 <= i < count for i in where))
    if not fits:
        console.warn(f"ignoring the cache file {path}, which does not match the folder; decoding the images again")
        return None
    return Decoded(pixels=pixels, kept=kept, skipped=skipped)


def read_cache(path: Path, count: int, size: int, channels: int) -> Decoded | None:
    """A ``.npz`` cache of :func:`write_cache`, read into memory, or None when there is none or it
    does not fit (then it is redone)."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            decoded = Decoded(pixels=stored["pixels"], kept=stored["kept"], skipped=stored["skipped"].tolist())
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        console.warn(f"ignoring the unreadable cache file {path} ({exc}); decoding the images again")
        return None
    fits = (
        decoded.pixels.dtype == np.uint8
        and decoded.pixels.shape[1:] == (channels, size, size)
        and decoded.kept.shape == (len(decoded.pixels),)
        and decoded.kept.dtype == np.int64
        and (not len(decoded.kept) or (decoded.kept.min() >= 0 and decoded.kept.max() < count))
    )
    if not fits:
        console.warn(f"ignoring the cache file {path}, which does not match the folder; decoding the images again")
        return None
    return decoded


def write_cache(path: Path, decoded: Decoded) -> None:
    """Write in-memory pixels as a ``.npz`` atomically; a cache that cannot be written only costs
    decoding again next time."""
    try:
        with _replacing(path) as out:
            np.savez(out, pixels=decoded.pixels, kept=decoded.kept, skipped=np.array(decoded.skipped, dtype=str))
    except OSError as exc:
        console.warn(f"could not write the cache file {path} ({exc}); the images will be decoded again next time")


@contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file that replaces ``path`` once written in full, and is removed if writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


@contextmanager
def _decoding_alone(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<key>.lock`` beside the cache file, so that of several processes
    missing the same cache (the ranks of one job, two jobs on one folder) one decodes and the others
    wait for its file. Where the system has no ``flock`` (Windows) each process decodes on its own,
    which is safe, as every cache file is replaced atomically. ``OSError`` when the lock file cannot
    be created."""
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            console.err.print("waiting for another process that is decoding this folder into the cache", highlight=False)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _index_path(path: Path) -> Path:
    return path.with_suffix(".json")


def describe(root: Path, decoded: Decoded, classes: list[str] | None, channels: int, size: int) -> str:
    text = f"{len(decoded.kept):,} images from {root}, resized and centre-cropped to {channels}×{size}×{size}"
    if classes is None:
        text += ", unlabelled"
    else:
        shown = ", ".join(classes[:10]) + (", ..." if len(classes) > 10 else "")
        text += f", {len(classes)} classes from its sub-folders ({shown})"
    if decoded.skipped:
        text += f"; {len(decoded.skipped)} unreadable file(s) skipped"
    return text


def _check_root(data_dir: Path | None) -> Path:
    if data_dir is None:
        raise GanzooError(f"image-folder needs --data-dir DIR: {HOW}")
    root = Path(data_dir).expanduser()
    if not root.exists():
        raise GanzooError(f"--data-dir {root} does not exist; give {HOW}")
    if not root.is_dir():
        raise GanzooError(f"--data-dir {root} is a file, not a folder; give {HOW}")
    return root


def _whole(name: str, value: object) -> int:
    """An option as a whole number (a string of digits is fine: options may come from text)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise GanzooError(f"image-folder's {name} must be a whole number, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise GanzooError(f"image-folder's {name} must be a whole number, got {value!r}") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnidentifiedImageError):
        return "not an image Pillow can read"
    return str(exc) or type(exc).__name__
