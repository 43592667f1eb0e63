"""Working days of Vietnamese state offices (model/workdays.py), from the `holidays` package and
the office's own list: what the consultations' ten-day minimum counts."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.model.workdays import CalendarDay, WorkingCalendar


@pytest.mark.parametrize("day, name", [
    (date(2026, 2, 17), "Tết Nguyên Đán"),  # the first day of Bính Ngọ, by the lunar calendar
    (date(2027, 2, 8), "Mùng ba Tết Nguyên Đán"),
    (date(2030, 2, 4), "Mùng ba Tết Nguyên Đán"),
    (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),  # 10/3 lunar fell on a Sunday
    (date(2025, 4, 7), "Ngày Giỗ Tổ Hùng Vương"),
    (date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
    (date(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),  # a swap the Government announced
    (date(2026, 11, 28), "Thứ Bảy"),
    (date(2026, 11, 29), "Chủ nhật"),
])
def test_days_off(day, name):
    assert WorkingCalendar().day_off_name(day) == name


def test_make_up_saturdays_and_ordinary_days_are_working_days():
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2025, 4, 26))  # worked in exchange for 02/05/2025
    assert calendar.is_working_day(date(2026, 11, 30))


def test_counting_includes_both_ends_and_finds_the_tenth_day():
    calendar = WorkingCalendar()
    assert calendar.count(date(2026, 11, 30), date(2026, 11, 30)) == 1
    assert calendar.count(date(2026, 11, 23), date(2026, 12, 7)) == 10  # without 24/11
    assert calendar.nth_working_day(date(2027, 2, 1), 10) == date(2027, 2, 19)  # over Tết
    assert calendar.holidays_between(date(2026, 11, 23), date(2026, 11, 29)) == [
        (date(2026, 11, 24), "Ngày Văn hóa Việt Nam")]


def test_the_offices_own_days_off_and_make_up_days():
    calendar = WorkingCalendar(
        [CalendarDay.model_validate({"date": "2027-02-11", "name": "Nghỉ hoán đổi"})],
        [CalendarDay.model_validate({"date": "2027-02-20", "name": "Làm bù"})])
    assert calendar.day_off_name(date(2027, 2, 11)) == "Nghỉ hoán đổi"
    assert calendar.is_working_day(date(2027, 2, 20))
    assert calendar.nth_working_day(date(2027, 2, 1), 10) == date(2027, 2, 20)
