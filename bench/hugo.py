#!/usr/bin/env python3
"""The benchmark corpus as a Hugo site, for comparing thidua with Hugo on the same posts.

    python bench/hugo.py N [--out bench/hugo-N]     # convert bench/corpus-N, build it once

Reusable from other benchmarks:

    from hugo import make_hugo_site, build_hugo
    site = make_hugo_site(Path("bench/corpus-1000"), Path("bench/hugo-1000"))
    seconds = build_hugo(site)          # a cold build: no public/, no resources/

The conversion keeps every post (front matter in Hugo's terms: `categories`, `blocs`, `units`,
`tags` and `years` taxonomies, the post's own slug so addresses match thidua's
/tin-tuc/YYYY/slug/, the date with +07:00), copies the pictures to the same addresses, and the
data files (plus maps by id, since Go templates look up records by key). The theme is ours
(bench/hugo-theme/, no JavaScript, one stylesheet link) and renders pages comparable to
thidua's: the home page (featured and latest posts, blocs), the news list paginated by 20, a
page per post (category, blocs and units by name from data/, related posts through Hugo's
`related` with blocs, units, tags and category as in thidua), paginated pages per category,
year, bloc (with its members and leaders by year) and unit (with its blocs by year), a page per
year of award decisions with their recipients, RSS for the home page, the news and each term,
and the sitemap. It does not render what thidua adds beyond that: award pages by title, the
unit and bloc directories' details, the search index, Atom, per-page feed links, the counter's
manifest, nor any link check.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
THEME = BENCH / "hugo-theme"
PER_PAGE = 20

CONFIG = """\
baseURL = "https://thidua.example.vn/"
languageCode = "vi"
title = "{title}"
theme = "{theme}"
themesDir = "{themes}"
paginate = {per_page}
enableRobotsTXT = false
disableKinds = []

[params]
  related = {related}

[permalinks]
  posts = "/tin-tuc/:year/:slug/"

[taxonomies]
  category = "categories"
  bloc = "blocs"
  unit = "units"
  tag = "tags"
  year = "years"

[related]
  threshold = 1
  includeNewer = true
  toLower = true
  [[related.indices]]
    name = "blocs"
    weight = 3
  [[related.indices]]
    name = "units"
    weight = 3
  [[related.indices]]
    name = "tags"
    weight = 2
  [[related.indices]]
    name = "categories"
    weight = 1
"""
STYLE = "body{font-family:sans-serif;max-width:70rem;margin:auto}.card img{max-width:12rem}"


def make_hugo_site(corpus: Path, out: Path, related: bool = True) -> Path:
    """Write the Hugo site of a thidua site (bench/make_corpus.py's layout) into `out`; without
    `related`, post pages leave out their related posts (Hugo's costliest part here)."""
    sys.path.insert(0, str(BENCH.parent))
    from thidua.core.text import make_slug

    if out.exists():
        shutil.rmtree(out)
    posts_out, static = out / "content/posts", out / "static"
    posts_out.mkdir(parents=True)
    shutil.copytree(corpus / "content/posts/images", static / "posts/images",
                    copy_function=os.link)
    (static / "style.css").write_text(STYLE, encoding="utf-8")
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    (out / "config.toml").write_text(CONFIG.format(
        title=config["site_name"], theme=THEME.name, themes=THEME.parent, per_page=PER_PAGE,
        related=str(related).lower()),
        encoding="utf-8")
    (out / "content/_index.md").write_text("---\ntitle: Trang chủ\n---\n", encoding="utf-8")
    (posts_out / "_index.md").write_text("---\ntitle: Tin tức\n---\n", encoding="utf-8")
    for path in sorted((corpus / "content/posts").glob("*.md")):
        front, body = _split(path.read_text(encoding="utf-8"))
        (posts_out / path.name).write_text(_post(front, body, make_slug), encoding="utf-8")
    _data(corpus / "data", out / "data", out / "content")
    return out


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _post(front: dict, body: str, make_slug) -> str:
    moment = str(front["date"])  # '2024-01-22 14:30' (YAML keeps it a string)
    day, _, clock = moment.partition(" ")
    converted = {
        "title": front["title"],
        "date": f"{day}T{clock or '00:00'}:00+07:00",
        "slug": front.get("slug") or make_slug(front["title"]),
        "categories": [front.get("category", "tin-hoat-dong")],
        "blocs": front.get("blocs", []),
        "units": front.get("units", []),
        "tags": front.get("tags", []),
        "years": [day[:4]],
        "author": front.get("author"),
        "featured": bool(front.get("featured")),
    }
    if front.get("image"):  # pictures sit at the same address as on thidua's site
        converted["image"] = "/posts/" + front["image"]
        converted["image_alt"] = front.get("image_alt", "")
    if front.get("summary"):
        converted["summary"] = front["summary"]
    body = re.sub(r"\]\(images/", "](/posts/images/", body)
    return "---\n" + yaml.safe_dump(converted, allow_unicode=True, sort_keys=False) + "---\n" + body


def _data(data: Path, out: Path, content: Path) -> None:
    """The data files as they are (YAML only: Hugo reads every file of data/, and the
    documents' PDFs are not data), maps of records by id, and a page per year of decisions."""
    shutil.copytree(data, out, ignore=lambda folder, names: [
        name for name in names
        if not name.endswith((".yml", ".yaml")) and not (Path(folder) / name).is_dir()])
    by_id = out / "by_id"
    by_id.mkdir()
    for kind in ("units", "blocs", "categories"):
        path = data / f"{kind}.yml"
        if path.exists():
            records = yaml.safe_load(path.read_text(encoding="utf-8"))[kind]
            (by_id / f"{kind}.yml").write_text(
                yaml.safe_dump({record["id"]: record for record in records}, allow_unicode=True),
                encoding="utf-8")
    awards = content / "khen-thuong"
    awards.mkdir()
    (awards / "_index.md").write_text("---\ntitle: Khen thưởng\n---\n", encoding="utf-8")
    for year in sorted(p.name for p in (data / "decisions").iterdir() if p.is_dir()):
        (awards / f"{year}.md").write_text(
            f"---\ntitle: Khen thưởng năm {year}\nyear: \"{year}\"\nlayout: award-year\n---\n",
            encoding="utf-8")


def build_hugo(site: Path) -> float:
    """Seconds of a cold Hugo build of `site` (no public/ and no resources/ before it)."""
    for folder in ("public", "resources"):
        shutil.rmtree(site / folder, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="posts in the corpus (bench/corpus-N)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-related", dest="related", action="store_false",
                        help="post pages without their related posts")
    args = parser.parse_args()
    site = make_hugo_site(BENCH / f"corpus-{args.n}", args.out or BENCH / f"hugo-{args.n}",
                          args.related)
    seconds = build_hugo(site)
    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    print(f"Hugo built {site} in {seconds:.2f} s ({pages:,} HTML files)")


if __name__ == "__main__":
    main()
