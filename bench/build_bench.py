#!/usr/bin/env python3
"""Build benchmark: thidua against Hugo and Material for MkDocs' blog plugin, on the same posts.

    python bench/build_bench.py [--sizes 1000 5000 10000] [--repeat 3] [--no-reference] [--no-hugo]

For each size N it writes the corpus (bench/make_corpus.py, the same N gives the same files)
and measures, for thidua:
  cold     no site/ and no .cache/ (after `sync`, so the previous run's writes are on disk;
           earlier output is moved aside and deleted at the end, see move_aside)
  nothing  a rebuild with nothing changed
  one edit a rebuild after a sentence is added to one post (the edit is then undone)
then Hugo (`apt-get install hugo`) building the same posts converted by bench/hugo.py, cold (no
public/, no resources/), with and without related posts on post pages (see bench/hugo.py for
what its theme renders), each cold build right after one of thidua's so that both meet the same
machine; and, as the reference, Material's blog plugin building the same posts (cold, no
search).
Each figure is the best of --repeat runs (this machine's disk is noisy); peak memory is the
largest sum of the proportional set size (PSS) of the build's processes, sampled every 50 ms
in one more cold build (sampling costs CPU, so timed runs of thidua go without it);
size is the apparent size of the output. Results print as a Markdown table, ratio to the
reference last, and are kept in bench/out/results.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
OUT = BENCH / "out"
EDIT = "\nMột câu được thêm vào để đo lần dựng lại sau khi sửa một bài.\n"


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def run(command: list[str], cwd: Path = REPO, memory: bool = True) -> tuple[float, int]:
    """(seconds, peak PSS in MB) of a command; it must succeed. Sampling the memory reads
    /proc for every process of the build 20 times a second, which takes CPU from a build
    that uses both cores: timed runs of thidua go without it (memory=False, peak 0)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(pss_kb(pid) for pid in descendants(process.pid)))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    if memory:
        sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.decode()}\n{err.decode()}")
    return seconds, peak // 1024


def apparent_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def settle() -> None:
    """Let the previous run's writes reach the disk, so runs do not pay for each other."""
    subprocess.run(["sync"], check=False)
    time.sleep(1)


TRASH = OUT / "trash"
RECOVERY_SECONDS = 90


def move_aside(path: Path) -> None:
    """Take away a previous run's output without deleting it: on this machine's disk (ext4
    mounted with `discard`), creating files in the minute after deleting ten thousand costs
    up to 1.4 ms of kernel time each, ten times the usual, whoever creates them. Everything
    moved aside is deleted once the whole run is over (clear_trash)."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        os.rename(path, TRASH / f"{path.parent.name}-{path.name}-{time.time_ns()}")


def clear_trash(wait: bool) -> None:
    """Delete what was moved aside. With `wait` (before measuring), first let the disk
    recover from any deletion of the last minute and a half, this run's or an earlier one's."""
    cleared = OUT / "trash-cleared"  # when the last deletion ended
    if TRASH.exists():
        shutil.rmtree(TRASH)
        subprocess.run(["sync"], check=False)
        cleared.write_text(str(time.time()))
    if wait and cleared.exists():
        time.sleep(max(0.0, float(cleared.read_text()) + RECOVERY_SECONDS - time.time()))


def corpus_stamp(n: int) -> str:
    """The corpus generator's source and N: a corpus with the same stamp is the same files."""
    source = (BENCH / "make_corpus.py").read_bytes()
    return f"{n} {hashlib.sha256(source).hexdigest()}"


def ensure_corpus(n: int) -> None:
    """Write the corpus and the blog of the same posts, unless they are there already as the
    generator writes them now (rewriting 10,000 files would slow what follows, see above)."""
    stamp_file = BENCH / f"corpus-{n}" / ".corpus-stamp"
    if (stamp_file.exists() and stamp_file.read_text() == corpus_stamp(n)
            and (BENCH / f"blog-{n}" / "mkdocs.yml").exists()):
        return
    for folder in (BENCH / f"corpus-{n}", BENCH / f"blog-{n}"):
        move_aside(folder)
    subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), str(n), "--blog",
                    str(BENCH / f"blog-{n}")], check=True, stdout=subprocess.DEVNULL)
    stamp_file.write_text(corpus_stamp(n))


def thidua(n: int, repeat: int) -> dict:
    corpus = BENCH / f"corpus-{n}"
    build = [sys.executable, str(REPO / "build.py"), "build", "-f", str(corpus / "mkdocs.yml")]
    edited = sorted((corpus / "content/posts").glob("*.md"))[n // 2]
    original = edited.read_bytes()
    cold, nothing, edit = [], [], []
    for _ in range(repeat):
        move_aside(corpus / "site")
        move_aside(corpus / ".cache")
        settle()
        cold.append(run(build, memory=False)[0])
        settle()
        nothing.append(run(build, memory=False)[0])
        edited.write_bytes(original + EDIT.encode())
        try:
            settle()
            edit.append(run(build, memory=False)[0])
        finally:
            edited.write_bytes(original)
    # One more cold build, for its memory alone (the most any build takes).
    move_aside(corpus / "site")
    move_aside(corpus / ".cache")
    settle()
    peak = run(build)[1]
    return {"cold": min(cold), "nothing": min(nothing), "edit": min(edit), "peak_mb": peak,
            "site_mb": apparent_mb(corpus / "site"),
            "pages": sum(1 for _ in (corpus / "site").rglob("index.html"))}


def hugo(n: int, repeat: int) -> dict:
    """Hugo's cold builds of the same posts, each right after a cold build of thidua: the
    ratio of each pair (seconds apart) is kept, as well as the best of each."""
    from hugo import build_hugo, make_hugo_site

    corpus = BENCH / f"corpus-{n}"
    sites = {True: make_hugo_site(corpus, BENCH / f"hugo-{n}"),
             False: make_hugo_site(corpus, BENCH / f"hugo-{n}-no-related", related=False)}
    build = [sys.executable, str(REPO / "build.py"), "build", "-f", str(corpus / "mkdocs.yml")]
    cold: dict[bool, list[float]] = {True: [], False: []}
    ours, ratios = [], []
    for _ in range(repeat):
        move_aside(corpus / "site")
        move_aside(corpus / ".cache")
        settle()
        ours.append(run(build, memory=False)[0])
        for related, site in sites.items():
            move_aside(site / "public")
            settle()
            cold[related].append(build_hugo(site))
        ratios.append(ours[-1] / cold[True][-1])
    return {"cold": min(cold[True]), "cold_no_related": min(cold[False]),
            "thidua_cold": min(ours), "ratio": sorted(ratios)[len(ratios) // 2],
            "pages": sum(1 for _ in (sites[True] / "public").rglob("*.html"))}


def reference(n: int) -> dict:
    blog = BENCH / f"blog-{n}"
    move_aside(blog / "site")
    settle()
    seconds, memory = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(blog / "mkdocs.yml")])
    return {"cold": seconds, "peak_mb": memory, "site_mb": apparent_mb(blog / "site")}


def hugo_table(results: dict) -> str:
    lines = ["| posts | thidua cold | Hugo cold | thidua / Hugo (median of pairs) | "
             "Hugo cold, no related posts | Hugo HTML files |", "|---|---|---|---|---|---|"]
    for n, row in results.items():
        if "hugo" in row:
            hugo_row = row["hugo"]
            lines.append(f"| {int(n):,} | {hugo_row['thidua_cold']:.1f} s | {hugo_row['cold']:.1f} s"
                         f" | {hugo_row['ratio']:.2f} | {hugo_row['cold_no_related']:.1f} s | "
                         f"{hugo_row['pages']:,} |")
    return "\n".join(lines)


def table(results: dict) -> str:
    lines = ["| posts | thidua cold | nothing changed | one post edited | peak memory | "
             "output | Material blog cold | blog peak memory | cold ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, row in results.items():
        ours, ref = row["thidua"], row.get("reference")
        ratio = f"{ref['cold'] / ours['cold']:.1f}× faster" if ref else "–"
        lines.append(f"| {int(n):,} | {ours['cold']:.1f} s | {ours['nothing']:.1f} s | "
                     f"{ours['edit']:.1f} s | {ours['peak_mb']:,} MB | {ours['site_mb']:.0f} MB "
                     f"({ours['pages']:,} pages) | "
                     + (f"{ref['cold']:.1f} s | {ref['peak_mb']:,} MB | {ratio} |" if ref
                        else "– | – | – |"))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}", flush=True)
    clear_trash(wait=True)
    results: dict = {}
    try:
        for n in args.sizes:
            ensure_corpus(n)
            results[n] = {"thidua": thidua(n, args.repeat)}
            if not args.no_hugo:
                results[n]["hugo"] = hugo(n, args.repeat)
            if not args.no_reference:
                results[n]["reference"] = reference(n)
            print(f"{n} posts: {json.dumps(results[n])}", flush=True)
    finally:
        clear_trash(wait=False)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")
    print(table(results))
    if not args.no_hugo:
        print(hugo_table(results))


if __name__ == "__main__":
    main()
