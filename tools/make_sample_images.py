#!/usr/bin/env python3
"""Regenerate the sample pictures in content/posts/images/ (sample content only).

This script only redraws the illustrative pictures used by the sample posts. It is NOT part
of the site build and nothing in the build imports it. It needs Pillow (`pip install Pillow`)
and the DejaVu fonts (Debian/Ubuntu package fonts-dejavu-core), which contain the Vietnamese
glyphs.

Every picture is a flat, deterministic drawing (fixed random seeds), 1200×675 px, saved as
JPEG under 120 KB, so running the script twice gives the same files. One more is what
editors really drop next to a post: a phone photo (CAMERA_PHOTO), 4032 × 3024 px, a few MB,
with the EXIF a phone writes (make, model, serial number, time, GPS position), XMP, IPTC and a
comment, all of which the site must strip. `camera_photo()` makes such photos for the bench
corpus (bench/make_corpus.py --photos) and the tests too.

A PDF attachment is made too (SAMPLE_PDF, beside the posts).

Usage:  python3 tools/make_sample_images.py [OUTPUT_DIR]
"""
import io
import math
import pathlib
import random
import sys

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFont

FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

OUT_W, OUT_H = 1200, 675
S = 2  # drawn at twice the size, then scaled down for smooth edges
W, H = OUT_W * S, OUT_H * S
MAX_BYTES = 120 * 1024

RED = (196, 22, 28)
DARK_RED = (140, 12, 18)
YELLOW = (255, 221, 0)
GOLD = (212, 160, 23)
CREAM = (246, 236, 214)
WHITE = (255, 255, 255)
SKIN = (236, 196, 160)
HAIR = [(30, 24, 20), (45, 35, 30), (70, 60, 55), (20, 20, 20), (110, 105, 100)]
SHIRTS = [(255, 255, 255), (235, 240, 248), (40, 55, 90), (60, 60, 70), (250, 250, 245), (120, 30, 40)]


# ---------------------------------------------------------------- helpers
def font(size, bold=True):
    return ImageFont.truetype(FONT_BOLD if bold else FONT_REGULAR, size)


def text_width(draw, text, fnt):
    box = draw.textbbox((0, 0), text, font=fnt)
    return box[2] - box[0]


def fit_font(draw, text, max_w, start, bold=True, minimum=14):
    size = start
    while size > minimum and text_width(draw, text, font(size, bold)) > max_w:
        size -= 2
    return font(size, bold)


def wrap(draw, text, fnt, max_w):
    """Greedy word wrap, then narrowed step by step so the lines come out balanced.

    A title may also carry its own line breaks ("\n"); then each part is kept on its line.
    """
    if "\n" in text:
        return [ln.strip() for ln in text.split("\n")]

    def greedy(limit):
        lines, line = [], ""
        for word in text.split():
            trial = (line + " " + word).strip()
            if line and text_width(draw, trial, fnt) > limit:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
        return lines

    best = greedy(max_w)
    limit = max_w
    while limit > max_w // 3:
        limit -= 10
        trial = greedy(limit)
        if len(trial) > len(best) or any(text_width(draw, ln, fnt) > limit for ln in trial):
            break
        best = trial
    return best


def centered_text(draw, cx, y, text, fnt, fill):
    w = text_width(draw, text, fnt)
    draw.text((cx - w // 2, y), text, font=fnt, fill=fill)


def star(draw, cx, cy, r, fill, rotation=-90):
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = math.radians(rotation + i * 36)
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(pts, fill=fill)


def national_flag(draw, x, y, w):
    h = int(w * 2 / 3)
    draw.rectangle([x, y, x + w, y + h], fill=(218, 37, 29))
    star(draw, x + w / 2, y + h / 2, h * 0.32, YELLOW)


def party_flag(draw, x, y, w):
    """The Party flag: red field with the hammer and sickle (the ☭ glyph of DejaVu Sans)."""
    h = int(w * 2 / 3)
    draw.rectangle([x, y, x + w, y + h], fill=(218, 37, 29))
    fnt = font(int(h * 0.8), bold=False)
    box = draw.textbbox((0, 0), "\u262d", font=fnt)
    gw, gh = box[2] - box[0], box[3] - box[1]
    draw.text((x + (w - gw) / 2 - box[0], y + (h - gh) / 2 - box[1]), "\u262d", font=fnt, fill=YELLOW)


def backdrop(draw, box, top_line, title, sub_lines=(), color=RED, text=YELLOW, flags=True, text_bottom=None):
    """The stage backdrop (phông hội nghị) with its lettering; text ends above text_bottom."""
    x0, y0, x1, y1 = box
    text_bottom = text_bottom or (y1 - 40)
    draw.rectangle(box, fill=color)
    draw.rectangle(box, outline=GOLD, width=10)
    draw.rectangle([x0 + 22, y0 + 22, x1 - 22, y1 - 22], outline=(235, 190, 60), width=3)
    left = x0 + 60
    if flags:
        fw = 150
        national_flag(draw, x0 + 70, y0 + 60, fw)
        party_flag(draw, x0 + 70, y0 + 90 + int(fw * 2 / 3), fw)
        left = x0 + 110 + fw
    cx = (left + x1 - 60) // 2
    max_w = (x1 - 60) - left

    def layout(size):
        tf = font(size)
        lines = wrap(draw, title, tf, max_w)
        top_f = fit_font(draw, top_line, max_w, min(46, size)) if top_line else None
        sub_fs = [fit_font(draw, sub, max_w, min(40, int(size * 0.55)), bold=False) for sub in sub_lines]
        height = (top_f.size + 34 if top_f else 0) + len(lines) * int(size * 1.22) + 14
        height += sum(f.size + 16 for f in sub_fs)
        return tf, lines, top_f, sub_fs, height

    size = 92
    tf, lines, top_f, sub_fs, height = layout(size)
    while size > 36 and (len(lines) > 2 or y0 + 60 + height > text_bottom):
        size -= 4
        tf, lines, top_f, sub_fs, height = layout(size)
    y = y0 + 60 + max(0, (text_bottom - (y0 + 60) - height) // 3)
    if top_f:
        centered_text(draw, cx, y, top_line, top_f, WHITE)
        y += top_f.size + 34
    for line in lines:
        centered_text(draw, cx, y, line, fit_font(draw, line, max_w, tf.size), text)
        y += int(tf.size * 1.22)
    y += 14
    for sub, f in zip(sub_lines, sub_fs):
        centered_text(draw, cx, y, sub, f, WHITE)
        y += f.size + 16


def person(draw, cx, base_y, scale, shirt, hair, rng=None, tie=None, arms_up=False):
    """A simple standing or seated figure seen from the front, feet/edge at base_y."""
    head_r = 34 * scale
    body_h = 150 * scale
    body_w = 120 * scale
    top = base_y - body_h
    draw.rounded_rectangle([cx - body_w / 2, top, cx + body_w / 2, base_y], radius=int(40 * scale), fill=shirt)
    if shirt in ((255, 255, 255), (235, 240, 248), (250, 250, 245)):
        draw.rounded_rectangle([cx - body_w / 2, top, cx + body_w / 2, base_y], radius=int(40 * scale),
                               outline=(200, 200, 205), width=max(2, int(3 * scale)))
    if tie:
        draw.polygon([(cx, top + 8 * scale), (cx - 10 * scale, top + 60 * scale), (cx, top + 80 * scale),
                      (cx + 10 * scale, top + 60 * scale)], fill=tie)
    hy = top - head_r * 0.8
    draw.ellipse([cx - 14 * scale, top - 18 * scale, cx + 14 * scale, top + 6 * scale], fill=SKIN)
    draw.ellipse([cx - head_r, hy - head_r, cx + head_r, hy + head_r], fill=SKIN)
    draw.chord([cx - head_r - 2, hy - head_r - 4, cx + head_r + 2, hy + head_r * 0.5], 180, 360, fill=hair)
    if arms_up:
        draw.line([(cx + body_w / 2 - 10 * scale, top + 30 * scale), (cx + body_w / 2 + 40 * scale, top - 40 * scale)],
                  fill=shirt, width=int(26 * scale))


def audience(draw, rng, y_start, rows=4, seat=(150, 20, 30)):
    """Rows of seats and heads seen from behind."""
    for r in range(rows):
        y = y_start + r * 120
        size = 1.0 + r * 0.18
        step = int(150 * size)
        offset = (r % 2) * step // 2 - 40
        for x in range(offset, W + step, step):
            jx = rng.randint(-12, 12)
            hr = int(38 * size)
            # chair back
            draw.rounded_rectangle([x - 70 * size, y + 30 * size, x + 70 * size, y + 150 * size], radius=int(18 * size),
                                   fill=seat)
            if rng.random() < 0.82:
                shirt = rng.choice(SHIRTS)
                draw.rounded_rectangle([x + jx - 58 * size, y + 40 * size, x + jx + 58 * size, y + 160 * size],
                                       radius=int(30 * size), fill=shirt)
                draw.ellipse([x + jx - hr, y - hr + 10, x + jx + hr, y + hr + 10], fill=rng.choice(HAIR))


def stage(draw, y_top, y_bottom, color=(150, 100, 60)):
    draw.rectangle([0, y_top, W, y_bottom], fill=color)
    draw.rectangle([0, y_bottom - 26, W, y_bottom], fill=tuple(max(0, c - 45) for c in color))


def flower_pot(draw, cx, base_y, scale=1.0, rng=None, colors=((230, 40, 60), (250, 200, 40), (255, 120, 150))):
    r = rng or random.Random(7)
    draw.polygon([(cx - 70 * scale, base_y - 130 * scale), (cx + 70 * scale, base_y - 130 * scale),
                  (cx + 50 * scale, base_y), (cx - 50 * scale, base_y)], fill=(170, 120, 40))
    for _ in range(26):
        fx = cx + r.randint(-100, 100) * scale
        fy = base_y - 130 * scale - r.randint(10, 170) * scale
        rr = r.randint(16, 28) * scale
        draw.ellipse([fx - rr, fy - rr, fx + rr, fy + rr], fill=r.choice(((40, 130, 50), (60, 150, 60)) + tuple(colors)))


def podium(draw, cx, base_y, label=None):
    draw.polygon([(cx - 110, base_y - 330), (cx + 110, base_y - 330), (cx + 90, base_y), (cx - 90, base_y)],
                 fill=(120, 70, 35))
    draw.rectangle([cx - 125, base_y - 350, cx + 125, base_y - 320], fill=(95, 55, 25))
    star(draw, cx, base_y - 200, 60, YELLOW)
    draw.ellipse([cx - 82, base_y - 282, cx + 82, base_y - 118], outline=YELLOW, width=6)
    draw.line([(cx + 40, base_y - 350), (cx + 70, base_y - 420)], fill=(40, 40, 40), width=6)
    draw.ellipse([cx + 58, base_y - 440, cx + 86, base_y - 412], fill=(40, 40, 40))


def presidium(draw, x0, x1, table_y, rng, people=5, cloth=WHITE, skirt=(30, 70, 150)):
    step = (x1 - x0) / people
    for i in range(people):
        cx = x0 + step * (i + 0.5)
        person(draw, cx, table_y + 40, 1.15, rng.choice(SHIRTS[:4]), rng.choice(HAIR), tie=rng.choice([None, RED, (30, 40, 90)]))
    draw.rectangle([x0 - 30, table_y, x1 + 30, table_y + 40], fill=cloth)
    draw.rectangle([x0 - 30, table_y + 40, x1 + 30, table_y + 200], fill=skirt)
    for i in range(people + 1):
        xx = x0 - 30 + (x1 - x0 + 60) * i / people
        draw.line([(xx, table_y + 40), (xx, table_y + 200)], fill=tuple(max(0, c - 30) for c in skirt), width=4)
    for i in range(people):
        cx = x0 + step * (i + 0.5)
        draw.polygon([(cx - 60, table_y + 8), (cx + 60, table_y + 8), (cx + 50, table_y - 40), (cx - 50, table_y - 40)],
                     fill=WHITE, outline=(180, 180, 180))
        draw.line([(cx - 32, table_y - 18), (cx + 32, table_y - 18)], fill=(60, 60, 60), width=5)
        flower = (cx + step * 0.45, table_y - 6)
        if i < people - 1:
            draw.ellipse([flower[0] - 26, flower[1] - 30, flower[0] + 26, flower[1] + 10], fill=(230, 60, 80))
            draw.ellipse([flower[0] - 10, flower[1] - 40, flower[0] + 14, flower[1] - 16], fill=(250, 210, 60))


# ---------------------------------------------------------------- scenes
def scene_conference(d, rng, spec):
    wall = spec.get("wall", CREAM)
    d.rectangle([0, 0, W, H], fill=wall)
    for x in range(0, W, 160):
        d.line([(x, 0), (x, 760)], fill=tuple(max(0, c - 10) for c in wall), width=3)
    backdrop(d, (170, 50, W - 170, 700), spec.get("top"), spec["title"], spec.get("subs", ()),
             color=spec.get("backdrop", RED), text_bottom=500)
    stage(d, 700, 900)
    presidium(d, 560, 1840, 720, rng, people=spec.get("people", 5), skirt=spec.get("skirt", (30, 70, 150)))
    podium(d, 2130, 900)
    flower_pot(d, 330, 900, 1.2, random.Random(rng.random()))
    d.rectangle([0, 900, W, H], fill=(95, 30, 30))
    audience(d, rng, 960, rows=3, seat=spec.get("seat", (165, 25, 35)))


def scene_signing(d, rng, spec):
    d.rectangle([0, 0, W, H], fill=(238, 230, 215))
    backdrop(d, (140, 40, W - 140, 640), spec.get("top"), spec["title"], spec.get("subs", ()),
             color=spec.get("backdrop", RED), text_bottom=560)
    d.rectangle([0, 640, W, H], fill=(175, 140, 100))
    # people standing behind the table, two in the middle shaking hands
    xs = [420, 760, 1640, 1980]
    for x in xs:
        person(d, x, 1000, 1.6, rng.choice(SHIRTS[:4]), rng.choice(HAIR), tie=rng.choice([RED, (30, 40, 90)]))
    person(d, 1060, 1000, 1.7, (40, 55, 90), HAIR[0], tie=RED)
    person(d, 1340, 1000, 1.7, (60, 60, 70), HAIR[2], tie=(30, 40, 90))
    # handshake
    d.line([(1120, 830), (1200, 900)], fill=(40, 55, 90), width=44)
    d.line([(1280, 830), (1200, 900)], fill=(60, 60, 70), width=44)
    d.ellipse([1170, 870, 1232, 930], fill=SKIN)
    # table
    d.rectangle([200, 990, W - 200, 1040], fill=WHITE)
    d.rectangle([200, 1040, W - 200, H], fill=spec.get("cloth", (20, 80, 160)))
    for i in range(5):
        x = 360 + i * 420
        d.polygon([(x - 130, 1010), (x + 130, 1010), (x + 150, 1035), (x - 110, 1035)], fill=(250, 250, 250),
                  outline=(170, 170, 170))
        d.rectangle([x - 140, 1000, x - 120, 1036], fill=DARK_RED)
        d.line([(x + 40, 1000), (x + 120, 1030)], fill=(20, 20, 60), width=8)
    # desk flags
    for x in (300, W - 300):
        d.line([(x, 990), (x, 820)], fill=(150, 150, 150), width=6)
        national_flag(d, x, 820, 110)
    centered_text(d, W // 2, 1130, spec.get("table_text", "GIAO ƯỚC THI ĐUA"), font(70), YELLOW)


def scene_flag(d, rng, spec):
    # soft radial light behind the flag
    d.rectangle([0, 0, W, H], fill=(120, 16, 22))
    for i in range(14, 0, -1):
        r = i * 110
        c = (120 + i * 2, 16 + i, 22 + i)
        c = (min(255, 200 - i * 6), min(255, 40 - i * 2 + 20), 30)
        d.ellipse([W / 2 - r, H / 2 - r, W / 2 + r, H / 2 + r], fill=c)
    # pole
    d.rectangle([W // 2 - 18, 60, W // 2 + 18, H], fill=(200, 170, 90))
    star(d, W // 2, 70, 50, GOLD)
    d.rectangle([W // 2 - 420, 130, W // 2 + 420, 150], fill=GOLD)
    # pennant hanging from the cross bar
    x0, x1, y0, y1 = W // 2 - 380, W // 2 + 380, 150, 1060
    d.polygon([(x0, y0), (x1, y0), (x1, y1), (W // 2, y1 + 160), (x0, y1)], fill=RED)
    d.line([(x0, y0), (x0, y1), (W // 2, y1 + 160), (x1, y1), (x1, y0)], fill=GOLD, width=14)
    for i in range(0, 41):
        t = i / 40
        if t <= 0.5:
            fx, fy = x0 + (W // 2 - x0) * t * 2, y1 + 160 * t * 2
        else:
            fx, fy = W // 2 + (x1 - W // 2) * (t - 0.5) * 2, y1 + 160 - 160 * (t - 0.5) * 2
        d.line([(fx, fy), (fx, fy + 60)], fill=GOLD, width=8)
    star(d, W // 2, 330, 120, YELLOW)
    y = 500
    for i, line in enumerate(spec["lines"]):
        f = fit_font(d, line, x1 - x0 - 80, 72 if i == 0 else 48)
        centered_text(d, W // 2, y, line, f, YELLOW)
        y += f.size + 34
    # tassels
    for sx in (x0 - 30, x1 + 30):
        d.line([(sx, 150), (sx, 420)], fill=GOLD, width=8)
        d.polygon([(sx - 24, 420), (sx + 24, 420), (sx + 34, 520), (sx - 34, 520)], fill=GOLD)
    if spec.get("caption"):
        centered_text(d, W // 2, H - 90, spec["caption"], fit_font(d, spec["caption"], W - 200, 40, bold=False), WHITE)


def scene_award(d, rng, spec):
    d.rectangle([0, 0, W, H], fill=(240, 230, 210))
    backdrop(d, (140, 40, W - 140, 620), spec.get("top"), spec["title"], spec.get("subs", ()),
             color=spec.get("backdrop", RED), text_bottom=580)
    stage(d, 620, 1120)
    n = spec.get("people", 7)
    step = (W - 400) / n
    for i in range(n):
        cx = 200 + step * (i + 0.5)
        person(d, cx, 1060, 1.75, rng.choice(SHIRTS[:4]), rng.choice(HAIR), tie=rng.choice([RED, None, (30, 40, 90)]))
        top = 1060 - 150 * 1.75
        if spec.get("flags", True) and i % 2 == 0:
            # a small emulation pennant held in front
            d.polygon([(cx - 70, top + 40), (cx + 70, top + 40), (cx + 70, top + 200), (cx, top + 250),
                       (cx - 70, top + 200)], fill=RED, outline=GOLD)
            star(d, cx, top + 110, 34, YELLOW)
        else:
            # a framed certificate (Bằng khen)
            d.rectangle([cx - 80, top + 50, cx + 80, top + 170], fill=GOLD)
            d.rectangle([cx - 66, top + 62, cx + 66, top + 158], fill=(255, 248, 225))
            d.line([(cx - 40, top + 90), (cx + 40, top + 90)], fill=RED, width=8)
            for k in range(3):
                d.line([(cx - 46, top + 112 + k * 14), (cx + 46, top + 112 + k * 14)], fill=(150, 140, 120), width=3)
        # bouquet
        bx = cx + 60
        for k in range(6):
            d.ellipse([bx - 22 + (k % 3) * 16, top + 170 + (k // 3) * 18, bx + 2 + (k % 3) * 16,
                       top + 194 + (k // 3) * 18], fill=rng.choice([(230, 50, 70), (250, 200, 50), (255, 140, 160)]))
    flower_pot(d, 120, 1120, 1.0, random.Random(3))
    flower_pot(d, W - 120, 1120, 1.0, random.Random(4))
    d.rectangle([0, 1120, W, H], fill=(95, 30, 30))
    audience(d, rng, 1190, rows=2)


def scene_document(d, rng, spec):
    d.rectangle([0, 0, W, H], fill=(140, 95, 60))
    for y in range(0, H, 36):
        d.line([(0, y), (W, y + 18)], fill=(150, 103, 66), width=6)
    # paper
    px0, py0, px1, py1 = 520, 60, 1880, 1300
    d.rectangle([px0 + 20, py0 + 20, px1 + 20, py1 + 20], fill=(90, 60, 40))
    d.rectangle([px0, py0, px1, py1], fill=(252, 251, 246))
    fr = font(30, bold=False)
    fb = font(30)
    centered_text(d, 790, py0 + 60, spec.get("org1", "ỦY BAN NHÂN DÂN"), fr, (20, 20, 20))
    centered_text(d, 790, py0 + 100, spec.get("org2", "TỈNH NAM ĐỊNH"), fb, (20, 20, 20))
    d.line([(720, py0 + 145), (860, py0 + 145)], fill=(20, 20, 20), width=3)
    centered_text(d, 1480, py0 + 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font(28), (20, 20, 20))
    centered_text(d, 1480, py0 + 100, "Độc lập – Tự do – Hạnh phúc", font(30), (20, 20, 20))
    d.line([(1330, py0 + 145), (1630, py0 + 145)], fill=(20, 20, 20), width=3)
    centered_text(d, 790, py0 + 170, spec.get("number", "Số: …/HD-UBND"), fr, (20, 20, 20))
    centered_text(d, (px0 + px1) // 2, py0 + 260, spec["title"], font(80), (20, 20, 20))
    yy = py0 + 370
    for sub in spec.get("subs", ()):
        centered_text(d, (px0 + px1) // 2, yy, sub, fit_font(d, sub, px1 - px0 - 160, 36), (20, 20, 20))
        yy += 52
    yy += 30
    for i in range(12):
        x_end = px1 - 90 - (rng.randint(0, 300) if i % 4 == 3 else 0)
        d.line([(px0 + 90 + (60 if i % 4 == 0 else 0), yy), (x_end, yy)], fill=(150, 150, 150), width=10)
        yy += 44
    # seal and signature
    sx, sy = 1560, 1120
    d.ellipse([sx - 110, sy - 110, sx + 110, sy + 110], outline=(200, 30, 40), width=10)
    d.ellipse([sx - 80, sy - 80, sx + 80, sy + 80], outline=(200, 30, 40), width=4)
    star(d, sx, sy, 40, (200, 30, 40))
    pts = [(sx - 160 + i * 18, sy - 10 + 26 * math.sin(i * 0.9)) for i in range(18)]
    d.line(pts, fill=(20, 40, 140), width=6)
    # pen and glasses
    d.line([(260, 1080), (460, 820)], fill=(20, 20, 60), width=26)
    d.line([(455, 826), (470, 805)], fill=GOLD, width=26)
    for gx in (180, 330):
        d.ellipse([gx - 70, 300, gx + 70, 400], outline=(30, 30, 30), width=10)
    d.line([(250, 345), (260, 345)], fill=(30, 30, 30), width=10)
    # stamp "MẪU"
    if spec.get("stamp"):
        d.rounded_rectangle([px1 - 420, py0 + 230, px1 - 110, py0 + 330], radius=14, outline=(200, 30, 40), width=8)
        centered_text(d, px1 - 265, py0 + 248, spec["stamp"], font(56), (200, 30, 40))


def scene_portrait(d, rng, spec):
    d.rectangle([0, 0, W, H], fill=(226, 232, 236))
    d.rectangle([0, 1000, W, H], fill=(160, 120, 80))
    # window
    d.rectangle([120, 120, 620, 760], fill=(180, 215, 240))
    d.line([(370, 120), (370, 760)], fill=WHITE, width=16)
    d.line([(120, 440), (620, 440)], fill=WHITE, width=16)
    d.rectangle([120, 120, 620, 760], outline=WHITE, width=20)
    # certificate on the wall
    cx0, cy0, cx1, cy1 = 1500, 110, 2200, 620
    d.rectangle([cx0, cy0, cx1, cy1], fill=GOLD)
    d.rectangle([cx0 + 30, cy0 + 30, cx1 - 30, cy1 - 30], fill=(255, 248, 228))
    d.rectangle([cx0 + 50, cy0 + 50, cx1 - 50, cy1 - 50], outline=RED, width=4)
    star(d, (cx0 + cx1) / 2, cy0 + 120, 44, RED)
    for i, line in enumerate(spec["lines"]):
        f = fit_font(d, line, cx1 - cx0 - 140, 64 if i == 0 else 34)
        centered_text(d, (cx0 + cx1) // 2, cy0 + 190 + i * 78, line, f, RED if i == 0 else (60, 40, 20))
    # shelf with binders
    d.rectangle([760, 260, 1360, 290], fill=(120, 80, 50))
    colors = [(30, 70, 150), (200, 40, 40), (40, 130, 70), (230, 180, 30), (90, 90, 90)]
    for i in range(14):
        x = 780 + i * 40
        d.rectangle([x, 110, x + 34, 260], fill=colors[i % len(colors)])
    # the person at the desk
    person(d, 1150, 1000, 2.6, spec.get("shirt", WHITE), HAIR[spec.get("hair", 0)], tie=spec.get("tie"))
    if spec.get("long_hair"):
        d.rectangle([1150 - 95, 1000 - 150 * 2.6 - 120, 1150 + 95, 1000 - 150 * 2.6 + 40], fill=HAIR[0])
        person(d, 1150, 1000, 2.6, spec.get("shirt", WHITE), HAIR[0])
    # desk and monitor
    d.rectangle([500, 980, 1900, 1030], fill=(110, 70, 40))
    d.rectangle([520, 1030, 560, H], fill=(90, 55, 30))
    d.rectangle([1840, 1030, 1880, H], fill=(90, 55, 30))
    d.rectangle([1420, 680, 1820, 940], fill=(40, 40, 45))
    d.rectangle([1440, 700, 1800, 920], fill=(90, 160, 210))
    for i in range(5):
        d.rectangle([1470, 730 + i * 36, 1470 + (300 if i % 2 == 0 else 220), 748 + i * 36], fill=WHITE)
    d.rectangle([1600, 940, 1640, 985], fill=(40, 40, 45))
    d.rectangle([700, 950, 950, 985], fill=(250, 250, 250), outline=(170, 170, 170))
    flower_pot(d, 420, 1000, 0.9, random.Random(11))


def scene_rural(d, rng, spec):
    # sky, sea, rice fields, village, and a welcome gate with the cluster's banner
    d.rectangle([0, 0, W, 560], fill=(170, 215, 245))
    d.ellipse([1950, 70, 2130, 250], fill=(255, 220, 90))
    d.rectangle([0, 470, W, 600], fill=(60, 140, 200))
    for x in range(0, W, 90):
        d.arc([x, 500, x + 90, 540], 200, 340, fill=WHITE, width=4)
    colors = [(110, 180, 60), (140, 200, 70), (90, 160, 50), (160, 205, 80)]
    for i, y in enumerate(range(600, H, 90)):
        d.rectangle([0, y, W, y + 90], fill=colors[i % 4])
        for x in range(-60 + (i % 2) * 40, W, 80):
            d.line([(x, y + 70), (x + 14, y + 30)], fill=(70, 130, 40), width=5)
    # village roofs on the horizon
    for i, x in enumerate(range(60, W, 260)):
        h = 70 + (i * 37) % 50
        d.rectangle([x, 600 - h, x + 170, 600], fill=(245, 240, 225))
        d.polygon([(x - 20, 600 - h), (x + 85, 600 - h - 60), (x + 190, 600 - h)], fill=(190, 70, 50))
    # road
    d.polygon([(1000, 600), (1400, 600), (1900, H), (500, H)], fill=(120, 120, 125))
    d.line([(1200, 600), (1200, H)], fill=WHITE, width=10)
    # gate with banner
    for x in (260, W - 260):
        d.rectangle([x - 40, 140, x + 40, 1100], fill=(200, 40, 40))
        d.rectangle([x - 60, 1080, x + 60, 1120], fill=(120, 20, 20))
        star(d, x, 110, 50, YELLOW)
    d.rectangle([220, 170, W - 220, 440], fill=RED)
    d.rectangle([220, 170, W - 220, 440], outline=YELLOW, width=8)
    f = fit_font(d, spec["top"], W - 600, 48)
    centered_text(d, W // 2, 200, spec["top"], f, WHITE)
    f = fit_font(d, spec["title"], W - 560, 74)
    centered_text(d, W // 2, 280, spec["title"], f, YELLOW)
    if spec.get("sub"):
        f = fit_font(d, spec["sub"], W - 600, 40, bold=False)
        centered_text(d, W // 2, 375, spec["sub"], f, WHITE)
    # flags along the road
    for i in range(6):
        x = 560 + i * 60 if i < 3 else 1660 + (i - 3) * 60
        y = 820 - (i % 3) * 60
        d.line([(x, y), (x, y + 200)], fill=(90, 90, 90), width=6)
        national_flag(d, x, y, 70 - (i % 3) * 10)


SCENES = {
    "conference": scene_conference,
    "signing": scene_signing,
    "flag": scene_flag,
    "award": scene_award,
    "document": scene_document,
    "portrait": scene_portrait,
    "rural": scene_rural,
}

TONG_KET = "HỘI NGHỊ TỔNG KẾT CÔNG TÁC\nTHI ĐUA, KHEN THƯỞNG NĂM {}"

PICTURES = [
    ("khoi-dang-tong-ket-2023.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG TỈNH NAM ĐỊNH", "title": TONG_KET.format(2023),
        "subs": ["Nam Định, ngày 17 tháng 01 năm 2024"]}),
    ("hoi-nghi-khoi-tham-muu-2023.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU – TỔNG HỢP", "title": TONG_KET.format(2023),
        "subs": ["PHÁT ĐỘNG, KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2024", "Nam Định, ngày 22 tháng 01 năm 2024"],
        "backdrop": (30, 70, 160), "skirt": (150, 20, 30)}),
    ("ky-ket-giao-uoc-2024.jpg", "signing", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU – TỔNG HỢP", "title": "LỄ KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2024"}),
    ("khoi-kinh-te-tong-ket-2023.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ", "title": TONG_KET.format(2023),
        "subs": ["Nam Định, ngày 24 tháng 01 năm 2024"], "wall": (228, 236, 240), "people": 4}),
    ("cum-phia-nam-2023.jpg", "rural", {
        "top": "CỤM THI ĐUA CÁC HUYỆN PHÍA NAM", "title": "THI ĐUA XÂY DỰNG NÔNG THÔN MỚI NÂNG CAO",
        "sub": "Hải Hậu – Giao Thủy – Nghĩa Hưng – Trực Ninh – Xuân Trường"}),
    ("trao-co-thi-dua-2023.jpg", "award", {
        "top": "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "title": "LỄ TRAO CỜ THI ĐUA VÀ BẰNG KHEN NĂM 2023"}),
    ("co-thi-dua-chinh-phu.jpg", "flag", {
        "lines": ["CỜ THI ĐUA", "CỦA CHÍNH PHỦ", "ĐƠN VỊ DẪN ĐẦU", "PHONG TRÀO THI ĐUA NĂM 2023"]}),
    ("guong-dien-hinh-so-tai-chinh.jpg", "portrait", {
        "lines": ["BẰNG KHEN", "CHIẾN SĨ THI ĐUA CẤP TỈNH", "NĂM 2022"], "shirt": (235, 240, 248),
        "long_hair": True}),
    ("van-ban-huong-dan-binh-xet.jpg", "document", {
        "title": "HƯỚNG DẪN", "number": "Số: …/HD-HĐTĐKT",
        "subs": ["Bình xét thi đua, khen thưởng đối với các khối,", "cụm thi đua thuộc tỉnh"]}),
    ("hoi-nghi-khoi-tham-muu-2024.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU – TỔNG HỢP", "title": TONG_KET.format(2024),
        "subs": ["PHÁT ĐỘNG, KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2025"], "people": 6}),
    ("trao-khen-thuong-2024.jpg", "award", {
        "top": "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "title": "TRAO CỜ THI ĐUA, BẰNG KHEN CHO CÁC TẬP THỂ NĂM 2024",
        "backdrop": (30, 70, 160), "people": 8}),
    ("guong-dien-hinh-truc-ninh.jpg", "rural", {
        "top": "HUYỆN TRỰC NINH", "title": "CHUNG SỨC XÂY DỰNG NÔNG THÔN MỚI KIỂU MẪU",
        "sub": "Thi đua là yêu nước, yêu nước thì phải thi đua"}),
    ("hoi-nghi-khoi-tham-muu-2025.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU – TỔNG HỢP", "title": TONG_KET.format(2025),
        "subs": ["Nam Định, ngày 15 tháng 01 năm 2026"], "backdrop": (30, 70, 160), "skirt": (150, 20, 30),
        "people": 4}),
    ("khoi-dang-tong-ket-2025.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG TỈNH NAM ĐỊNH", "title": TONG_KET.format(2025),
        "subs": ["PHÁT ĐỘNG PHONG TRÀO THI ĐUA NĂM 2026"], "wall": (236, 228, 220), "people": 6}),
    ("cum-phia-nam-2025.jpg", "rural", {
        "top": "CỤM THI ĐUA CÁC HUYỆN PHÍA NAM", "title": "HỘI NGHỊ TỔNG KẾT HOẠT ĐỘNG CỤM THI ĐUA",
        "sub": "Hải Hậu – Giao Thủy – Nghĩa Hưng – Trực Ninh – Xuân Trường"}),
    ("ky-ket-giao-uoc-2026.jpg", "signing", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ", "title": "KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2026",
        "backdrop": (30, 70, 160), "cloth": (150, 20, 30)}),
    ("trao-co-thi-dua-2025.jpg", "award", {
        "top": "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "title": "LỄ TRAO CỜ THI ĐUA\nCỦA UBND TỈNH NĂM 2025",
        "people": 6, "flags": True}),
    ("chien-si-thi-dua-toan-quoc-2026.jpg", "flag", {
        "lines": ["CHIẾN SĨ", "THI ĐUA TOÀN QUỐC", "TỈNH NAM ĐỊNH", "NĂM 2026"],
        "caption": "Vinh danh cá nhân tiêu biểu trong phong trào thi đua yêu nước"}),
    ("so-ket-6-thang-2026.jpg", "conference", {
        "top": "VĂN PHÒNG TỈNH ỦY NAM ĐỊNH",
        "title": "HỘI NGHỊ SƠ KẾT PHONG TRÀO THI ĐUA\n6 THÁNG ĐẦU NĂM 2026", "people": 3,
        "subs": ["Nam Định, tháng 7 năm 2026"]}),
    ("hoi-nghi-tong-ket-2026.jpg", "conference", {
        "top": "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU – TỔNG HỢP", "title": TONG_KET.format(2026),
        "subs": ["PHÁT ĐỘNG, KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2027"], "wall": (240, 232, 222), "people": 5}),
]


def render(name, kind, spec, seed):
    img = Image.new("RGB", (W, H), WHITE)
    draw = ImageDraw.Draw(img)
    SCENES[kind](draw, random.Random(seed), spec)
    return img.resize((OUT_W, OUT_H), Image.LANCZOS)


def save(img, path):
    for quality in (84, 78, 72, 66, 60, 54):
        img.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size <= MAX_BYTES:
            return quality
    raise SystemExit(f"{path}: cannot get under {MAX_BYTES} bytes")


# ---------------------------------------------------------------- phone photos
CAMERA_SIZE = (4032, 3024)  # a 12-megapixel phone camera
CAMERA_PHOTO = ("anh-dien-thoai-ky-ket-2026.jpg", 15, 3)  # name, picture drawn, grain
NAM_DINH = (20.4254, 106.1683)  # where the sample "phone" says the photo was taken


def camera_photo(scene: int, seed: int, grain: int = 12, orientation: int = 1,
                 position: tuple[float, float] = NAM_DINH) -> bytes:
    """A phone photo's JPEG bytes: PICTURES[scene] cropped to 4:3 at 4032 × 3024, with a
    fine texture (what a lens sees; it survives resizing like a real photo's detail) and
    sensor grain (what makes a phone's JPEG weigh megabytes; it averages out when resized).
    grain 3 gives about 3 MB, 12 about 5.5 MB. With orientation 6 the pixels are stored
    sideways, as a phone held upright stores them. Deterministic for a Pillow version."""
    name, kind, spec = PICTURES[scene % len(PICTURES)]
    drawing = render(name, kind, spec, seed=1000 + scene)
    shown = CAMERA_SIZE if orientation != 6 else CAMERA_SIZE[::-1]
    crop = drawing.height * shown[0] // shown[1]
    left = (drawing.width - crop) // 2
    photo = drawing.crop((left, 0, left + crop, drawing.height)).resize(shown, Image.BICUBIC)
    if orientation == 6:  # a photo taken upright is stored as the sensor sees it, sideways
        photo = photo.transpose(Image.Transpose.ROTATE_90)
    rng = random.Random(seed)
    photo = ImageChops.add(photo, _noise(rng, 6, 16), 1.0, -128)
    photo = ImageChops.add(photo, _noise(rng, 1, grain), 1.0, -128)
    return with_phone_metadata(photo, seed, orientation, position)


def _noise(rng: random.Random, step: int, amplitude: int) -> Image.Image:
    """Colour noise around 128 (±amplitude), in blobs of `step` pixels."""
    width, height = CAMERA_SIZE[0] // step, CAMERA_SIZE[1] // step
    grey = Image.new("L", (width, height), 128)
    channels = [Image.blend(grey, Image.frombytes("L", (width, height), rng.randbytes(width * height)),
                            amplitude / 128) for _ in range(3)]
    noise = Image.merge("RGB", channels)
    return noise.resize(CAMERA_SIZE, Image.BICUBIC) if step > 1 else noise


def with_phone_metadata(photo: Image.Image, seed: int = 0, orientation: int = 1,
                        position: tuple[float, float] = NAM_DINH, quality: int = 95) -> bytes:
    """The JPEG a phone writes: EXIF (make, model, serial number, time, orientation, GPS
    position), XMP with the position again, an IPTC caption and a JPEG comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Model] = "Galaxy A54 5G"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = f"2026:01:24 09:{seed % 60:02d}:30"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = exif[ExifTags.Base.DateTime]
    details[ExifTags.Base.BodySerialNumber] = f"R5CT31{seed:05d}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", _dms(position[0])
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", _dms(position[1])
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
           '22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           f'exif:GPSLatitude="{position[0]:.4f}N" exif:GPSLongitude="{position[1]:.4f}E"/>'
           '</rdf:RDF></x:xmpmeta>').encode()
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=quality, exif=exif, xmp=xmp,
               comment=f"Galaxy A54 5G R5CT31{seed:05d}".encode())
    return _with_iptc(buffer.getvalue(), "Ảnh chụp tại hội trường, Nam Định")


def _dms(degrees: float) -> tuple[float, float, float]:
    minutes, seconds = divmod(degrees * 3600, 60)
    whole, minutes = divmod(minutes, 60)
    return float(whole), float(minutes), round(seconds, 2)


def _with_iptc(jpeg: bytes, caption: str) -> bytes:
    """An IPTC caption in an APP13 (Photoshop) segment after the start of the JPEG."""
    text = caption.encode()
    record = b"\x1c\x02\x78" + len(text).to_bytes(2, "big") + text
    resource = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record + b"\x00" * (len(record) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


# ---------------------------------------------------------------- an attachment
SAMPLE_PDF = "files/giao-uoc-khoi-kinh-te-2026.pdf"  # beside the posts, in content/posts/
PDF_LINES = [
    ("KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ", 30, True), ("", 20, False),
    ("GIAO ƯỚC THI ĐUA NĂM 2026", 40, True), ("(bản mẫu minh họa)", 24, False), ("", 20, False),
    ("1. Giải ngân vốn đầu tư công theo từng quý, không để hồ sơ quá hạn.", 24, False),
    ("2. Rút ngắn số ngày xử lý hồ sơ trung bình so với năm 2025.", 24, False),
    ("3. Tăng tỷ lệ văn bản điện tử được ký số.", 24, False),
    ("4. Sơ kết 6 tháng vào giữa tháng 7; kiểm tra chéo vào tháng 10.", 24, False),
    ("", 20, False), ("Đại diện các cơ quan trong Khối ký tên", 24, True),
]


def sample_pdf() -> bytes:
    """A one-page PDF (an A4 page drawn at 100 dpi), with fixed dates: the same bytes each run."""
    import time

    page = Image.new("RGB", (827, 1169), WHITE)
    draw = ImageDraw.Draw(page)
    y = 110
    for text, size, bold in PDF_LINES:
        if text:
            fnt = fit_font(draw, text, 700, size, bold)
            centered_text(draw, 413, y, text, fnt, (20, 20, 20)) if bold else \
                draw.text((80, y), text, font=fnt, fill=(20, 20, 20))
        y += int(size * 1.9)
    moment = time.strptime("2026-01-23 08:00", "%Y-%m-%d %H:%M")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=100, title="Giao ước thi đua năm 2026",
              author="Khối thi đua các cơ quan Kinh tế", creationDate=moment, modDate=moment)
    return buffer.getvalue()


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "content" / "posts" / "images"
    out.mkdir(parents=True, exist_ok=True)
    for index, (name, kind, spec) in enumerate(PICTURES):
        img = render(name, kind, spec, seed=1000 + index)
        quality = save(img, out / name)
        print(f"{out / name}  {(out / name).stat().st_size // 1024} KB  q={quality}")
    name, scene, grain = CAMERA_PHOTO
    (out / name).write_bytes(camera_photo(scene, seed=scene, grain=grain))
    print(f"{out / name}  {(out / name).stat().st_size // 1024} KB  (phone photo, EXIF with GPS)")
    pdf = out.parent / SAMPLE_PDF
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(sample_pdf())
    print(f"{pdf}  {pdf.stat().st_size // 1024} KB  (attachment)")


if __name__ == "__main__":
    main()
