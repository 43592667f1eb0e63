#!/usr/bin/env python3
"""How long creating a site's worth of folders and files takes, normally and just after
deleting as many: the effect bench/build_bench.py avoids by deleting old output after its runs.

    python bench/disk_after_delete.py [--files 7000] [--waits 0 30 60]

Each round creates FILES folders holding a 16 KB index.html (as a site does), deletes them,
`sync`s, waits, and times creating them again. Prints wall and kernel (sys) seconds.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent / "out" / "disk-probe"


def create(root: Path, files: int) -> tuple[float, float]:
    data = b"x" * 16000
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_stime
    for group in range(0, files, 350):
        os.makedirs(root / str(group))
        for number in range(group, min(group + 350, files)):
            os.mkdir(root / str(group) / str(number))
            descriptor = os.open(root / str(group) / str(number) / "index.html",
                                 os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(descriptor, data)
            os.close(descriptor)
    return (time.perf_counter() - start,
            resource.getrusage(resource.RUSAGE_SELF).ru_stime - before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=7000)
    parser.add_argument("--waits", type=int, nargs="+", default=[0, 30, 60])
    args = parser.parse_args()
    shutil.rmtree(HERE, ignore_errors=True)
    for wait in args.waits:
        time.sleep(60)  # start each round from a quiet disk
        wall, kernel = create(HERE / "quiet", args.files)
        shutil.rmtree(HERE / "quiet")
        subprocess.run(["sync"], check=False)
        time.sleep(wait)
        wall_after, kernel_after = create(HERE / "after", args.files)
        print(f"quiet: {wall:.2f} s ({kernel:.2f} s kernel); {wait} s after deleting "
              f"{args.files}: {wall_after:.2f} s ({kernel_after:.2f} s kernel)", flush=True)
        shutil.rmtree(HERE / "after")
    shutil.rmtree(HERE, ignore_errors=True)


if __name__ == "__main__":
    main()
