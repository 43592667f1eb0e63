"""The sample site in content/ and data/ builds and shows the product off."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from browser import copy_sample
from conftest import REPO, run_build_py
from thidua.load.site import load_site
from thidua.config.settings import read_settings


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample built from a copy: the repository's .cache/ and site/ stay the editor's."""
    root = tmp_path_factory.mktemp("sample")
    config = copy_sample(root / "mau", "http://127.0.0.1:8001")
    out = root / "site"
    result = run_build_py("build", "-f", str(config), "-d", str(out))
    assert result.code == 0, result.text
    return out


@pytest.fixture(scope="module")
def model():
    site, problems = load_site(read_settings(REPO / "mkdocs.yml"))
    assert not problems.warnings, problems.report()
    return site


def test_sample_content_is_rich_enough(model):
    assert len(model.posts) >= 15
    assert len({post.year for post in model.posts}) >= 3
    assert len({bloc for post in model.posts for bloc in post.meta.blocs}) >= 3
    assert sum(1 for post in model.posts if post.image_path) >= 10
    assert any(post.meta.featured for post in model.posts)
    assert any(post.status == "draft" for post in model.left_out)
    # The scheduled sample posts wait for their day, then simply join the published ones.
    assert all(post.status in ("draft", "scheduled") for post in model.left_out)


def test_sample_site_pages_exist(sample, model):
    for url in ["", "tin-tuc/", "tin-tuc/trang/2/", "chuyen-muc/tin-hoat-dong/",
                *(f"tin-tuc/{year}/" for year in {post.year for post in model.posts})]:
        assert (sample / url / "index.html").is_file(), url
    for post in model.posts:
        assert (sample / post.url / "index.html").is_file(), post.url
    for post in model.left_out:
        assert not (sample / post.url).exists(), post.url
    assert (sample / "404.html").is_file() and (sample / "sitemap.xml").is_file()


def test_sample_home_shows_featured_and_latest(sample):
    home = lxml_html.parse(str(sample / "index.html")).getroot()
    assert home.xpath("//section[@class='thidua-featured']//img")
    assert len(home.xpath("//section[@class='thidua-latest']//article")) == 10


def test_sample_data_has_depth(model):
    data = model.data
    assert sum(1 for bloc in data.blocs.values() if len(bloc.terms) >= 4) >= 3
    assert len(data.units) >= 25
    awards = [award for decision in data.decisions for award in decision.awards]
    assert len(awards) >= 40
    assert any(decision.is_proposal for decision in data.decisions)
    assert any(award.person for award in awards)


def test_sample_data_pages_exist(sample, model):
    data = model.data
    for url in ["khoi-thi-dua/", "don-vi/", "khen-thuong/",
                *(f"khoi-thi-dua/{ident}/" for ident in data.blocs),
                *(f"don-vi/{ident}/" for ident in data.units),
                *(f"khen-thuong/{d.year}/" for d in data.decisions)]:
        assert (sample / url / "index.html").is_file(), url


def test_every_sample_feed_parses(sample, model):
    import feedparser
    feeds = sorted(sample.rglob("rss.xml")) + [sample / "atom.xml"]
    # the site's RSS, each bloc's and category's, new documents, consultations, the site's Atom
    assert len(feeds) == 1 + len(model.data.blocs) + len(model.data.categories) + 2 + 1
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    site_feed = feedparser.parse((sample / "rss.xml").read_bytes())
    assert [e.link for e in site_feed.entries] == [
        model.settings.site_url + post.url for post in model.posts[:50]]


def test_sample_tells_the_2025_reorganisation(sample, model):
    """A department merged on 1 March 2025 with awards before and its successor's after, a
    unit split in two, the district cluster ended on 1 July 2025; no 2026 term lists a unit
    that ended (the build checks that), and every history is reachable from a current unit."""
    from datetime import date

    from thidua.model.indexes import Records
    data = model.data
    records = Records.build(data, model.settings.today)
    merged = data.units["so-ke-hoach-dau-tu"]
    assert (merged.ended, merged.successor) == (date(2025, 3, 1), "so-tai-chinh")
    assert any(r.decision.date < merged.ended for r in records.by_unit["so-ke-hoach-dau-tu"])
    assert any(r.decision.date >= merged.ended for r in records.by_unit["so-tai-chinh"])
    assert any(len(unit.successors) == 2 for unit in data.units.values())
    cluster = data.blocs["cum-thi-dua-cac-huyen-phia-nam"]
    assert cluster.ended == date(2025, 7, 1) and max(t.year for t in cluster.terms) == 2025
    reachable = {ancestor.id for unit in data.units.values() if records.units.is_current(unit.id)
                 for ancestor in records.units.ancestors(unit.id)}
    ended_with_successors = {unit.id for unit in data.units.values()
                             if unit.ended and unit.successor_ids}
    assert ended_with_successors and ended_with_successors <= reachable
    page = lxml_html.parse(str(sample / "don-vi" / "so-tai-chinh" / "index.html")).getroot()
    assert page.xpath("//section[@aria-labelledby='don-vi-tien-than']"
                      "//a[contains(@href, 'so-ke-hoach-dau-tu')]")
