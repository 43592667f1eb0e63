#!/usr/bin/env python3
"""Write a deterministic synthetic portal in the SPEC format, for benchmarks.

    python bench/make_corpus.py N [--out bench/corpus-N] [--blog OUT] [--photos K [--grain G]]

N posts of 300–800 Vietnamese words with headings, lists, tables and images, spread over the
years up to 2026; blocs, units, yearly terms, award decisions, documents, campaigns and
consultations scale with N (10,000 posts: 50 blocs, 500 units, 20,000 award records, 500
documents, 20 campaigns, 50 consultations). The same N always gives the same files.

--photos K makes the pictures what editors really commit: K phone photos of 4032 × 3024 px
(about 6 MB each at the default --grain 14, with EXIF camera, serial number and GPS position,
XMP, IPTC and a comment; tools/make_sample_images.py draws them), used in turn by the posts
that have a picture instead of the small sample drawings. K ≥ the number of posts with a
picture (two posts in three) gives every such post its own photo.

--blog also writes the same posts as a Material for MkDocs blog (docs/blog/posts/), the
reference the benchmark compares against.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_IMAGES = [path for path in sorted((REPO / "content/posts/images").glob("*.jpg"))
                 if not path.name.startswith("anh-dien-thoai")][:8]  # drawings, not the photo
FIRST_YEAR, LAST_YEAR = 2005, 2026

SUBJECTS = ["Khối thi đua", "Cụm thi đua", "Ban Thi đua – Khen thưởng", "Hội đồng Thi đua",
            "các đơn vị trong khối", "cán bộ, công chức", "Đảng ủy cơ quan", "Công đoàn cơ sở",
            "Đoàn thanh niên", "lãnh đạo sở", "Ủy ban nhân dân huyện", "các phòng chuyên môn"]
VERBS = ["tổ chức", "triển khai", "phát động", "tổng kết", "sơ kết", "đánh giá", "bình xét",
         "ký kết", "hướng dẫn", "kiểm tra", "đôn đốc", "biểu dương", "nhân rộng", "đề nghị"]
OBJECTS = ["phong trào thi đua yêu nước", "giao ước thi đua", "công tác khen thưởng",
           "các tiêu chí chấm điểm", "điển hình tiên tiến", "cải cách hành chính",
           "chuyển đổi số", "văn hóa công sở", "xây dựng nông thôn mới", "kế hoạch năm",
           "nhiệm vụ chính trị", "sáng kiến kinh nghiệm", "quy chế hoạt động của khối"]
TAILS = ["một cách thiết thực và hiệu quả", "gắn với nhiệm vụ chuyên môn", "theo đúng quy định",
         "với nhiều cách làm sáng tạo", "trong toàn tỉnh", "ngay từ đầu năm",
         "bảo đảm công khai, dân chủ", "đến từng cơ quan, đơn vị", "trong sáu tháng đầu năm"]
HEADINGS = ["Kết quả nổi bật", "Những hạn chế cần khắc phục", "Phương hướng năm tới",
            "Khen thưởng và biểu dương", "Ý kiến chỉ đạo", "Các giải pháp trọng tâm"]
TAGS = ["thi đua", "khen thưởng", "giao ước", "tổng kết", "sơ kết", "điển hình tiên tiến",
        "Cờ thi đua", "Bằng khen", "chuyển đổi số", "cải cách hành chính"]
UNIT_KINDS = [("so", "Sở", "Sở, ngành"), ("ban", "Ban", "Cơ quan Đảng"),
              ("ubnd-huyen", "UBND huyện", "Cấp huyện"), ("trung-tam", "Trung tâm", "Đơn vị sự nghiệp")]
UNIT_NAMES = ["Tài chính", "Nội vụ", "Tư pháp", "Xây dựng", "Công Thương", "Y tế", "Giáo dục",
              "Văn hóa", "Nông nghiệp", "Khoa học", "Giao thông", "Tài nguyên", "Lao động",
              "Ngoại vụ", "Du lịch", "Thông tin", "Kế hoạch", "Dân tộc", "Thanh tra", "Môi trường"]
PLACES = ["Bắc", "Nam", "Đông", "Tây", "Trung", "Thượng", "Hạ", "Tân", "Phú", "An"]
CATEGORIES = [("tin-hoat-dong", "Tin hoạt động"), ("tin-khen-thuong", "Khen thưởng"),
              ("guong-dien-hinh", "Gương điển hình tiên tiến"),
              ("van-ban-chi-dao", "Văn bản chỉ đạo"), ("ky-ket-giao-uoc", "Ký kết giao ước")]
TITLES_UNIT = ["co-thi-dua-ubnd-tinh", "tap-the-lao-dong-xuat-sac", "bang-khen-chu-tich-ubnd-tinh",
               "giay-khen", "co-thi-dua-chinh-phu"]
TITLES_PERSON = ["chien-si-thi-dua-cap-tinh", "chien-si-thi-dua-co-so", "lao-dong-tien-tien",
                 "bang-khen-chu-tich-ubnd-tinh", "giay-khen"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Thị Hằng", "Văn Nam", "Thu Hà", "Minh Tuấn", "Thị Lan", "Quốc Việt", "Hồng Nhung",
         "Đức Anh", "Thanh Bình", "Ngọc Mai"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(TAILS)}.")


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def post_body(rng: random.Random, words: int, image: str | None) -> str:
    parts = [paragraph(rng, 3)]
    count = len(parts[0].split())
    heading = 0
    while count < words:
        parts.append(f"## {HEADINGS[heading % len(HEADINGS)]}")
        heading += 1
        text = paragraph(rng, rng.randint(3, 6))
        parts.append(text)
        count += len(text.split()) + 3
        roll = rng.random()
        if roll < 0.35:
            items = [f"- {rng.choice(VERBS)} {rng.choice(OBJECTS)};" for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(items))
            count += 4 * len(items)
        elif roll < 0.55:
            rows = [f"| {rng.choice(UNIT_NAMES)} | {rng.randint(80, 100)} | {rng.choice(['Xuất sắc', 'Tốt', 'Khá'])} |"
                    for _ in range(rng.randint(3, 6))]
            parts.append("| Đơn vị | Điểm | Xếp loại |\n|---|---|---|\n" + "\n".join(rows))
            count += 5 * len(rows)
        elif roll < 0.65 and image:
            parts.append(f"![Quang cảnh {rng.choice(OBJECTS)}](images/{image})")
    return "\n\n".join(parts) + "\n"


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def make(n: int, out: Path, blog: Path | None = None, photos: int = 0, grain: int = 14) -> None:
    rng = random.Random(n)
    if out.exists():
        shutil.rmtree(out)
    (out / "content/posts/images").mkdir(parents=True)
    (out / "data/decisions").mkdir(parents=True)
    images = write_photos(out / "content/posts/images", photos, grain) if photos else []
    for index, image in enumerate(SAMPLE_IMAGES if not photos else ()):
        name = f"anh-{index + 1}.jpg"
        shutil.copyfile(image, out / "content/posts/images" / name)
        images.append(name)

    n_units, n_blocs = max(25, n // 20), max(3, n // 200)
    units = []
    for index in range(n_units):
        prefix, word, kind = UNIT_KINDS[index % len(UNIT_KINDS)]
        name = f"{word} {UNIT_NAMES[index % len(UNIT_NAMES)]} {PLACES[(index // 20) % 10]} {index + 1}"
        units.append((f"{prefix}-{index + 1}", name, kind))
    with open(out / "data/units.yml", "w", encoding="utf-8") as handle:
        handle.write("units:\n")
        for ident, name, kind in units:
            handle.write(f"  - id: {ident}\n    name: {name}\n    kind: {kind}\n")

    bloc_members: dict[str, list[str]] = {}
    with open(out / "data/blocs.yml", "w", encoding="utf-8") as handle:
        handle.write("blocs:\n")
        for b in range(n_blocs):
            ident = f"khoi-{b + 1}"
            members = [units[i][0] for i in range(b, n_units, n_blocs)]
            bloc_members[ident] = members
            handle.write(f"  - id: {ident}\n    name: Khối thi đua số {b + 1}\n"
                         f"    kind: {'cum' if b % 5 == 4 else 'khoi'}\n"
                         f"    description: Khối thi đua số {b + 1} gồm {len(members)} đơn vị.\n"
                         "    terms:\n")
            for year in range(2015, LAST_YEAR + 1):
                term = members[: max(2, len(members) - (year % 3))]
                leader, deputy = term[year % len(term)], term[(year + 1) % len(term)]
                handle.write(f"      - year: {year}\n        members: [{', '.join(term)}]\n"
                             f"        leader: {leader}\n        deputy: {deputy}\n"
                             f"        agreement_date: {year}-01-{10 + year % 18}\n")

    with open(out / "data/categories.yml", "w", encoding="utf-8") as handle:
        handle.write("categories:\n")
        for ident, name in CATEGORIES:
            handle.write(f"  - id: {ident}\n    name: {name}\n    description: Chuyên mục {name}.\n")

    records, number = 0, 0
    while records < 2 * n:
        number += 1
        year = FIRST_YEAR + number % (LAST_YEAR - FIRST_YEAR)
        bloc = f"khoi-{number % n_blocs + 1}"
        proposal = number % 7 == 0
        folder = out / "data/decisions" / str(year)
        folder.mkdir(exist_ok=True)
        lines = [f'number: "{number}/{"TTr-KTĐ" if proposal else "QĐ-UBND"}"',
                 f"date: {year}-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
                 f"issuer: {'Khối thi đua số ' + bloc[5:] if proposal else 'Chủ tịch UBND tỉnh'}",
                 f"status: {'de-nghi' if proposal else 'quyet-dinh'}", f'period: "{year - 1}"',
                 f"reason: {quoted(sentence(rng))}", f"bloc: {bloc}", "awards:"]
        for a in range(10):
            if a % 2:
                title = TITLES_PERSON[(number + a) % len(TITLES_PERSON)]
                unit = rng.choice(bloc_members[bloc])
                lines.append(f"  - title: {title}\n    person:\n"
                             f"      name: {rng.choice(SURNAMES)} {rng.choice(GIVEN)}\n"
                             f"      position: Chuyên viên\n      unit: {unit}")
            else:
                title = TITLES_UNIT[(number + a) % len(TITLES_UNIT)]
                lines.append(f"  - title: {title}\n    unit: {rng.choice(bloc_members[bloc])}")
            records += 1
        (folder / f"{number}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    write_portal(out, n, rng, units)

    blog_posts = None
    if blog is not None:
        if blog.exists():
            shutil.rmtree(blog)
        blog_posts = blog / "docs/blog/posts"
        (blog_posts / "images").mkdir(parents=True)
        for name in images:
            shutil.copyfile(out / "content/posts/images" / name, blog_posts / "images" / name)
        (blog / "docs/index.md").write_text("# Trang chủ\n", encoding="utf-8")
        (blog / "docs/blog/index.md").write_text("# Tin tức\n", encoding="utf-8")
        (blog / "mkdocs.yml").write_text(
            "site_name: Tham chiếu\nsite_url: https://example.vn/\ntheme:\n  name: material\n"
            "  language: vi\n  font: false\n  features: [navigation.prune]\n"
            "plugins:\n  - blog\nnav:\n  - index.md\n  - Tin tức: blog/index.md\n",
            encoding="utf-8")

    for index in range(n):
        year = FIRST_YEAR + index * (LAST_YEAR - FIRST_YEAR + 1) // n
        day = f"{year}-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
        title = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} số {index + 1}"
        # With phone photos, each post with a picture takes the next one.
        turn = index - index // 3 - 1 if photos else index
        image = images[turn % len(images)] if index % 3 else None
        body = post_body(rng, rng.randint(300, 800), image)
        bloc = f"khoi-{index % n_blocs + 1}"
        front = [f"title: {quoted(title)}", f"date: {day} {index % 24:02d}:{index % 60:02d}",
                 f"category: {CATEGORIES[index % len(CATEGORIES)][0]}", f"blocs: [{bloc}]",
                 f"units: [{bloc_members[bloc][index % len(bloc_members[bloc])]}]",
                 f"tags: [{TAGS[index % len(TAGS)]}, {TAGS[(index * 7) % len(TAGS)]}]",
                 f"author: {quoted(rng.choice(SURNAMES) + ' ' + rng.choice(GIVEN))}"]
        if image:
            front += [f"image: images/{image}", f"image_alt: {quoted('Quang cảnh hội nghị số ' + str(index + 1))}"]
        if index % 97 == 0:
            front.append("featured: true")
        name = f"{day}-bai-{index + 1:05d}.md"
        (out / "content/posts" / name).write_text("---\n" + "\n".join(front) + "\n---\n\n" + body,
                                                  encoding="utf-8")
        if blog_posts is not None:
            blog_front = [f"date: {day}", f"categories:\n  - {CATEGORIES[index % len(CATEGORIES)][1]}"]
            (blog_posts / name).write_text("---\n" + "\n".join(blog_front) + "\n---\n\n"
                                           f"# {title}\n\n{body}", encoding="utf-8")

    (out / "mkdocs.yml").write_text(
        "site_name: Cổng thử nghiệm hiệu năng\nsite_url: https://thidua.example.vn/\n"
        "docs_dir: content\ntheme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins:\n  - thidua\n", encoding="utf-8")


DOCUMENT_TYPES = [("quyet-dinh", "QĐ-UBND"), ("ke-hoach", "KH-UBND"), ("huong-dan", "HD-KTĐ"),
                  ("thong-bao", "TB-HĐTĐKT"), ("cong-van", "CV-KTĐ")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def write_portal(out: Path, n: int, rng: random.Random, units: list) -> None:
    """The documents library, campaigns and consultations (SPEC §11–13), scaled with N."""
    n_campaigns, n_documents, n_consultations = max(2, n // 500), max(10, n // 20), max(2, n // 200)
    with open(out / "data/campaigns.yml", "w", encoding="utf-8") as handle:
        handle.write("campaigns:\n")
        for c in range(n_campaigns):
            year = FIRST_YEAR + c % (LAST_YEAR - FIRST_YEAR)
            handle.write(f"  - id: phong-trao-{c + 1}\n    name: Thi đua {OBJECTS[c % len(OBJECTS)]} "
                         f"đợt {c + 1}\n    launched: {year}-03-{c % 27 + 1:02d}\n"
                         f"    issuer: UBND tỉnh\n    period: \"{year}-{year + 4}\"\n"
                         f"    description: {quoted(sentence(rng))}\n")
    folder = out / "data/documents"
    (folder / "files").mkdir(parents=True)
    (folder / "files/van-ban.pdf").write_bytes(PDF)
    for d in range(n_documents):
        kind, suffix = DOCUMENT_TYPES[d % len(DOCUMENT_TYPES)]
        year = FIRST_YEAR + d % (LAST_YEAR - FIRST_YEAR)
        lines = [f'number: "{d + 1}/{year}/{suffix}"', f"title: {quoted(sentence(rng))}",
                 f"type: {kind}", "issuer: UBND tỉnh", f"signed: {year}-{d % 12 + 1:02d}-10",
                 "file: files/van-ban.pdf",
                 f"topics: [{OBJECTS[d % len(OBJECTS)]}, {OBJECTS[(d * 5) % len(OBJECTS)]}]"]
        if d % 10 == 0:
            lines.append(f"campaign: phong-trao-{d // 10 % n_campaigns + 1}")
        (folder / f"van-ban-{d + 1}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for c in range(n_consultations):
        year = 2010 + c % 16
        folder = out / "data/consultations" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"title: Lấy ý kiến nhân dân về đề nghị khen thưởng đợt {c + 1} năm {year}",
                 f"description: {quoted(sentence(rng))}", f"opens: {year}-{c % 10 + 1:02d}-01",
                 f"closes: {year}-{c % 10 + 2:02d}-15", "issuer: Hội đồng Thi đua – Khen thưởng tỉnh",
                 "contact:\n  office: Ban Thi đua – Khen thưởng tỉnh", "candidates:"]
        for a in range(10):
            title = TITLES_UNIT[(c + a) % len(TITLES_UNIT)]
            lines.append(f"  - title: {title}\n    unit: {units[(c * 10 + a) % len(units)][0]}")
        (folder / f"dot-{c + 1}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_photos(folder: Path, count: int, grain: int) -> list[str]:
    """`count` phone photos, each of another drawing and grain seed: no two alike."""
    spec = importlib.util.spec_from_file_location("make_sample_images",
                                                  REPO / "tools/make_sample_images.py")
    sample_images = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample_images)
    names = []
    for number in range(count):
        name = f"dien-thoai-{number + 1:03d}.jpg"
        (folder / name).write_bytes(sample_images.camera_photo(number, seed=number, grain=grain))
        names.append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of posts")
    parser.add_argument("--out", type=Path, help="folder (default bench/corpus-N)")
    parser.add_argument("--blog", type=Path, help="also write the Material blog reference here")
    parser.add_argument("--photos", type=int, default=0,
                        help="this many camera-sized phone photos (4032 × 3024, EXIF with GPS)")
    parser.add_argument("--grain", type=int, default=14,
                        help="the photos' sensor grain: 3 gives ~3 MB, 14 ~6 MB a photo")
    args = parser.parse_args()
    out = args.out or REPO / "bench" / (f"corpus-{args.n}" + (f"-photos-{args.photos}"
                                                              if args.photos else ""))
    make(args.n, out, args.blog, args.photos, args.grain)
    print(f"Wrote {args.n} posts to {out}" + (f" with {args.photos} phone photos" if args.photos
                                             else "")
          + (f" and the blog reference to {args.blog}" if args.blog else ""))


if __name__ == "__main__":
    main()
