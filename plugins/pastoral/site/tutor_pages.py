"""A page per tutor ("my tutees"): what to do next for each of their pupils.

Kept out of the site navigation (a Material build's cost grows with every page
in it); the House dashboard links each tutor's page, and search finds it by
the tutor's name. A tutor's own build (``readers: tutor-<id>``) shows the same
page as its status overview.
"""

from __future__ import annotations

from pastoral.site.charts import half_term_chart
from pastoral.site.paths import tutor_page_path
from pastoral.site.render import Links, environment
from pastoral.site.status import HouseStatus, SchoolStatus
from pastoral.site.status.tutors import TutorStatus


def tutor_pages(status: SchoolStatus, links: Links) -> dict[str, str]:
    """One page per current tutor of each House, by its path in the docs folder."""
    return {tutor_page_path(tutor.id): tutor_page(status, house, tutor, links)
            for house in status.houses for tutor in house.tutors}


def tutor_page(status: SchoolStatus, house: HouseStatus | None, tutor: TutorStatus, links: Links, *,
               own_site: bool = False) -> str:
    """A tutor's page of tutees. ``own_site``: the overview of the tutor's own build, in its navigation and with
    no House page to link (``house`` may then be None: a member of staff no House lists as a current tutor)."""
    return environment().get_template("tutor.md.j2").render(
        school=status, house=house, tutor=tutor, links=links, own_site=own_site,
        chart=half_term_chart(f"{tutor.id}-year", f"{tutor.name}'s pupils: meetings through the year",
                              tutor.by_half_term))
