"""Emulation campaigns (SPEC §13): /phong-trao/ and /phong-trao/ID/ — the launching document,
the period, the documents that cite it, its news, and the awards given for it by year."""
from __future__ import annotations

from .. import urls
from ..model.campaigns import CAMPAIGN_STATES, campaign_state
from ..model.indexes import Records, group_by_year
from ..model.site import Site
from .documents import Library
from .pages import HOME_CRUMB, PagePlan, posts_by, with_news

CRUMBS = HOME_CRUMB + [("Phong trào thi đua", urls.CAMPAIGNS)]


def plan_campaigns(site: Site, records: Records, library: Library) -> list[PagePlan]:
    today = site.settings.today
    states = {ident: campaign_state(c, today) for ident, c in site.data.campaigns.items()}
    # Campaigns under way first, then those to come, then ended ones; newest launch first.
    order = {"dang-dien-ra": 0, "sap-phat-dong": 1, "da-ket-thuc": 2}
    campaigns = sorted(site.data.campaigns.values(),
                       key=lambda c: (order[states[c.id]], -c.launched.toordinal(), c.id))
    awards = {}
    for record in records.all_awards:
        if record.decision.campaign:
            awards.setdefault(record.decision.campaign, []).append(record)
    news = posts_by(site, "campaigns")
    plans = [PagePlan(
        url=urls.CAMPAIGNS, template="thidua/campaigns.html", title="Phong trào thi đua",
        section=urls.CAMPAIGNS, crumbs=HOME_CRUMB,
        description="Các phong trào thi đua của tỉnh và cả nước: văn bản phát động, tin tức, "
                    "khen thưởng.",
        data={"campaigns": campaigns, "states": states, "names": CAMPAIGN_STATES,
              "news": {c.id: len(news.get(c.id, [])) for c in campaigns},
              "awards": {c.id: sum(1 for r in awards.get(c.id, []) if not r.is_proposal)
                         for c in campaigns}},
        as_of=tuple(sorted(states.items())))]
    for campaign in campaigns:
        launch = library.views.get(campaign.document or "")
        documents = [view for view in library.by_campaign.get(campaign.id, [])
                     if view is not launch]
        decisions = [d for d in records.decisions if d.campaign == campaign.id]
        page = PagePlan(
            url=urls.campaign(campaign.id), template="thidua/campaign.html", title=campaign.name,
            section=urls.CAMPAIGNS, crumbs=CRUMBS,
            description=campaign.description or f"Phong trào thi đua {campaign.name} "
                                                f"({campaign.period}): văn bản, tin tức, khen thưởng.",
            data={"campaign": campaign, "state": states[campaign.id], "names": CAMPAIGN_STATES,
                  "launch": launch, "documents": documents, "decisions": decisions,
                  "awards_by_year": group_by_year(awards.get(campaign.id, []), period=True)},
            as_of=(states[campaign.id],
                   *library.statuses([launch, *documents] if launch else documents)))
        plans += with_news(page, news.get(campaign.id, []), f"Tin tức: {campaign.name}", site)
    return plans
