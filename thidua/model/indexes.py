"""Award records, bloc histories and who took over from whom, indexed once for every page
that shows them.

A decision holds many awards; pages want them by year, by title, by unit and by bloc, and
blocs want their members, leaders and membership changes by year. Units and blocs that ended
(SPEC §14) want their successors, and successors their predecessors (Lineage). Everything here
is built in one pass over the data, so no page loops over all records.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from .blocs import Bloc, Term
from .decisions import Award, Decision, Person
from .site import SiteData
from .succession import Ending, Fate, fate_of
from .titles import Title


@dataclass
class Lineage:
    """Who took over from whom among units (or blocs), as of the build's day. Predecessors
    (`formerly`) are derived here from the successor fields of those that ended."""

    records: dict[str, Ending]
    today: date
    # Direct predecessors, those that ended first first; and what became of every unit (bloc)
    # ended by today. One that ends later is still current: it is nobody's predecessor yet.
    formerly: dict[str, list[Ending]] = field(default_factory=lambda: defaultdict(list))
    fates: dict[str, Fate] = field(default_factory=dict)

    @classmethod
    def build(cls, records: dict[str, Ending], today: date) -> Lineage:
        lineage = cls(records, today)
        ended = [r for r in records.values() if r.ended is not None and r.ended <= today]
        for record in sorted(ended, key=lambda r: (r.ended, r.name)):
            lineage.fates[record.id] = fate_of(record, records, today)
            for ident in record.successor_ids:
                if ident in records:
                    lineage.formerly[ident].append(record)
        return lineage

    def is_current(self, ident: str) -> bool:
        return ident not in self.fates

    def ancestors(self, ident: str) -> list[Ending]:
        """Every predecessor, and theirs in turn: the nearest first, each once."""
        found: list[Ending] = []
        seen = {ident}
        queue = [ident]
        while queue:
            for predecessor in self.formerly.get(queue.pop(0), []):
                if predecessor.id not in seen:
                    seen.add(predecessor.id)
                    found.append(predecessor)
                    queue.append(predecessor.id)
        return found


@dataclass(frozen=True)
class AwardRecord:
    """One award (or proposed award) of one decision."""

    decision: Decision
    award: Award
    title: Title
    fate: Fate | None = None  # of the unit it names, when that unit no longer exists

    @property
    def unit_id(self) -> str | None:
        """The collective, or the unit a person works in."""
        if self.award.unit:
            return self.award.unit
        return self.award.person.unit if self.award.person else None

    @property
    def person(self) -> Person | None:
        return self.award.person

    @property
    def is_collective(self) -> bool:
        return self.award.unit is not None

    @property
    def is_proposal(self) -> bool:
        return self.decision.is_proposal


@dataclass(frozen=True)
class MembershipChange:
    year: int
    joined: list[str]
    left: list[str]


@dataclass(frozen=True)
class UnitRole:
    """A unit in a bloc in one year: thành viên, Khối trưởng or Khối phó."""

    year: int
    bloc: Bloc
    role: str  # 'leader' | 'deputy' | 'member'


def newest_decision_first(decision: Decision) -> tuple:
    return (-decision.date.toordinal(), decision.number)


@dataclass
class Records:
    """Indexes over the data files, built once per build."""

    data: SiteData
    units: Lineage
    blocs: Lineage
    decisions: list[Decision] = field(default_factory=list)  # newest first
    all_awards: list[AwardRecord] = field(default_factory=list)
    by_year: dict[int, list[AwardRecord]] = field(default_factory=lambda: defaultdict(list))
    by_unit: dict[str, list[AwardRecord]] = field(default_factory=lambda: defaultdict(list))
    by_bloc: dict[str, list[AwardRecord]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, list[UnitRole]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, data: SiteData, today: date) -> Records:
        records = cls(data, Lineage.build(data.units, today), Lineage.build(data.blocs, today))
        for bloc in data.blocs.values():
            for term in sorted(bloc.terms, key=lambda t: t.year):
                for member in term.members:
                    role = "leader" if member == term.leader else \
                        "deputy" if member == term.deputy else "member"
                    records.roles[member].append(UnitRole(term.year, bloc, role))
        blocs_of = defaultdict(set)  # (unit, year) → blocs it was a member of that year
        for unit, roles in records.roles.items():
            for role in roles:
                blocs_of[(unit, role.year)].add(role.bloc.id)
        records.decisions = sorted(data.decisions, key=newest_decision_first)
        for decision in records.decisions:
            for award in decision.awards:
                record = AwardRecord(decision, award, data.find_title(award.title))
                if record.unit_id in records.units.fates:  # named as awarded, and what it became
                    record = replace(record, fate=records.units.fates[record.unit_id])
                records.all_awards.append(record)
                records.by_year[decision.year].append(record)
                if record.unit_id:
                    records.by_unit[record.unit_id].append(record)
                blocs = {decision.bloc} if decision.bloc else set()
                if record.is_collective:  # a member unit's own awards count for its bloc
                    blocs |= blocs_of.get((record.unit_id, decision.period_year), set())
                for bloc_id in sorted(blocs):
                    records.by_bloc[bloc_id].append(record)
        for roles in records.roles.values():
            roles.sort(key=lambda r: (-r.year, r.bloc.name))
        return records

    def years(self) -> list[int]:
        return sorted(self.by_year, reverse=True)


def terms_newest_first(bloc: Bloc) -> list[Term]:
    return sorted(bloc.terms, key=lambda t: t.year, reverse=True)


def membership_changes(bloc: Bloc) -> list[MembershipChange]:
    """Units that joined or left, year by year, newest first."""
    terms = sorted(bloc.terms, key=lambda t: t.year)
    changes = []
    for previous, current in zip(terms, terms[1:]):
        joined = [u for u in current.members if u not in previous.members]
        left = [u for u in previous.members if u not in current.members]
        if joined or left:
            changes.append(MembershipChange(current.year, joined, left))
    return list(reversed(changes))


def group_by_year(records: list[AwardRecord], *, period: bool) -> list[tuple[int, list[AwardRecord]]]:
    """Records grouped by emulation year (`period`) or by signing year, newest first."""
    groups: dict[int, list[AwardRecord]] = defaultdict(list)
    for record in records:
        groups[record.decision.period_year if period else record.decision.year].append(record)
    return sorted(groups.items(), key=lambda item: -item[0])


def group_by_title(records: list[AwardRecord], titles: dict[str, Title]) -> list[tuple[Title, list[AwardRecord]]]:
    """Records grouped by title, in the order of the catalogue (flags first, then forms)."""
    groups: dict[str, list[AwardRecord]] = defaultdict(list)
    for record in records:
        groups[record.title.id].append(record)
    return [(titles[ident], groups[ident]) for ident in titles if ident in groups]
