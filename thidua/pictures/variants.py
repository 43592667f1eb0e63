"""A source picture's bytes → the bytes of each file published for it (Pillow).

The order matters. The EXIF orientation is applied first (a phone stores a portrait photo
sideways, with a tag saying so); colours are brought to sRGB (what browsers assume of a
picture without a profile); then each width is made from pixels alone and encoded with
nothing else: no EXIF, GPS, XMP, IPTC, ICC profile or comment reaches a published file (Pillow
would carry a JPEG's comment or a PNG's profile over from the source unless told not to).

Same bytes in, same bytes out: the encoders are deterministic and nothing depends on the time
or the machine, so builds stay reproducible.
"""
from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError, features

from ..core.dates import vi_number, vi_size
from . import svg
from .picture import ANIMATION, GIF, JPEG, PHOTO, PNG, WEBP, WIDTHS, Note, Variant

MB = 1024 * 1024
MAX_BYTES = 20 * MB  # refused above: no camera makes such a JPEG; a scan or a raw export does
MAX_PIXELS = 40_000_000  # refused above (a 12 MP phone photo is 12,000,000)
WARN_BYTES = 2 * MB  # reduced, with a word to the editor, above these
WARN_SIDE = 3000
ANIMATION_WIDTH = 800  # animations are made at one width, at most this
ANIMATION_MAX_PIXELS = 150_000_000  # all frames together: a few seconds of a small animation

# What Pillow may open: what cameras, phones, scanners and editors produce. Not EPS or PDF,
# which Pillow would hand to Ghostscript, nor the dozens of formats nobody publishes. (JPEG
# opens a phone's multi-picture MPO file too.)
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF") + \
    (("AVIF",) if features.check("avif") else ())
STILL_FORMATS = ("JPEG", "MPO", "TIFF")  # several frames here are not an animation

WEBP_QUALITY = 75
JPEG_QUALITY = 80
ANIMATION_QUALITY = 80

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")
_ROTATED = {5, 6, 7, 8}
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8")  # a picture's, though unreadable  # EXIF orientations that swap width and height

OPEN_FIX = ("lưu lại ảnh dưới dạng JPEG, PNG, WebP hoặc GIF (mở ảnh bằng trình xem ảnh rồi chọn "
            "Lưu thành… JPEG) và thay tệp, hoặc bỏ ảnh khỏi bài")
SMALLER_FIX = ("thu nhỏ ảnh trước khi đăng (ví dụ còn 3.000 px chiều rộng, JPEG chất lượng 85%) "
               "rồi thay tệp")


class Refused(Exception):
    """The picture cannot be published; carries the editor's message."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.note = Note(True, message, fix)


@dataclass
class Made:
    kind: str
    width: int  # of the source as shown
    height: int
    files: list[tuple[Variant, bytes]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def make_variants(data: bytes, name: str) -> Made:
    """Every published file of the picture whose bytes are `data`, or why there is none.
    `name` is the source's file name (its extension tells an SVG). Never raises."""
    try:
        _check_size(data)
        if svg.looks_like_svg(data, name):
            kind, width, height, files = svg.clean(data, _restrip)
            return Made(kind, width, height, files)
        return _raster(data)
    except Refused as refused:
        return Made(PHOTO, 0, 0, notes=[refused.note])
    except svg.BadSvg as bad:
        return Made(PHOTO, 0, 0, notes=[Note(True, bad.message, bad.fix)])
    except MemoryError:
        return Made(PHOTO, 0, 0, notes=[Note(True, "ảnh quá lớn, không đủ bộ nhớ để xử lý",
                                             SMALLER_FIX)])
    except Exception as error:  # noqa: BLE001 - a decoder's surprise is the editor's bad file
        return Made(PHOTO, 0, 0, notes=[Note(True, f"không đọc được ảnh ({error})", OPEN_FIX)])


def _check_size(data: bytes) -> None:
    if not data:
        raise Refused("tệp ảnh rỗng (0 byte)", "chép lại tệp ảnh gốc vào thư mục content/")
    if len(data) > MAX_BYTES:
        raise Refused(f"ảnh nặng {vi_size(len(data))}, quá giới hạn {vi_size(MAX_BYTES)}",
                      SMALLER_FIX)


def _raster(data: bytes) -> Made:
    image = _open(data)
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise Refused(f"ảnh {width} × {height} px ({_megapixels(width * height)}) quá giới hạn "
                      f"{_megapixels(MAX_PIXELS)}", SMALLER_FIX)
    if getattr(image, "is_animated", False) and image.format not in STILL_FORMATS:
        return _animation(image, data)
    orientation = _orientation(image)
    if orientation in _ROTATED:
        width, height = height, width
    top = _widths(width)[-1]
    if image.format in ("JPEG", "MPO"):
        # Decode at 1/2, 1/4 or 1/8 scale when that is still wide enough: a 12 MP photo
        # decodes 3-4x faster, and is reduced by Lanczos from there.
        scale = top / width
        stored = image.size
        image.draft("RGB", (math.ceil(stored[0] * scale), math.ceil(stored[1] * scale)))
    _load(image)
    profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image) if orientation not in (None, 1) else image
    image = _to_srgb(image, profile)
    made = Made(PHOTO, width, height)
    fallback = PNG if image.mode == "RGBA" else JPEG
    for target in reversed(_widths(width)):  # each from the widest, made first
        image = _resized(image, target, round(height * target / width))
        for mime in (WEBP, fallback):
            made.files.append((Variant(target, image.height, mime, 0), _encode(image, mime)))
    made.files.sort(key=lambda item: (item[0].mime != WEBP, item[0].width))
    if len(data) > WARN_BYTES or max(width, height) > WARN_SIDE:
        made.notes.append(_reduced_warning(width, height, len(data), top))
    return made


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our limit is lower
        try:
            return Image.open(io.BytesIO(data), formats=FORMATS)
        except Image.DecompressionBombError as bomb:
            found = _BOMB_PIXELS.search(str(bomb))
            pixels = f" ({_megapixels(int(found.group(1)))})" if found else ""
            raise Refused(f"ảnh khai báo kích thước khổng lồ{pixels}: giải nén nó sẽ làm cạn bộ "
                          "nhớ máy dựng trang (kiểu tệp 'bom giải nén')",
                          "dùng ảnh chụp hoặc ảnh xuất bình thường, tối đa "
                          f"{_megapixels(MAX_PIXELS)}; nếu không rõ tệp từ đâu ra, xóa nó") from None
        except UnidentifiedImageError:
            raise _not_a_picture(data) from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise _broken(error) from None


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _broken(error) from None


def _not_a_picture(data: bytes) -> Refused:
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return Refused("ảnh dạng HEIC (định dạng mặc định của iPhone), trình duyệt không hiển thị "
                       "được", "đổi ảnh sang JPEG rồi thay tệp (trên iPhone: Cài đặt → Camera → "
                       "Định dạng → Tương thích nhất; hoặc mở ảnh và xuất thành JPEG)")
    if data.startswith(_SIGNATURES) or data[8:12] == b"WEBP":
        return _broken(ValueError("phần đầu tệp sai"))
    return Refused("tệp không phải là ảnh (không đọc được như JPEG, PNG, WebP, GIF hay SVG)",
                   OPEN_FIX)


def _broken(error: Exception) -> Refused:
    if "truncated" in str(error) or isinstance(error, EOFError):
        return Refused("tệp ảnh bị cắt cụt (thiếu phần cuối: chép hoặc tải về chưa xong)",
                       "chép lại ảnh từ máy ảnh, điện thoại hoặc nơi tải về, mở thử cho chắc "
                       "ảnh hiện đủ, rồi thay tệp")
    return Refused(f"tệp ảnh bị hỏng, không giải mã được ({error})",
                   "mở thử ảnh trên máy; xuất lại hoặc chép lại ảnh gốc rồi thay tệp")


def _orientation(image: Image.Image) -> int | None:
    try:
        return image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - broken EXIF: nothing to apply, and it is dropped
        return None


def _to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB; RGBA only when some pixel is see-through."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit grey: 0..65535 to 0..255
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    target = "RGBA" if alpha else "RGB"
    if profile:
        image = _from_profile(image, profile, target)
    if image.mode != target:
        image = image.convert(target)
    if target == "RGBA" and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert("RGB")  # an alpha channel nobody uses: a photo after all
    return image


def _from_profile(image: Image.Image, profile: bytes, target: str) -> Image.Image:
    """Colours of a wide-gamut (Display P3, Adobe RGB) or CMYK picture brought to sRGB; the
    profile itself is then dropped like all other metadata."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if "srgb" in ImageCms.getProfileDescription(source).lower().replace(" ", ""):
            return image
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            return image
        output = target if image.mode != "L" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the colours as stored


def _widths(width: int) -> list[int]:
    """The layouts' widths up to the picture's own; the picture's own width too, unless one
    of them is within 10% of it (an 820-px picture is shown at 800)."""
    widths = [w for w in WIDTHS if w <= width]
    if width < WIDTHS[-1] and (not widths or width > widths[-1] * 1.1):
        widths.append(width)
    return widths


def _resized(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.width == width:
        return image
    return image.resize((width, max(1, height)), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, mime: str) -> bytes:
    image.info = {}  # nothing of the source rides along (a JPEG comment, a PNG profile…)
    buffer = io.BytesIO()
    if mime == WEBP:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    elif mime == JPEG:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True,
                   subsampling="4:2:0")
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _restrip(data: bytes, subtype: str) -> bytes:
    """A picture embedded in an SVG, at its size, in its format, without its metadata."""
    image = _open(data)
    if image.width * image.height > MAX_PIXELS:
        raise Refused("tệp SVG nhúng một ảnh quá lớn", SMALLER_FIX)
    _load(image)
    image = ImageOps.exif_transpose(image)
    if subtype == "jpeg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, subtype.upper(), **({"quality": 90} if subtype in ("jpeg", "webp") else {}))
    return buffer.getvalue()


def _animation(image: Image.Image, data: bytes) -> Made:
    """An animated GIF, WebP or PNG stays animated: an animated WebP (a fraction of a GIF's
    bytes) with the GIF as fallback, at one width, each frame taken from pixels alone."""
    width, height = image.size
    if width * height * image.n_frames > ANIMATION_MAX_PIXELS:
        raise Refused(f"ảnh động quá lớn ({image.n_frames} khung hình {width} × {height} px)",
                      "dùng đoạn video .mp4 ngắn thay cho ảnh động, hoặc thu nhỏ ảnh động")
    target = min(width, ANIMATION_WIDTH)
    size = (target, max(1, round(height * target / width)))
    frames, durations = [], []
    try:
        for frame in ImageSequence.Iterator(image):
            still = frame.convert("RGBA")
            if still.size != size:
                still = still.resize(size, Image.Resampling.LANCZOS)
            still.info = {}
            frames.append(still)
            durations.append(int(frame.info.get("duration") or 100))
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _broken(error) from None
    loop = int(image.info.get("loop", 0))
    made = Made(ANIMATION, width, height)
    for mime, options in ((WEBP, dict(quality=ANIMATION_QUALITY, method=4)),
                          (GIF, dict(disposal=2, optimize=False))):
        buffer = io.BytesIO()
        frames[0].save(buffer, mime.split("/")[1].upper(), save_all=True,
                       append_images=frames[1:], duration=durations, loop=loop, **options)
        made.files.append((Variant(size[0], size[1], mime, 0), buffer.getvalue()))
    if len(data) > WARN_BYTES:
        made.notes.append(Note(False, f"ảnh động nặng {vi_size(len(data))}: người đọc trên điện "
                               "thoại phải tải cả tệp", "nên dùng một đoạn video .mp4 ngắn thay "
                               "cho ảnh động (nhẹ hơn nhiều lần)"))
    return made


def _reduced_warning(width: int, height: int, size: int, top: int) -> Note:
    return Note(False, f"ảnh gốc lớn ({vi_number(width)} × {vi_number(height)} px, "
                f"{vi_size(size)}): đã thu nhỏ khi đăng (rộng tối đa {vi_number(top)} px, "
                "bỏ thông tin máy ảnh và vị trí chụp); tệp gốc không được đăng",
                "không bắt buộc sửa; để kho nội dung gọn, có thể thu nhỏ ảnh còn khoảng "
                "2.000 px chiều rộng trước khi commit")


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0").replace(".", ",") + " megapixel"
