"""Cross-reference checks (SPEC §5): every id a file mentions must exist, and fit its place."""
from __future__ import annotations

import difflib
from collections import defaultdict

from .model import Post, SiteData
from .problems import Problems
from .records import role_name

_NOUN = {"units": "đơn vị", "blocs": "khối", "categories": "chuyên mục", "titles": "danh hiệu"}


def _unknown(problems: Problems, file: str, line: int | None, field: str, value: str,
             kind: str, known: dict, data: SiteData) -> None:
    if kind in data.broken:  # its file is broken and already reported
        return
    files = data.files
    close = difflib.get_close_matches(value, list(known), n=1)
    guess = f"có phải ý bạn là {close[0]}? Nếu không, " if close else ""
    where = files.get(kind, f"data/{kind}.yml")  # the configured data folder
    problems.error(file, f"không có {_NOUN[kind]} mã {value} trong {where}",
                   f"{guess}dùng một mã có trong {where} hoặc thêm {_NOUN[kind]} này vào đó",
                   line=line, field=field)


def check_posts(posts: list[Post], data: SiteData, problems: Problems) -> None:
    for post in posts:
        src = post.source
        if post.meta.category not in data.categories:
            _unknown(problems, src.file, src.line("category"), "category", post.meta.category,
                     "categories", data.categories, data)
        for field, kind in (("blocs", "blocs"), ("units", "units")):
            known = getattr(data, kind)
            for index, ident in enumerate(getattr(post.meta, field)):
                if ident not in known:
                    _unknown(problems, src.file, src.line(field, index), src.label(field, index),
                             ident, kind, known, data)


def check_unique_urls(posts: list[Post], problems: Problems) -> None:
    """Two posts must not resolve to the same /tin-tuc/YYYY/SLUG/."""
    by_url: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if not post.salvaged:
            by_url[post.url].append(post)
    for url, same in by_url.items():
        if len(same) < 2:
            continue
        files = ", ".join(post.file for post in same)
        for post in same:
            field = "slug" if post.meta.slug else "title"
            problems.error(post.file, f"{len(same)} bài cùng ra một địa chỉ /{url} ({files})",
                           "đặt cho một trong các bài một slug khác, ví dụ "
                           f"slug: {post.slug}-2", line=post.source.line(field), field=field)


def check_blocs(data: SiteData, problems: Problems) -> None:
    for bloc in data.blocs.values():
        seen_years: set[int] = set()
        for index, term in enumerate(bloc.terms):
            src = bloc.source_of(term, "terms", index)
            if term.year in seen_years:
                problems.error(src.file, f"khối {bloc.id} có hai nhiệm kỳ năm {term.year}",
                               "mỗi năm chỉ ghi một nhiệm kỳ; gộp hai mục hoặc sửa năm",
                               line=src.line("year"), field=src.label("year"))
            seen_years.add(term.year)
            for index, member in enumerate(term.members):
                if member not in data.units:
                    _unknown(problems, src.file, src.line("members", index),
                             src.label("members", index), member, "units", data.units, data)
            for role in ("leader", "deputy"):
                noun = role_name(role, bloc)  # Khối trưởng, or Cụm trưởng for a cụm
                ident = getattr(term, role)
                if ident is None:
                    continue
                if ident not in data.units:
                    _unknown(problems, src.file, src.line(role), src.label(role), ident, "units",
                             data.units, data)
                elif ident not in term.members:
                    group = "cụm" if bloc.kind == "cum" else "khối"
                    problems.error(src.file, f"{noun} {ident} không phải là thành viên của {group} "
                                   f"{bloc.id} năm {term.year}",
                                   f"thêm {ident} vào members của năm {term.year} hoặc chọn "
                                   f"{noun} trong số: {', '.join(term.members)}",
                                   line=src.line(role), field=src.label(role))
            if term.deputy is not None and term.deputy == term.leader:
                leader, deputy = role_name("leader", bloc), role_name("deputy", bloc)
                problems.error(src.file, f"một đơn vị ({term.leader}) vừa là {leader} vừa là "
                               f"{deputy} năm {term.year}", f"chọn một đơn vị khác làm {deputy}",
                               line=src.line("deputy"), field=src.label("deputy"))


def check_decisions(data: SiteData, problems: Problems) -> None:
    numbers: dict[tuple, str] = {}
    for decision in data.decisions:
        src = decision.source
        key = (decision.number, decision.date)
        if key in numbers:
            problems.error(src.file, f"quyết định số {decision.number} ngày {decision.date} đã có ở "
                           f"tệp {numbers[key]}", "xóa tệp trùng hoặc sửa số/ngày cho đúng",
                           line=src.line("number"), field="number")
        numbers.setdefault(key, src.file)
        if decision.bloc is not None and decision.bloc not in data.blocs:
            _unknown(problems, src.file, src.line("bloc"), "bloc", decision.bloc, "blocs", data.blocs, data)
        for index, award in enumerate(decision.awards):
            check_award(award, decision.source_of(award, "awards", index), data, problems)


def check_award(award, src, data: SiteData, problems: Problems) -> None:
    title = data.find_title(award.title)
    if title is None:
        _unknown(problems, src.file, src.line("title"), src.label("title"), award.title, "titles",
                 data.titles, data)
    elif award.recipient_kind not in title.recipients:
        who = "tập thể (unit)" if award.unit else "cá nhân (person)"
        allowed = "tập thể (ghi unit:)" if "tap-the" in title.recipients else "cá nhân (ghi person:)"
        problems.error(src.file, f"{title.name} không trao cho {who}",
                       f"{title.name} chỉ dành cho {allowed}; đổi người nhận hoặc chọn "
                       "danh hiệu/hình thức khác", line=src.line("title"), field=src.label("title"))
    if award.unit is not None and award.unit not in data.units:
        _unknown(problems, src.file, src.line("unit"), src.label("unit"), award.unit, "units",
                 data.units, data)
    person_unit = award.person.unit if award.person else None
    if person_unit is not None and person_unit not in data.units:
        _unknown(problems, src.file, src.line("person", "unit"), src.label("person", "unit"),
                 person_unit, "units", data.units, data)


def check_site(posts: list[Post], data: SiteData, problems: Problems) -> None:
    check_posts(posts, data, problems)
    check_unique_urls(posts, problems)
    check_blocs(data, problems)
    check_decisions(data, problems)
