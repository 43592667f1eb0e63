"""The picture pipeline (thidua/pictures/) on real pictures made here with Pillow: what is
published holds no metadata, is upright, at the right widths, never upscaled, the same bytes
every time, processed once; every bad picture gets its message."""
from __future__ import annotations

import base64
import importlib.util
import io
import os
import random
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from thidua.pictures import video
from thidua.pictures.html import picture_html
from thidua.pictures.store import PictureStore, Source
from thidua.pictures.variants import make_variants
from thidua.core.problems import Problems

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_sample_images",
                                               REPO / "tools/make_sample_images.py")
sample_images = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample_images)

# What a phone writes and what must never reach the site.
SECRETS = (b"samsung", b"Galaxy A54", b"R5CT31", b"Exif\x00\x00", b"ns.adobe.com",
           b"Photoshop 3.0", b"8BIM", b"Nam \xc4\x90\xe1\xbb\x8bnh", b"GPS")


def photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """Something like a photograph: smooth shapes and a little grain."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(10, max(11, width // 4))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in "rgb"))
    grain = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    return Image.blend(image, grain, 0.05)


def phone_jpeg(width: int = 4032, height: int = 3024, orientation: int = 1, seed: int = 1) -> bytes:
    return sample_images.with_phone_metadata(photo(width, height, seed), seed, orientation)


def variants_of(data: bytes, name: str = "anh.jpg"):
    made = make_variants(data, name)
    assert not [note for note in made.notes if note.error], made.notes
    return made


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_no_metadata(data: bytes) -> None:
    image = opened(data)
    assert not image.getexif(), "EXIF left"
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), "GPS left"
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop"):
        assert key not in image.info, f"{key} left in {image.format}"
    if image.format == "JPEG":
        assert [marker for marker, _ in image.applist] == ["APP0"], image.applist  # JFIF only
    for secret in SECRETS:
        assert secret not in data, secret


def test_a_phone_photo_is_published_without_any_metadata():
    source = phone_jpeg()
    original = opened(source)  # the source really carries everything a phone writes
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "comment", "photoshop"} <= set(original.info)
    made = variants_of(source)
    assert len(made.files) == 8
    for variant, data in made.files:
        assert_no_metadata(data)
        assert opened(data).format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[variant.mime]


def test_colour_profiles_are_applied_and_dropped():
    buffer = io.BytesIO()
    adobe_like = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))  # not sRGB, not RGB
    photo(600, 400).save(buffer, "JPEG", icc_profile=ImageCms.ImageCmsProfile(
        ImageCms.createProfile("sRGB")).tobytes())
    for variant, data in variants_of(buffer.getvalue()).files:
        assert "icc_profile" not in opened(data).info
    # A profile Pillow cannot use is ignored, not fatal.
    buffer = io.BytesIO()
    photo(600, 400).save(buffer, "PNG", icc_profile=adobe_like.tobytes()[:100])
    assert variants_of(buffer.getvalue(), "a.png").files


def test_the_exif_orientation_is_applied_first():
    # Upright, the photo is red above and blue below; the phone stores it turned a quarter
    # left with Orientation = 6 ("turn right to show").
    upright = Image.new("RGB", (300, 400), (220, 20, 20))
    upright.paste((20, 20, 220), (0, 200, 300, 400))
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    assert stored.size == (400, 300)
    made = variants_of(sample_images.with_phone_metadata(stored, orientation=6))
    assert (made.width, made.height) == (300, 400)
    for variant, data in made.files:
        image = opened(data).convert("RGB")
        assert image.size == (variant.width, variant.height) == (300, 400)
        top, bottom = image.getpixel((150, 20)), image.getpixel((150, 380))
        assert top[0] > 180 and top[2] < 80, top
        assert bottom[2] > 180 and bottom[0] < 80, bottom


def test_a_camera_sized_portrait_comes_out_upright_at_every_width():
    made = variants_of(phone_jpeg(4032, 3024, orientation=6))
    assert (made.width, made.height) == (3024, 4032)
    assert sorted({v.width for v, _ in made.files}) == [400, 800, 1200, 1600]
    for variant, data in made.files:
        assert opened(data).size == (variant.width, variant.height)
        assert variant.height == round(variant.width * 4032 / 3024)


@pytest.mark.parametrize("width, widths", [
    (4032, [400, 800, 1200, 1600]), (1600, [400, 800, 1200, 1600]), (1250, [400, 800, 1200]),
    (1000, [400, 800, 1000]), (820, [400, 800]), (400, [400]), (300, [300]), (1, [1])])
def test_widths_of_the_layouts_never_upscaled(width, widths):
    buffer = io.BytesIO()
    photo(width, max(1, width // 2)).save(buffer, "PNG")
    made = variants_of(buffer.getvalue(), "a.png")
    assert sorted({v.width for v, _ in made.files}) == widths
    for variant, data in made.files:
        assert variant.width <= width
        assert opened(data).size == (variant.width, variant.height)


def test_transparency_keeps_a_png_fallback_and_opaque_alpha_does_not():
    logo = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse([100, 50, 400, 250], fill=(200, 30, 30, 255))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    made = variants_of(buffer.getvalue(), "logo.png")
    assert {v.mime for v, _ in made.files} == {"image/webp", "image/png"}
    for variant, data in made.files:
        image = opened(data)
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    opaque = photo(900, 300).convert("RGBA")
    buffer = io.BytesIO()
    opaque.save(buffer, "PNG")
    made = variants_of(buffer.getvalue(), "anh.png")
    assert {v.mime for v, _ in made.files} == {"image/webp", "image/jpeg"}


def test_the_same_picture_gives_the_same_bytes():
    source = phone_jpeg(2000, 1500)
    first, second = make_variants(source, "a.jpg"), make_variants(source, "a.jpg")
    assert [data for _, data in first.files] == [data for _, data in second.files]


def test_an_animated_gif_stays_animated():
    frames = [Image.new("P", (1000, 500), colour) for colour in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200,
                   loop=0, comment=b"made with a secret tool")
    made = variants_of(buffer.getvalue(), "hoat-hinh.gif")
    assert made.kind == "animation" and (made.width, made.height) == (1000, 500)
    assert [(v.mime, v.width, v.height) for v, _ in made.files] == [
        ("image/webp", 800, 400), ("image/gif", 800, 400)]
    for variant, data in made.files:
        image = opened(data)
        assert getattr(image, "n_frames", 1) == 3
        assert b"secret tool" not in data and "comment" not in image.info
    # A GIF of one frame is a still picture like any other.
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF")
    assert make_variants(buffer.getvalue(), "a.gif").kind == "photo"


SVG_DRAWING = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Created with Inkscape by nguyen.van.a -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     width="210mm" height="99mm" viewBox="0 0 210 99"
     inkscape:export-filename="/home/nguyen.van.a/Desktop/so-do.png">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">Tác giả</rdf:RDF></metadata>
  <sodipodi:namedview inkscape:window-width="1920"/>
  <title>Sơ đồ tổ chức</title>
  <rect x="10" y="10" width="50" height="20" fill="#c4161c" inkscape:label="Hộp"/>
  <image x="80" y="10" width="40" height="30" xlink:href="data:image/jpeg;base64,EMBEDDED"/>
</svg>"""


def test_an_svg_is_cleaned_not_rasterised():
    inner = base64.b64encode(phone_jpeg(80, 60)).decode()
    made = variants_of(SVG_DRAWING.replace("EMBEDDED", inner).encode(), "so-do.svg")
    assert made.kind == "vector" and (made.width, made.height) == (794, 374)  # 210 × 99 mm
    [(variant, data)] = made.files
    assert variant.mime == "image/svg+xml"
    text = data.decode()
    assert "<title>Sơ đồ tổ chức</title>" in text and "<rect" in text
    for gone in ("Inkscape", "inkscape", "sodipodi", "metadata", "nguyen.van.a", "Tác giả", "<!--"):
        assert gone not in text, gone
    embedded = base64.b64decode(text.split("base64,")[1].split('"')[0])
    assert_no_metadata(embedded)


@pytest.mark.parametrize("svg, words", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>',
     "<script>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"/>', "onload"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
     b'viewBox="0 0 10 10"><image xlink:href="https://tracker.example/p.png"/></svg>', "bên ngoài"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "ENTITY"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "kích thước"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect', "hỏng"),
])
def test_an_svg_that_could_run_code_or_fetch_is_refused(svg, words):
    made = make_variants(svg, "hinh.svg")
    assert not made.files
    [note] = made.notes
    assert note.error and words in note.message and note.fix


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares width × height and holds almost nothing: what a decompression bomb
    looks like to a reader of its header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    data = phone_jpeg(1600, 1200)
    return data[: len(data) * 2 // 3]


@pytest.mark.parametrize("name, make, words, fix_words", [
    ("ghi-chu.jpg", lambda: "Biên bản họp".encode(), "không phải là ảnh", "JPEG"),
    ("iphone.jpg", lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
     "HEIC", "Tương thích nhất"),
    ("rong.jpg", lambda: b"", "rỗng", "chép lại"),
    ("cat-cut.jpg", truncated_jpeg, "cắt cụt", "chép lại ảnh"),
    ("bom.png", lambda: png_header(20000, 20000), "bom giải nén", "40 megapixel"),
    ("qua-lon.png", lambda: png_header(8000, 6000), "48 megapixel", "thu nhỏ"),
    ("qua-nang.jpg", lambda: b"\xff\xd8\xff" + b"\x00" * (21 * 1024 * 1024), "21 MB", "thu nhỏ"),
    ("hong.png", lambda: png_header(100, 100)[:40] + b"\x00" * 50, "hỏng", "chép lại"),
])
def test_each_bad_picture_gets_its_message(name, make, words, fix_words):
    made = make_variants(make(), name)
    assert not made.files
    [note] = made.notes
    assert note.error and words in note.message, note.message
    assert fix_words in note.fix, note.fix


def test_a_large_picture_is_reduced_with_a_warning():
    made = variants_of(phone_jpeg())  # 4032 × 3024
    [note] = made.notes
    assert not note.error
    assert "4.032 × 3.024 px" in note.message and "đã thu nhỏ" in note.message
    buffer = io.BytesIO()
    photo(3200, 200).save(buffer, "PNG")  # wide but light: still reduced
    assert variants_of(buffer.getvalue(), "a.png").notes
    buffer = io.BytesIO()
    photo(2000, 1000).save(buffer, "JPEG")  # neither: nothing to say
    assert not variants_of(buffer.getvalue()).notes


# -- the store: cache, names, every core, reports


def write(folder: Path, name: str, data: bytes) -> Source:
    path = folder / "content" / "posts" / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Source(f"posts/images/{name}", path)


def test_pictures_are_processed_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_JOBS", "2")  # two workers, forked
    sources = [write(tmp_path, f"Ảnh hội nghị {n}.JPG", phone_jpeg(1700, 1000, seed=n))
               for n in range(3)]
    sources.append(write(tmp_path, "ban-sao.jpg", sources[0].file.read_bytes()))  # same bytes
    store = PictureStore(tmp_path / ".cache")
    pictures = store.pictures(sources)
    assert store.processed == 3  # the copy is the same picture
    first = pictures["posts/images/Ảnh hội nghị 0.JPG"]
    assert first.ok and first.stem == "anh-hoi-nghi-0"
    assert first.key == pictures["posts/images/ban-sao.jpg"].key
    names = [name for name, _ in first.file_names()]
    assert names[0] == f"anh-hoi-nghi-0-400.{first.key[:10]}.webp"
    assert names[-1] == f"anh-hoi-nghi-0-1600.{first.key[:10]}.jpg"

    again = PictureStore(tmp_path / ".cache")  # the next build
    assert again.pictures(sources) == pictures and again.processed == 0

    sources[1].file.write_bytes(phone_jpeg(1700, 1000, seed=9))  # one picture replaced
    third = PictureStore(tmp_path / ".cache")
    changed = third.pictures(sources)
    assert third.processed == 1
    assert changed["posts/images/Ảnh hội nghị 1.JPG"].key != pictures["posts/images/Ảnh hội nghị 1.JPG"].key


def test_published_files_are_the_variants_with_their_metadata(tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_JOBS", "1")
    source = write(tmp_path, "hoi-nghi.jpg", phone_jpeg())
    store = PictureStore(tmp_path / ".cache")
    picture = store.pictures([source])[source.path]
    site = tmp_path / "site" / "posts" / "images"
    written = store.publish(picture, site)
    assert sorted(path.name for path in site.iterdir()) == sorted(path.name for path in written)
    assert len(written) == 8 and not (site / "hoi-nghi.jpg").exists()
    for (name, variant) in picture.file_names():
        data = (site / name).read_bytes()
        assert len(data) == variant.size and opened(data).size == (variant.width, variant.height)
        assert_no_metadata(data)
    assert picture.site_path(picture.variants[0]) == \
        f"posts/images/hoi-nghi-400.{picture.key[:10]}.webp"
    assert picture.types == ("image/webp", "image/jpeg") and picture.fallback_type == "image/jpeg"
    share = picture.share
    assert (share.width, share.height, share.mime) == (1200, 900, "image/jpeg")
    assert picture.at_least(500, "image/webp").width == 800
    assert picture.at_least(5000).width == 1600

    # Two stores filling two caches write the same bytes: builds are reproducible.
    other = PictureStore(tmp_path / "elsewhere")
    twin = other.pictures([source])[source.path]
    for (_, mine), (_, theirs) in zip(store.files(picture), other.files(twin)):
        assert mine.read_bytes() == theirs.read_bytes()


def test_notes_become_problems_of_the_file_that_shows_the_picture(tmp_path):
    good = write(tmp_path, "lon.jpg", phone_jpeg())
    bad = write(tmp_path, "hong.jpg", b"not a picture")
    store = PictureStore(tmp_path / ".cache")
    pictures = store.pictures([good, bad])
    assert pictures[good.path].ok and not pictures[bad.path].ok
    assert not pictures[bad.path].variants
    problems = Problems()
    for source in (good, bad):
        pictures[source.path].report(problems, "content/posts/bai.md", "images/" +
                                     source.file.name, line=7, field="image")
    [warning], [error] = problems.notes, problems.errors  # a reduced photo is a note
    assert (warning.file, warning.line, warning.field) == ("content/posts/bai.md", 7, "image")
    assert warning.message.startswith("ảnh images/lon.jpg: ảnh gốc lớn")
    assert error.message.startswith("ảnh images/hong.jpg: tệp không phải là ảnh")
    assert "Cách sửa" in problems.report()
    # Cached, a bad picture is reported again, not forgotten.
    assert not PictureStore(tmp_path / ".cache").pictures([bad])[bad.path].ok


def test_unused_entries_are_pruned_after_a_month(tmp_path):
    source = write(tmp_path, "a.png", png_bytes(photo(500, 300)))
    store = PictureStore(tmp_path / ".cache")
    picture = store.pictures([source])[source.path]
    entry = store.files(picture)[0][1].parent
    store.prune([picture.key])
    assert entry.exists()
    old = time.time() - 40 * 86400
    os.utime(entry, (old, old))
    store.prune([])
    assert not entry.exists()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_the_markup_offers_webp_first_with_sizes_and_the_proportions(tmp_path):
    sources = [write(tmp_path, "hoi-nghi.jpg", phone_jpeg(2000, 1500)),
               write(tmp_path, "so-do.svg", SVG_DRAWING.split("<image")[0].encode() + b"</svg>")]
    pictures = PictureStore(tmp_path / ".cache").pictures(sources)
    photo_, drawing = (pictures[source.path] for source in sources)
    key = photo_.key[:10]
    html = picture_html(photo_, lambda path: "../" + path, 'Hội nghị "tổng kết"', "100vw",
                        lazy=False)
    webp = ", ".join(f"../posts/images/hoi-nghi-{w}.{key}.webp {w}w" for w in (400, 800, 1200, 1600))
    jpeg = webp.replace(".webp", ".jpg")
    assert html == (f'<picture><source type="image/webp" srcset="{webp}" sizes="100vw">'
                    f'<img src="../posts/images/hoi-nghi-800.{key}.jpg" srcset="{jpeg}" '
                    'sizes="100vw" width="800" height="600" alt="Hội nghị &#34;tổng kết&#34;" '
                    'fetchpriority="high" decoding="async"></picture>')
    lazy = picture_html(photo_, lambda path: path, "", "8rem")
    assert 'loading="lazy"' in lazy and "fetchpriority" not in lazy
    svg_html = picture_html(drawing, lambda path: path, "Sơ đồ", "100vw")
    assert svg_html.startswith('<img src="posts/images/so-do-794.') and "srcset" not in svg_html


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def test_a_phone_video_loses_its_position_and_nothing_else():
    location = box(b"\xa9xyz", b"\x00\x12\x15\xc7+20.4254+106.1683/")
    apple = box(b"meta", box(b"keys", b"com.apple.quicktime.location.ISO6709") +
                box(b"ilst", b"+20.4254+106.1683+003.000/"))
    movie = box(b"moov", box(b"mvhd", b"\x00" * 100) + box(b"udta", location) +
                box(b"trak", box(b"tkhd", b"\x01" * 84) + apple))
    data = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + movie + box(b"mdat", b"\x07" * 500)
    assert video.has_location(data)
    clean = video.strip_metadata(data)
    assert len(clean) == len(data) and not video.has_location(clean)
    assert b"+20.4254" not in clean
    for kept in (b"isomiso2mp41", b"mvhd" + b"\x00" * 100, b"tkhd" + b"\x01" * 84, b"\x07" * 500):
        assert kept in clean
    assert clean.count(b"free") == 2
    assert video.strip_metadata(b"\x1aE\xdf\xa3 webm") == b"\x1aE\xdf\xa3 webm"
