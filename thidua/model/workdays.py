"""Working days in Việt Nam, for the public-consultation minimum (SPEC §12): weekends, the
public holidays of the Labour Code (Tết and Hùng Kings' day by the lunar calendar), the days
off and make-up Saturdays the Government has announced, from the `holidays` package; and what
the office adds in data/days-off.yml for what the package does not know yet (a year's swap
announced after the package's release, a provincial day off).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated

import holidays
from pydantic import Field

from .base import PlainDate, Record, Text

WEEKEND_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}


class CalendarDay(Record):
    """A day the Government or the province announced as off, or as a make-up working day."""

    date: Annotated[PlainDate, Field(description="ngày, ví dụ date: 2027-02-05")]
    name: Annotated[Text, Field(description="tên hoặc lý do, ví dụ name: Nghỉ Tết Nguyên đán "
                                            "(theo thông báo của Bộ Nội vụ)")]


@lru_cache(maxsize=1)
def _public_holidays() -> holidays.HolidayBase:
    # Years are added on lookup; names in Vietnamese ("Tết Nguyên Đán", "Ngày Giỗ Tổ Hùng Vương").
    return holidays.country_holidays("VN", language="vi")


class WorkingCalendar:
    """Which days are working days for state offices."""

    def __init__(self, days_off: list[CalendarDay] | None = None,
                 working_days: list[CalendarDay] | None = None):
        self.days_off = {day.date: day.name for day in days_off or ()}
        self.working_days = {day.date: day.name for day in working_days or ()}

    def day_off_name(self, day: date) -> str | None:
        """Why a day is not a working day ("Tết Nguyên Đán", "Chủ nhật"); None on a working day."""
        if day in self.working_days:
            return None
        if day in self.days_off:
            return self.days_off[day]
        public = _public_holidays()
        if not public.is_working_day(day):  # a holiday, or a weekend not made a working day
            return public.get(day) or WEEKEND_NAMES[day.weekday()]
        return None

    def is_working_day(self, day: date) -> bool:
        return self.day_off_name(day) is None

    def count(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        return sum(1 for day in _days(first, last) if self.is_working_day(day))

    def holidays_between(self, first: date, last: date) -> list[tuple[date, str]]:
        """Holidays and announced days off between the two days that fall on weekdays (the
        days an editor does not expect to lose)."""
        return [(day, name) for day in _days(first, last) if day.weekday() < 5
                and (name := self.day_off_name(day)) is not None]

    def nth_working_day(self, first: date, count: int) -> date:
        """The day on which `count` working days, counted from `first`, are complete."""
        day, found = first, 0
        while True:
            if self.is_working_day(day):
                found += 1
                if found == count:
                    return day
            day += timedelta(days=1)


def _days(first: date, last: date):
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
