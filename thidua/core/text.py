"""Vietnamese text: slugs, folding for search, plain text of HTML, shortening."""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from slugify import slugify

# A path component must stay well under the 255-byte file-name limit; real titles run to ~200.
SLUG_MAX_LENGTH = 200
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Characters refused where an editor writes them: those XML cannot carry (feeds, sitemaps),
# and the controls that reverse the direction of the text around them (a title shown other
# than it reads in the file).
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
UNPRINTABLE_FIX = "xóa ký tự đó (thường do dán từ tài liệu khác, hoặc do viết \\x.., \\u.. trong ngoặc kép)"


def unprintable(character: str) -> str:
    """What an UNPRINTABLE character is, for the editor."""
    code = f"mã U+{ord(character):04X}"
    if character == "\x00":
        return f"byte NUL ({code}): tệp có thể không phải văn bản, hoặc đã hỏng"
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return f"ký tự đảo chiều chữ ({code}): không nhìn thấy, nhưng làm chữ hiện khác khi đọc"
    return f"ký tự điều khiển không in được ({code})"
_TAG = re.compile(r"<[^>]+>")
# Tags inside a line of text: removed without a space ("<b>UBND</b>." → "UBND.").
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|strong|i|em|code|span|sub|sup|mark|ins|del|s|u|"
                         r"small|kbd|q|cite|dfn|var|samp|time)\b[^>]*>")
_SPACE = re.compile(r"\s+")


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")
_MARKS = re.compile("[\u0300-\u036f]+")  # combining diacritical marks
_D = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=1 << 16)
def make_slug(text: str) -> str:
    """'Đơn vị Văn phòng Tỉnh ủy' → 'don-vi-van-phong-tinh-uy' (đ→d, diacritics dropped).

    Vietnamese needs only đ→d and the combining marks dropped, which is ~20x faster than
    python-slugify's general transliteration; other scripts still go through python-slugify.
    Remembered: every build slugs each tag of each post, and each picture's name, again.
    """
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text.translate(_D)))
    folded = _NOT_WORD.sub(" ", folded)  # dashes, quotes, punctuation of any script
    if not folded.isascii():
        return _fit(slugify(text, save_order=True))
    return _fit(_NON_ALNUM.sub("-", folded.lower()).strip("-"))


def _fit(slug: str) -> str:
    """A slug longer than SLUG_MAX_LENGTH: its words up to the limit, then a short digest of
    the whole, so that two long titles alike in their first 200 characters ("… giai đoạn
    2021–2025 (đợt 2)" and "(đợt 3)") still get different slugs."""
    if len(slug) <= SLUG_MAX_LENGTH:
        return slug
    tag = hashlib.blake2b(slug.encode("ascii", "replace"), digest_size=3).hexdigest()
    room = SLUG_MAX_LENGTH - len(tag) - 1
    cut = slug[:room + 1].rfind("-")
    return f"{slug[:cut] if cut > 0 else slug[:room]}-{tag}"


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded."""
    if "<" in fragment:
        fragment = _TAG.sub(" ", _INLINE_TAG.sub("", fragment))
    return _SPACE.sub(" ", html.unescape(fragment)).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and add an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return f"{cut}…"


_WORD = re.compile(r"[a-z0-9_]+")


def fold(text: str) -> str:
    """'Khen THƯỞNG Đua' → 'khen thuong dua': decomposed, marks and other non-ASCII letters
    dropped (search is for Vietnamese and Latin words), lower case. The browser's search
    (thidua-search.js) folds the same way."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def words_of(text: str) -> list[str]:
    """The folded words of plain text."""
    return _WORD.findall(fold(text))


def count_words(html_text: str) -> str:
    """How often each folded word occurs in some HTML, as "word count word count …": the
    costly part of indexing a post's body, done where the body is rendered (on every core,
    once per version of the file). One string rather than a dict: every post keeps it, in
    memory and in the cache, and a dict of a few hundred words costs ten times the room."""
    counts = Counter(words_of(html.unescape(_TAG.sub(" ", html_text))))
    return " ".join(f"{word} {count}" for word, count in counts.items())
