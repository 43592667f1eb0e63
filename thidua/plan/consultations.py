"""Public consultations on award proposals (SPEC §12): /lay-y-kien/ (open ones first, with the
days left) and /lay-y-kien/ID/; open or closed as of the build date, so the daily build opens
and closes them."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model.consultations import (Consultation, ConsultationState, consultation_state,
                                   open_first)
from ..model.decisions import Award, Decision
from ..model.site import Site
from .documents import Library
from .pages import HOME_CRUMB, PagePlan

CRUMBS = HOME_CRUMB + [("Lấy ý kiến", urls.CONSULTATIONS)]
GROUPS = (("dang-mo", "Đang lấy ý kiến"), ("sap-mo", "Sắp lấy ý kiến"),
          ("da-dong", "Đã kết thúc lấy ý kiến"))


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation
    state: ConsultationState
    decision: Decision | None  # the decision issued after it, once there is one

    @property
    def url(self) -> str:
        return urls.consultation(self.consultation.id)

    @property
    def as_of(self) -> tuple:
        return (self.consultation.id, self.state.phase, self.state.days_left,
                self.state.working_days_left)

    def candidates(self, collective: bool) -> list[Award]:
        return [a for a in self.consultation.candidates if (a.unit is not None) == collective]


def consultation_views(site: Site) -> list[ConsultationView]:
    """Every consultation with its state on the build date, open ones first."""
    data = site.data
    views = []
    for consultation in data.consultations.values():
        found = data.decision_ids.get(consultation.decision or "", [])
        views.append(ConsultationView(
            consultation, consultation_state(consultation, site.settings.today, data.calendar),
            found[0] if found else None))
    return sorted(views, key=lambda view: open_first(view.consultation, view.state))


def plan_consultations(site: Site, views: list[ConsultationView],
                       library: Library) -> list[PagePlan]:
    feeds = [("Lấy ý kiến (RSS)", urls.CONSULTATIONS_FEED)]
    groups = [(title, [view for view in views if view.state.phase == phase])
              for phase, title in GROUPS]
    plans = [PagePlan(
        url=urls.CONSULTATIONS, template="thidua/consultations.html",
        title="Lấy ý kiến nhân dân về đề nghị khen thưởng", section=urls.CONSULTATIONS,
        crumbs=HOME_CRUMB, feeds=feeds,
        description="Danh sách tập thể, cá nhân được đề nghị khen thưởng, công khai để lấy ý "
                    "kiến nhân dân trước khi Hội đồng Thi đua – Khen thưởng xét.",
        data={"groups": [(title, items) for title, items in groups if items]},
        as_of=tuple(view.as_of for view in views))]
    for view in views:
        consultation = view.consultation
        document = library.views.get(consultation.document or "")
        plans.append(PagePlan(
            url=view.url, template="thidua/consultation.html", title=consultation.title,
            section=urls.CONSULTATIONS, crumbs=CRUMBS, feeds=feeds,
            description=consultation.description or
            f"{consultation.issuer} lấy ý kiến nhân dân đối với {len(consultation.candidates)} "
            "trường hợp được đề nghị khen thưởng.",
            data={"view": view, "document": document},
            as_of=(view.as_of, *library.statuses([document] if document else []))))
    return plans
