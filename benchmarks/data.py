"""Memory and throughput of the data path on an image folder that grows.

For each size (1,000, 10,000 and 50,000 images by default) the script writes a folder of 64×64
colour PNGs of random shapes (discs, boxes and triangles on a random background; written once and
reused when ``--folders`` keeps them), then measures, each time in a fresh process:

- **cold**: an empty cache, so the process scans and decodes the folder into the cache, then takes
  one epoch of batches: the first epoch's batches per second count the decoding;
- **warm**: the cache from the cold run, so the process reads it, takes a first epoch (batches per
  second counting the load) and then later epochs, timed alone over at least three seconds.

Batches are taken as training takes them: ``image-folder`` built by its plugin, then
:class:`ganzoo.training.batches.Batches` on the chosen device, ``--batch-size`` images a batch
(each batch is turned into a float tensor on the device and waited for). Peak memory is the
process's peak resident set (``ru_maxrss``), which counts everything the process held at once,
the interpreter and torch included.

    python benchmarks/data.py [--sizes 1000 10000 50000] [--batch-size 64] [--device cpu] [--folders DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = 64  # pixels a side
SEED = 0
LATER_SECONDS = 3.0  # later epochs are timed over at least this long


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--folders", type=Path, help="keep the generated folders here and reuse them (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--measure", nargs=3, metavar=("FOLDER", "CACHE", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        folder, cache, kind = args.measure
        print(json.dumps(measure(Path(folder), Path(cache), kind, args.batch_size, args.device)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folders = args.folders or Path(scratch) / "folders"
        rows = []
        for count in args.sizes:
            folder = make_folder(folders / f"{count}", count)
            cache = Path(scratch) / f"cache-{count}"
            for kind in ("cold", "warm"):
                row = {"images": count, "kind": kind, **in_fresh_process(folder, cache, kind, args)}
                print(format_row(row), flush=True)
                rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


def make_folder(folder: Path, count: int) -> Path:
    """``count`` PNGs of random shapes in ``folder``, unless a complete set is there already."""
    done = folder / ".complete"
    if done.is_file():
        return folder
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    chance = random.Random(f"{SEED}-{count}")
    started = time.perf_counter()
    for i in range(count):
        image = Image.new("RGB", (SIZE, SIZE), tuple(chance.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(chance.randint(1, 4)):
            colour = tuple(chance.randrange(256) for _ in range(3))
            x0, y0 = chance.randrange(SIZE - 8), chance.randrange(SIZE - 8)
            x1, y1 = chance.randrange(x0 + 8, SIZE + 1), chance.randrange(y0 + 8, SIZE + 1)
            shape = chance.randrange(3)
            if shape == 0:
                draw.ellipse((x0, y0, x1, y1), fill=colour)
            elif shape == 1:
                draw.rectangle((x0, y0, x1, y1), fill=colour)
            else:
                draw.polygon([(x0, y1), (x1, y1), ((x0 + x1) // 2, y0)], fill=colour)
        image.save(folder / f"{i:06d}.png")
    done.touch()
    print(f"wrote {count:,} images into {folder} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


def in_fresh_process(folder: Path, cache: Path, kind: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--measure", str(folder), str(cache), kind,
               "--batch-size", str(args.batch_size), "--device", args.device]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, cache: Path, kind: str, batch_size: int, device_name: str) -> dict:
    """In this process: load the folder through its plugin, then take epochs of batches."""
    os.environ["GANZOO_CACHE_DIR"] = str(cache)
    import torch

    from ganzoo.plugins import load_zoo
    from ganzoo.registry import resolve_factory
    from ganzoo.training.batches import Batches

    device = torch.device(device_name)
    dataset = load_zoo().registry.get("dataset", "image-folder")
    resolve_factory(dataset.factory)  # imports the plugin's module before the clock starts
    started = time.perf_counter()
    data = dataset.build(data_dir=folder, size=SIZE, channels=3)
    batches = Batches(data, batch_size, SEED, device)
    take_epoch(batches, device)
    result = {"first_epoch_batches_per_s": batches.per_epoch / (time.perf_counter() - started)}
    if kind == "warm":
        result["later_epoch_batches_per_s"] = later_epochs(batches, device)
    batches.close()
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def later_epochs(batches, device, seconds: float = LATER_SECONDS) -> float:
    """Batches per second over whole later epochs, as many as fill ``seconds`` (at least one)."""
    count, spent = 0, 0.0
    while spent < seconds:
        spent += take_epoch(batches, device)
        count += batches.per_epoch
    return count / spent


def take_epoch(batches, device) -> float:
    """Seconds to take one epoch of batches, each waited for."""
    import torch

    started = time.perf_counter()
    for _ in range(batches.per_epoch):
        batch = batches.next()
        float(batch["sample"][0, 0, 0, 0])  # waits for the batch on any device
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter() - started


def format_row(row: dict) -> str:
    later = row.get("later_epoch_batches_per_s")
    return (f"{row['images']:>7,} images  {row['kind']:<4}  peak RSS {row['peak_rss_mib']:8.0f} MiB  "
            f"first epoch {row['first_epoch_batches_per_s']:9.1f} batches/s"
            + (f"  later epoch {later:9.1f} batches/s" if later is not None else ""))


if __name__ == "__main__":
    main()
