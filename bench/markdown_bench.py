#!/usr/bin/env python3
"""The Markdown dialect's cost, beside Hugo on the same posts, in the same run.

    python bench/markdown_bench.py [--sizes 5000 10000] [--repeat 2] [--only hugo plain ...]

Needs `hugo` on the PATH (Debian: apt-get install hugo). For each size N, on the corpus of
bench/build_bench.py (bench/make_corpus.py), it measures cold builds (no site/, no .cache/)
of thidua with:
  plain     the corpus's mkdocs.yml: no markdown_extensions, MkDocs' toc/tables/fenced_code;
  material  Material's usual set (admonition, attr_list, footnotes, md_in_html, tables, toc,
            pymdownx.details/superfences/tabbed/highlight/emoji), same posts;
  mixed     the same set, and one post in ten also using admonitions, tabs, details,
            footnotes, attribute lists, icons and highlighted code (written beside the corpus,
            bench/corpus-N-mixed, the other posts hard-linked);
  slow      every post through Python-Markdown: the set plus nl2br, which the fast path
            does not know (markdown/fast.py), as if no post could take it;
with, for plain, material and mixed, a rebuild after one post's body is edited; and Hugo
building the same posts converted by bench/hugo.py (the one converter of the benchmarks, with
its theme bench/hugo-theme/: pages comparable to thidua's, related posts included) into
bench/hugo-N, and without the related posts (bench/hugo-N-lite, `--no-related` there). Each
figure is the best of --repeat runs; the ratio is to Hugo's cold build of the same run.
Results print as a Markdown table and go to bench/out/markdown.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from build_bench import BENCH, EDIT, OUT, REPO, clear_trash, ensure_corpus, move_aside, run, settle
from hugo import make_hugo_site

MATERIAL_SET = """\
markdown_extensions:
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.highlight
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""
# What one post in ten of the mixed corpus adds to its body.
EXTENSIONS_TEXT = """

!!! note
    Kết quả bình xét được công bố công khai tại trụ sở cơ quan.

=== "Năm trước"
    Khối đạt {n} điểm.

=== "Năm nay"
    Khối đạt {m} điểm.

??? tip "Cách chấm điểm"
    Mỗi tiêu chí chấm theo thang điểm 10[^1].

Đoạn dẫn được nhấn mạnh.
{{ .lead }}

Đạt :material-check-circle: chỉ tiêu.

```python
def tong_diem(diem):
    return sum(diem)
```

[^1]: Theo hướng dẫn của Hội đồng Thi đua – Khen thưởng tỉnh.
"""

def thidua_config(corpus: Path, name: str, extra: str) -> Path:
    """A config beside the corpus's, with `extra` (its site and cache stay its own)."""
    folder = corpus.parent / f"{corpus.name}-{name}"
    if not folder.exists():
        folder.mkdir()
        for part in ("content", "data"):
            os.symlink(corpus / part, folder / part)
    config = folder / "mkdocs.yml"
    config.write_text((corpus / "mkdocs.yml").read_text(encoding="utf-8") + extra,
                      encoding="utf-8")
    return config


def mixed_corpus(corpus: Path, n: int) -> Path:
    """The corpus with one post in ten using the extensions; the others hard-linked."""
    mixed = corpus.parent / f"{corpus.name}-mixed"
    stamp = mixed / ".stamp"
    if stamp.exists() and stamp.read_text() == (corpus / ".corpus-stamp").read_text():
        return mixed / "mkdocs.yml"
    move_aside(mixed)
    mixed.mkdir()
    shutil.copytree(corpus / "data", mixed / "data")
    shutil.copytree(corpus / "content", mixed / "content", copy_function=os.link)
    for index, post in enumerate(sorted((mixed / "content/posts").glob("*.md"))):
        if index % 10 == 0:
            text = post.read_text(encoding="utf-8")
            post.unlink()  # a file of its own, not the corpus's
            post.write_text(text + EXTENSIONS_TEXT.format(n=80 + index % 20, m=90 + index % 10),
                            encoding="utf-8")
    (mixed / "mkdocs.yml").write_text((corpus / "mkdocs.yml").read_text(encoding="utf-8")
                                      + MATERIAL_SET, encoding="utf-8")
    stamp.write_text((corpus / ".corpus-stamp").read_text())
    return mixed / "mkdocs.yml"


def hugo_site(corpus: Path, related: bool = True) -> Path:
    """The corpus as a Hugo site (bench/hugo.py, the one converter), converted again only when
    the corpus changed; without `related`, post pages leave out their related posts."""
    site = corpus.parent / (corpus.name.replace("corpus", "hugo") + ("" if related else "-lite"))
    converter = hashlib.blake2b(digest_size=8)  # a new converter or theme converts again
    for path in sorted([BENCH / "hugo.py", *(BENCH / "hugo-theme").rglob("*.html")]):
        converter.update(path.read_bytes())
    stamp = f"{(corpus / '.corpus-stamp').read_text()} {converter.hexdigest()}"
    if not (site / ".stamp").exists() or (site / ".stamp").read_text() != stamp:
        move_aside(site)
        make_hugo_site(corpus, site, related)
        (site / ".stamp").write_text(stamp)
    return site


def cold_build(build: list[str], folder: Path, edited: Path | None) -> dict:
    """One cold build, and with `edited`, the rebuild after a sentence is added to it."""
    for output in ("site", ".cache", "public"):
        move_aside(folder / output)
    settle()
    result = {"cold": run(build, memory=False)[0]}
    if edited is not None:
        original = edited.read_bytes()
        edited.unlink()  # a new file: the mixed corpus's posts may be hard links
        edited.write_bytes(original + EDIT.encode())
        try:
            settle()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            result["edit"] = run(build, memory=False)[0]
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # the CPU it took: what the machine's load does not stretch as it does the wall time
            result["edit_cpu"] = (after.ru_utime - before.ru_utime) + \
                (after.ru_stime - before.ru_stime)
        finally:
            edited.unlink()
            edited.write_bytes(original)
    return result


def measure(n: int, repeat: int, only: list[str] | None = None) -> dict:
    """Every variant and Hugo one after the other, `repeat` times over (so that each meets
    the machine's load of the moment alike), the best of each kept."""
    ensure_corpus(n)
    corpus = BENCH / f"corpus-{n}"
    configs = {"plain": corpus / "mkdocs.yml",
               "material": thidua_config(corpus, "material", MATERIAL_SET),
               "mixed": mixed_corpus(corpus, n),
               "slow": thidua_config(corpus, "slow", MATERIAL_SET + "  - nl2br\n")}
    builds = {}
    for name, related in (("hugo", True), ("hugo-lite", False)):
        if not only or name in only:
            hugo = hugo_site(corpus, related)
            # bench/hugo.py's own build command, timed here as thidua's builds are
            builds[name] = (["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo / "public")],
                            hugo, None)
    for name, config in configs.items():
        posts = sorted((config.parent / "content/posts").glob("*.md"))
        # the mixed corpus's edited post is one of those using the extensions
        edited = None if name == "slow" else posts[(n // 20) * 10]
        builds[name] = ([sys.executable, str(REPO / "build.py"), "build", "-f", str(config)],
                        config.parent, edited)
    builds = {name: build for name, build in builds.items() if not only or name in only}
    results: dict = {"load": os.getloadavg()[0]}
    for _ in range(repeat):
        for name, (command, folder, edited) in builds.items():
            found = cold_build(command, folder, edited)
            print(f"{n} {name}: {found}", flush=True)
            best = results.setdefault(name, found)
            for key, value in found.items():
                best[key] = min(best[key], value)
    results["load_after"] = os.getloadavg()[0]
    return results


def table(results: dict) -> str:
    lines = ["| posts | Hugo cold | Hugo without related | plain cold | material cold | "
             "mixed cold | slow cold | edit, s wall (CPU) (plain / material / mixed) | load avg |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, row in results.items():
        hugo = row["hugo"]["cold"]

        def cell(name: str) -> str:
            if name not in row:
                return "–"
            return f"{row[name]['cold']:.1f} s ({row[name]['cold'] / hugo:.2f}×)"

        def edit(name: str) -> str:
            if name not in row:
                return "–"
            cpu = row[name].get("edit_cpu")
            return f"{row[name]['edit']:.2f}" + (f" ({cpu:.2f} CPU)" if cpu is not None else "")

        lines.append(f"| {int(n):,} | {hugo:.1f} s | {cell('hugo-lite')} | {cell('plain')} | "
                     f"{cell('material')} | "
                     f"{cell('mixed')} | {cell('slow')} | {edit('plain')} / "
                     f"{edit('material')} / {edit('mixed')} | "
                     f"{row['load']:.1f}–{row['load_after']:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        choices=["hugo", "hugo-lite", "plain", "material", "mixed", "slow"],
                        help="measure these builds only")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("hugo is not installed (apt-get install hugo)")
    OUT.mkdir(exist_ok=True)
    clear_trash(wait=True)
    results: dict = {}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        for n in args.sizes:
            results[n] = measure(n, args.repeat, args.only)
    finally:
        clear_trash(wait=False)
    (OUT / "markdown.json").write_text(json.dumps({"started": started, **results}, indent=2)
                                       + "\n", encoding="utf-8")
    print(f"Started {started}")
    print(table(results))


if __name__ == "__main__":
    main()
