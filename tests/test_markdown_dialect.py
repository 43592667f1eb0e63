"""One Markdown for the whole site: the extensions of mkdocs.yml render a post as they render a
standalone page; the fast path gives Python-Markdown's HTML; the sanitiser keeps what the
extensions make and nothing that runs code."""
from __future__ import annotations

import posixpath
import re

import pytest
from lxml import html as lxml_html

from conftest import REPO, dedent, small_site
from thidua.config.settings import parse_config
from thidua.markdown.dialect import read_dialect
from thidua.markdown.fast import fast_path_allowed, render_fast
from thidua.markdown.render import _python_markdown
from thidua.markdown.sanitise import sanitise_html

# The sample site's extensions: Material's usual set.
EXTENSIONS = "markdown_extensions:" + \
    (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("markdown_extensions:")[1] \
    .split("\nplugins:")[0] + "\n"

# Every extension of the sample's set, once.
SAMPLE = dedent("""
    Đoạn mở đầu có chú thích[^1] và chữ viết tắt UBND.

    <!-- more -->

    ## Kết quả năm

    !!! note
        Ghi chú không có tiêu đề riêng.

    !!! warning "Lưu ý của Ban"
        Cảnh báo có tiêu đề.

    ??? tip
        Nội dung thu gọn.

    ???+ info "Mở sẵn"
        Nội dung mở sẵn.

    === "Năm 2024"
        Kết quả năm 2024.

    === "Năm 2025"
        Kết quả năm 2025.

    Đoạn dẫn có lớp riêng.
    { .lead }

    ![Hội nghị](https://thidua.example.vn/anh/hoi-nghi.jpg){ loading=lazy width="300" style="max-width: 100%" data-gallery="hoi-nghi" }

    Biểu tượng :material-check-circle: và :fontawesome-solid-award:.

    - [x] việc đã xong
    - [ ] việc chưa xong

    ```python title="vi_du.py" linenums="1"
    def chao():
        return "xin chào"
    ```

    Mã trong dòng `#!python print("chào")`.

    | Đơn vị | Điểm |
    |:---|---:|
    | Sở Tài chính | 98 |

    <div markdown>
    **Đậm** trong khối HTML.
    </div>

    H~2~O, ==đánh dấu==, ^^chèn^^, x^2^, ++ctrl+alt+del++ và ~~gạch bỏ~~.

    Thuật ngữ
    :   Định nghĩa của thuật ngữ.

    ## Kết quả năm

    Mục trùng tên.

    *[UBND]: Ủy ban nhân dân

    [^1]: Chú thích một.
""")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample text as a post and as a standalone page, on a site with the extensions."""
    site = small_site(tmp_path_factory.mktemp("dialect") / "portal", EXTENSIONS)
    site.post("mau", {"title": "Bài mẫu", "date": "2024-01-22"}, SAMPLE)
    site.write("content/mau.md", "---\ntitle: Trang mẫu\n---\n\n" + SAMPLE)
    result = site.build()
    assert result.code == 0, result.text
    return site


def body_of(site, url: str) -> str:
    """A page's Markdown HTML: a post's body, or a standalone page's article less its h1."""
    page = site.page(url)
    if "<!--thidua:body-->" in page:
        return page.split("<!--thidua:body-->")[1].split("<!--/thidua:body-->")[0]
    article = lxml_html.fromstring(page).xpath("//article")[0]
    heading = article.xpath(".//h1")[0]
    heading.getparent().remove(heading)
    inner = lxml_html.tostring(article, encoding="unicode")
    return inner[inner.index("<h2"):inner.rindex("</div>", 0, inner.index('class="thidua-print'))]


def normalised(fragment: str, url: str) -> str:
    """What must differ between a post and a page: links relative to each page's depth (made
    site paths), the lazy loading given to a post's pictures, whitespace between tags."""

    def site_path(match: re.Match) -> str:
        link = match.group(2)
        if "://" in link or link.startswith(("#", "mailto:")):
            return match.group(0)
        return f'{match.group(1)}="/{posixpath.normpath(posixpath.join(url, link))}"'

    fragment = lxml_html.tostring(lxml_html.fragment_fromstring(fragment, create_parent="div"),
                                  encoding="unicode")  # both serialised the same way
    fragment = re.sub(r'\b(href|src)="([^"]*)"', site_path, fragment)
    fragment = fragment.replace('loading="lazy" decoding="async" ', "")
    return re.sub(r">\s+<", "><", fragment).strip()


def test_a_post_renders_as_a_standalone_page(built):
    post = normalised(body_of(built, "tin-tuc/2024/bai-mau/"), "tin-tuc/2024/bai-mau/")
    page = normalised(body_of(built, "mau/"), "mau/")
    assert post[post.index("<h2"):] == page[page.index("<h2"):]
    # ... and every extension did its work
    tree = lxml_html.fromstring(f"<div>{post}</div>")
    assert tree.xpath("//div[contains(@class,'admonition note')]/p[@class='admonition-title']"
                      "/text()") == ["Ghi chú"]
    assert tree.xpath("//div[contains(@class,'warning')]/p[1]/text()") == ["Lưu ý của Ban"]
    assert tree.xpath("//details[contains(@class,'tip')]/summary/text()") == ["Mẹo"]
    assert tree.xpath("//details[@open]/summary/text()") == ["Mở sẵn"]
    assert len(tree.xpath("//div[contains(@class,'tabbed-set')]/input[@type='radio']")) == 2
    assert tree.xpath("//div[@class='tabbed-labels']/label/text()") == ["Năm 2024", "Năm 2025"]
    assert tree.xpath("//p[@class='lead']")
    picture = tree.xpath("//img[@alt='Hội nghị']")[0]
    assert (picture.get("width"), picture.get("data-gallery"), picture.get("style")) == \
        ("300", "hoi-nghi", "max-width:100%")
    assert len(tree.xpath("//span[@class='twemoji']/svg[@viewbox]/path[@d]")) == 2
    assert len(tree.xpath("//li[contains(@class,'task-list-item')]//input[@type='checkbox']")) == 2
    assert tree.xpath("//code//span[@class='k']/text()") == ["def", "return"]
    assert tree.xpath("//span[@class='filename']/text()") == ["vi_du.py"]
    assert tree.xpath("//code[contains(@class,'highlight')]")  # inlinehilite
    assert tree.xpath("//th[@style='text-align:right']/text()") == ["Điểm"]
    assert tree.xpath("//div/p/strong/text()") == ["Đậm"]  # md_in_html
    for tag, text in (("sub", "2"), ("mark", "đánh dấu"), ("ins", "chèn"), ("sup", "2"),
                      ("del", "gạch bỏ")):
        assert text in tree.xpath(f"//{tag}/text()"), tag
    assert tree.xpath("//kbd[@class='key-control']")
    assert tree.xpath("//dl/dt/text()") == ["Thuật ngữ"]
    assert tree.xpath("//abbr[@title='Ủy ban nhân dân']/text()") == ["UBND"]
    assert tree.xpath("//a[@class='footnote-backref']/@title") == \
        ["Quay lại chỗ chú thích 1 trong bài"]
    assert tree.xpath("//h2/@id") == ["ket-qua-nam", "ket-qua-nam_1"]
    assert tree.xpath("//h2/a[@class='headerlink']/@title") == ["Liên kết tới mục này"] * 2


def test_more_ends_the_summary_in_lists_and_feeds(built):
    summary = "Đoạn mở đầu có chú thích và chữ viết tắt UBND."
    rss = (built.out / "rss.xml").read_text(encoding="utf-8")
    assert f"<description>{summary}</description>" in rss
    assert summary in built.page("tin-tuc/")
    assert "Ghi chú không có tiêu đề" not in built.page("tin-tuc/")


# -- the fast path ------------------------------------------------------------------------

TEXTS = [
    "Đoạn một có **chữ đậm** và *nghiêng*.\n\nĐoạn hai\nnối dòng.",
    "## Kết quả\n\n- một;\n- hai;\n\nTiếp theo:\n\n1. thứ nhất\n2. thứ hai\n\nKết thúc.",
    "## Đánh giá\n\n## Đánh giá\n\n### Mục 1.2: \"Kết quả\" năm 2024\n\n# Tiêu đề một",
    "| Đơn vị | Điểm |\n|---|---|\n| Tài chính | 100 |\n| Y tế | 95 |",
    "Có [liên kết](https://example.vn/a/b) và ![ảnh](images/hoi-nghi.jpg) trong câu.",
    "[Bài trước](2024-01-20-tong-ket.md#ket-qua) và [trang](../gioi-thieu.md).",
    "Dòng có hai dấu cách  \nđể xuống dòng.",
    "+ mục một\n+ mục hai",
    "Câu có dấu \"ngoặc kép\" và 'nháy đơn'.",
    "Liên hệ: 0228 000 0000; email banthidua@example.vn; giờ 14:30.",
]
# Texts that only Python-Markdown renders right: the fast path must leave them to it.
SLOW = ["Chữ __đậm__", "a \\* b", "Dòng\n    thụt", "<b>HTML</b>", "Có ~~gạch~~", "#hashtag",
        "2024. Năm mới", "- a\n\n- b", "- a\n\n1. b", "Đoạn\n- liền danh sách", "| a |\n|:-|\n| 1 |",
        "Dấu cách cuối ", "!!! note\n    x", "x { .lead }", "[^1]\n\n[^1]: a", "`mã`",
        "&copy; 2024", "***đậm nghiêng***", "[a]: https://x.vn", "![a](ảnh có dấu.jpg)",
        "/// admonition | Lưu ý\nNội dung.\n///"]
CONFIGS = [
    {},
    {"markdown_extensions": [{"toc": {"permalink": True}}, "admonition", "pymdownx.emoji"]},
    {"markdown_extensions": [{"toc": {"permalink": "#", "permalink_title": ""}}, "smarty"]},
    parse_config(EXTENSIONS.encode(), "mkdocs.yml"),
    {"markdown_extensions": ["pymdownx.betterem", "pymdownx.smartsymbols", "pymdownx.magiclink",
                             "pymdownx.saneheaders", "sane_lists", "def_list", "abbr",
                             "pymdownx.critic", "pymdownx.blocks.admonition"]},
]


@pytest.mark.parametrize("config", CONFIGS,
                         ids=["defaults", "permalink", "smarty", "sample", "pymdownx"])
def test_the_fast_path_gives_python_markdowns_html(config):
    dialect = read_dialect(config)
    assert fast_path_allowed(dialect)
    corpus_post = (REPO / "content/posts").glob("*.md")
    texts = TEXTS + [path.read_text(encoding="utf-8").split("---\n", 2)[2]
                     for path in sorted(corpus_post)]
    fast = 0
    for text in texts + SLOW:
        html = render_fast(text, dialect)
        if html is not None:
            fast += 1
            assert html == _python_markdown(text, dialect), text
    for text in SLOW:
        assert render_fast(text, dialect) is None, text
    if not {"smarty", "pymdownx.magiclink"} & set(dialect.names):  # quotes, e-mail: slow
        assert all(render_fast(text, dialect) is not None for text in TEXTS)
        assert fast >= len(texts) * 0.8, "the sample site's posts take the fast path"


def test_an_extension_the_fast_path_does_not_know_turns_it_off():
    assert not fast_path_allowed(read_dialect({"markdown_extensions": ["nl2br"]}))
    assert not fast_path_allowed(
        read_dialect({"markdown_extensions": [{"toc": {"anchorlink": True}}]}))
    blocks = read_dialect({"markdown_extensions": ["pymdownx.blocks.admonition"]})
    assert render_fast("/// note\nNội dung.\n///", blocks) is None
    assert render_fast("/// note\nNội dung.\n///", read_dialect({})) is not None


def test_a_wrong_extension_is_named_with_its_line(site):
    site.write("mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
               + "markdown_extensions:\n  - admonition\n  - pymdownx.khong_co\n")
    site.post("tin", {"title": "Tin", "date": "2024-01-22"})
    result = site.check()
    assert result.code == 1 and "Traceback" not in result.text
    assert "mkdocs.yml:13: trường markdown_extensions: không nạp được phần mở rộng Markdown " \
           "pymdownx.khong_co" in result.err, result.err


def test_changing_the_extensions_renders_cached_posts_again(site):
    site.post("tin", {"title": "Tin", "date": "2024-01-22"}, "!!! note\n    Nội dung.\n")
    assert site.build().code == 0
    assert "admonition" not in site.page("tin-tuc/2024/tin/")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown_extensions:\n"
                      "  - admonition\n", encoding="utf-8")
    assert site.build().code == 0
    assert '<p class="admonition-title">Ghi chú</p>' in site.page("tin-tuc/2024/tin/")


# -- the sanitiser --------------------------------------------------------------------------

@pytest.mark.parametrize("attack", [
    '<p onclick="alert(1)">x</p>',
    '<svg onload="alert(1)"><path d="M0 0"/></svg>',
    '<svg><script>alert(1)</script></svg>',
    '<svg><a href="javascript:alert(1)"><path d="M0 0"/></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    '<svg><foreignObject><img src="x" onerror="alert(1)"></foreignObject></svg>',
    '<svg><style>@import "https://evil.example/x.css"</style></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<label for="x" onmouseover="alert(1)">nhãn</label>',
    '<input type="radio" name="t" onfocus="alert(1)" autofocus>',
    '<input type="image" src="javascript:alert(1)">',
    '<img src="a.jpg" data-description="<img src=x onerror=alert(1)>">',
    '<a href="a.jpg" data-glightbox="javascript:alert(1)">a</a>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">che trang</p>',
    '<p style="background:url(javascript:alert(1))">nền</p>',
    '<div style="behavior:url(x.htc)">x</div>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>',
    '<form action="https://evil.example/"><button>Gửi</button></form>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
])
def test_the_sanitiser_removes_what_runs_code(attack):
    """(Frames stay for embeds.py, which makes videos facades; the load stage refuses the
    others: tests/test_media.py.)"""
    clean = sanitise_html(attack)
    for bad in ("alert", "javascript", "evil.example", "position", "onerror", "<script",
                "<style", "<form", "behavior", "data:text", "autofocus"):
        assert bad not in clean, (bad, clean)


def test_the_sanitiser_keeps_what_the_extensions_make():
    dialect = read_dialect(parse_config(EXTENSIONS.encode(), "mkdocs.yml"))
    raw = _python_markdown(SAMPLE, dialect)
    clean = sanitise_html(raw)
    tree = lxml_html.fromstring(f"<div>{clean}</div>")
    assert len(tree.xpath("//input[@type='radio'][@name][@id]")) == 2
    assert tree.xpath("//label[@for='__tabbed_1_1']")
    assert tree.xpath("//svg[@viewbox='0 0 24 24']/path/@d")
    assert tree.xpath("//label[@class='task-list-control']/input[@type='checkbox'][@disabled]")
    assert tree.xpath("//img[@data-gallery='hoi-nghi'][@loading='lazy']")
    assert tree.xpath("//details[@open]") and tree.xpath("//a[@name='__codelineno-0-1']")


def test_attribute_lists_cannot_add_event_handlers(site):
    site.post("tin", {"title": "Tin", "date": "2024-01-22"},
              "Đoạn.\n{ onclick=\"alert(1)\" .lead }\n")
    site.write("mkdocs.yml", site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
               + "markdown_extensions:\n  - attr_list\n")
    assert site.build().code == 0
    page = site.page("tin-tuc/2024/tin/")
    assert '<p class="lead">Đoạn.</p>' in page and "alert(1)" not in page

