"""Dates and numbers the way Vietnamese portals print them; parsing of front-matter dates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TZ_NAME = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(TZ_NAME)

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# The years a portal's dates may have: from the founding of the state's emulation movement to
# far enough ahead for any plan. Outside them a date is a typo (0204, 20244), and feeds could
# not carry it (RFC 822 and 3339 dates, whole-minute offsets).
FIRST_YEAR, LAST_YEAR = 1945, 2100

DATE_FIX = ("viết ngày dạng 2024-01-22, hoặc có giờ 2024-01-22 14:30, "
            f"hoặc ISO 8601 có múi giờ 2024-01-22T14:30:00+07:00 (năm từ {FIRST_YEAR} "
            f"đến {LAST_YEAR})")

_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PostDate:
    """A moment in Asia/Ho_Chi_Minh; `has_time` tells whether the editor wrote a time."""

    moment: datetime
    has_time: bool = False

    @property
    def day(self) -> date:
        return self.moment.date()


def day_start(day: date) -> datetime:
    """The first moment of a day in Vietnam: how a plain date is given where a moment with its
    offset is asked for (feeds, schema.org)."""
    return datetime.combine(day, time(0, 0), TZ)


def parse_post_date(value: object) -> PostDate:
    """Accept what YAML gives for `2024-01-22`, `2024-01-22 14:30` or ISO 8601 with offset."""
    if isinstance(value, datetime):
        _check_year(value.year, value)
        moment = value.replace(tzinfo=TZ) if value.tzinfo is None else value.astimezone(TZ)
        return PostDate(moment, True)
    if isinstance(value, date):
        _check_year(value.year, value)
        return PostDate(day_start(value), False)
    if isinstance(value, str):
        text = value.strip()
        if len(text) in (10, 16, 19) and text[4:5] == "-":  # the usual forms, read in C
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                _check_year(moment.year, value)
                # "2024-01-22 07:30+00" is 19 characters too: keep the offset written.
                moment = moment.astimezone(TZ) if moment.tzinfo else moment.replace(tzinfo=TZ)
                return PostDate(moment, len(text) > 10)
        match = _DATE_TIME.match(text)
        if match:
            year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
            _check_year(year, value)
            try:
                moment = datetime(year, month, day, hour or 0, minute or 0, second or 0, tzinfo=TZ)
            except ValueError:  # 2024-02-30, 2024-13-01, 25:00: the form is right, the day is not
                raise ValueError(f"{value!r} không phải là ngày giờ có thật (kiểm tra tháng từ 1 "
                                 "đến 12, ngày có trong tháng, giờ từ 0 đến 23)") from None
            return PostDate(moment, hour is not None)
        try:
            return parse_post_date(datetime.fromisoformat(text))
        except ValueError as error:
            if "ngoài khoảng" in str(error):
                raise
    raise ValueError(f"{_shown(value)} không phải là ngày hợp lệ")


def parse_plain_date(value: object) -> date:
    """A calendar day (decision dates, agreement dates)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, date):
        _check_year(value.year, value)
        return value
    raise ValueError(f"{_shown(value)} không phải là ngày hợp lệ")


def _check_year(year: int, written: object) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{_shown(written)}: năm {year} nằm ngoài khoảng {FIRST_YEAR}–"
                         f"{LAST_YEAR}")


def _shown(value: object) -> str:
    """A date as the editor wrote it."""
    if isinstance(value, (date, datetime)):
        return f"'{value.isoformat(' ') if isinstance(value, datetime) else value.isoformat()}'"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return "một danh sách" if isinstance(value, list) else \
        "một nhóm trường" if isinstance(value, dict) else repr(value)


def vi_date(value: date | datetime | PostDate) -> str:
    """'Thứ Hai, 22/01/2024'."""
    day = _as_date(value)
    return f"{WEEKDAYS[day.weekday()]}, {day.day:02}/{day.month:02}/{day.year}"


def vi_datetime(value: PostDate) -> str:
    """'Thứ Hai, 22/01/2024 14:30' when a time was written, else the date alone."""
    if value.has_time:
        return f"{vi_date(value)} {value.moment.hour:02}:{value.moment.minute:02}"
    return vi_date(value)


def short_date(value: date | datetime | PostDate) -> str:
    """'22/01/2024', for lists and tables."""
    day = _as_date(value)  # (strftime costs four times as much, in tables of thousands)
    return f"{day.day:02}/{day.month:02}/{day.year}"


def iso(value: date | datetime | PostDate) -> str:
    """Machine-readable value for <time datetime="…">, with the +07:00 offset."""
    if isinstance(value, PostDate):
        return value.moment.isoformat() if value.has_time else value.day.isoformat()
    return value.isoformat()


def vi_number(value: int) -> str:
    """'1.162' — Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")


def vi_size(size: int) -> str:
    """A file's size as Vietnamese write it: '850 byte', '35 KB', '1,2 MB' (decimal comma)."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",") + " MB"


def _as_date(value: date | datetime | PostDate) -> date:
    if isinstance(value, PostDate):
        return value.day
    if isinstance(value, datetime):
        return value.astimezone(TZ).date() if value.tzinfo else value.date()
    return value
