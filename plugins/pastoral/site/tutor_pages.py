"""A page per tutor ("my tutees"): what to do next for each of their pupils.

Kept out of the site navigation (a Material build's cost grows with every page
in it); the House dashboard links each tutor's page, and search finds it by
the tutor's name.
"""

from __future__ import annotations

from pastoral.site.charts import half_term_chart
from pastoral.site.paths import tutor_page_path
from pastoral.site.render import Links, environment
from pastoral.site.status import SchoolStatus


def tutor_pages(status: SchoolStatus, links: Links) -> dict[str, str]:
    """One page per current tutor of each House, by its path in the docs folder."""
    template = environment().get_template("tutor.md.j2")
    return {tutor_page_path(tutor.id): template.render(
        school=status, house=house, tutor=tutor, links=links,
        chart=half_term_chart(f"{tutor.id}-year", f"{tutor.name}'s pupils: meetings through the year",
                              tutor.by_half_term))
        for house in status.houses for tutor in house.tutors}
