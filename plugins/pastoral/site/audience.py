"""One intranet build per audience, each holding only what its readers need.

- ``school``: SMT and the SENCO: every status page (the build pastoral always made).
- ``staff``: every member of staff: the handbook only, no pupil data.
- ``house-<id>``: that House's Head of House: the House's status pages, its pupils' needs
  (when the build can read them) and a page per tutor of the House.
- ``tutor-<id>``: that tutor and their associate: their page of tutees.

A tutor's page is the one the school build has (``tutor_pages``); in a House's or a tutor's
build it also shows each tutee's needs where the Head of House shares them with the tutor
(``share_needs_with_tutor``) and the build can read the restricted fields, and "—" elsewhere.

Each build is its own MkDocs site, so its search index and sitemap hold its pages
only. The school's host protects each build's folder for its readers: ``access_map``
says who they are, from the staff records.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mkdocs.exceptions import PluginError

from pastoral.checking.checker import Checked
from pastoral.core.index import TUTOR
from pastoral.core.record import Record
from pastoral.core.schedule import pupil_schedule
from pastoral.core.store import RecordStore
from pastoral.site.pages import status_pages
from pastoral.site.paths import OVERVIEW, STATUS_FOLDER, house_page_path
from pastoral.site.render import Links, environment
from pastoral.site.status import HouseStatus, SchoolStatus
from pastoral.site.status.tutors import TutorStatus, tutor_status
from pastoral.site.tutor_pages import tutor_page

SCHOOL, STAFF, HOUSE, TUTOR_BUILD = "school", "staff", "house", "tutor"
SCHOOL_ROLES = ("head-teacher", "smt", "senco")
NEED_WORDS = {"sen-support": "SEN support", "ehcp": "EHC plan", "eal": "EAL"}
"""Each need as the pages write it."""


def need_words(needs) -> tuple[str, ...]:
    return tuple(NEED_WORDS.get(need, need) for need in needs)


@dataclass(frozen=True)
class Audience:
    kind: str
    id: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.id}" if self.id else self.kind

    def require(self, store: RecordStore) -> None:
        """Stop with a clear error when the House or member of staff the audience names has no record."""
        records = store.houses if self.kind == HOUSE else store.staff if self.kind == TUTOR_BUILD else None
        if records is not None and self.id not in records:
            raise PluginError(f"pastoral: cannot build the intranet for '{self.name}': there is no such "
                              f"{'House' if self.kind == HOUSE else 'member of staff'} in the records")

    @classmethod
    def parse(cls, text: str) -> Audience:
        kind, _, ident = text.partition("-")
        if (kind in (SCHOOL, STAFF) and not ident) or (kind in (HOUSE, TUTOR_BUILD) and ident):
            return cls(kind, ident)
        raise PluginError(f"pastoral: the option 'readers' is '{text}': use school, staff, house-<House id> "
                          "or tutor-<staff id>")


@dataclass(frozen=True)
class PupilNeeds:
    name: str
    year: int
    tutor_group: str
    file: str
    needs: tuple[str, ...]
    shared: bool
    tutor: str
    considered: str


def audiences(store: RecordStore) -> list[Audience]:
    """Every audience of the school: school, staff, each House, each current tutor."""
    tutors = sorted(member.id for member in store.staff.values()
                    if TUTOR in member.get("roles", ()) and not member.get("left_on"))
    return [Audience(SCHOOL), Audience(STAFF), *(Audience(HOUSE, house) for house in sorted(store.houses)),
            *(Audience(TUTOR_BUILD, tutor) for tutor in tutors)]


def readers(audience: Audience, store: RecordStore) -> list[str]:
    """The school email addresses of the staff who may read the build."""
    current = [member for member in store.staff.values() if not member.get("left_on")]
    if audience.kind == STAFF:
        chosen = current
    elif audience.kind == SCHOOL:
        chosen = [member for member in current if set(member.get("roles", ())) & set(SCHOOL_ROLES)]
    elif audience.kind == HOUSE:
        house = store.houses.get(audience.id)
        chosen = [member for member in current if house and member.id == house.get("head_of_house")]
    else:
        tutor = store.staff.get(audience.id)
        chosen = [member for member in current if tutor and member.id in (tutor.id, tutor.get("associate"))]
    return sorted(member.get("email") for member in chosen)


def access_map(store: RecordStore) -> dict:
    """Each audience's folder and readers, for the host's access rules (one rule per folder)."""
    return {"audiences": [{"audience": audience.name, "path": f"/{audience.name}/", "emails": readers(audience, store)}
                          for audience in audiences(store)]}


def audience_pages(audience: Audience, checked: Checked, status: SchoolStatus, links: Links) -> dict[str, str]:
    """The generated pages of the build for ``audience``, by their path in the docs folder."""
    templates = environment()
    if audience.kind == SCHOOL:
        return status_pages(status, links)
    if audience.kind == STAFF:
        return {OVERVIEW: templates.get_template("audience/staff.md.j2").render()}
    audience.require(checked.store)
    if audience.kind == TUTOR_BUILD:
        member = checked.store.staff[audience.id]
        house = next((h for h in status.houses if h.id == member.get("house")), None)
        tutor = with_shared_needs(checked, _tutor_status(checked, status, house, member))
        return {OVERVIEW: tutor_page(status, house, tutor, links, own_site=True)}
    house_record = checked.store.houses[audience.id]
    houses = [replace(h, tutors=[with_shared_needs(checked, tutor) for tutor in h.tutors])
              for h in status.houses if h.id == house_record.id]
    pages = status_pages(replace(status, houses=houses), links)
    if checked.boundary.readable:
        pages[f"{STATUS_FOLDER}/{house_record.id}-needs.md"] = templates.get_template("audience/needs.md.j2").render(
            house=house_record.get("name"), pupils=house_needs(checked, house_record), links=links)
    return pages


def with_shared_needs(checked: Checked, tutor: TutorStatus) -> TutorStatus:
    """The tutor's page with a Needs column, for their own build and their House's: each tutee's needs where the
    Head of House shares them with the tutor, none (shown "—") where not. Unchanged, with no Needs column, when
    the build cannot read the restricted fields."""
    if not checked.boundary.readable:
        return tutor
    pupils = checked.store.pupils
    return replace(tutor, tutees=tuple(replace(tutee, needs=_shared_needs(pupils[tutee.id]))
                                       for tutee in tutor.tutees))


def _shared_needs(pupil: Record) -> tuple[str, ...]:
    return need_words(pupil.get("needs", ())) if pupil.get("share_needs_with_tutor") is True else ()


def _tutor_status(checked: Checked, status: SchoolStatus, house: HouseStatus | None, member: Record) -> TutorStatus:
    """The member of staff as their House's dashboard has them; worked out here for one it does not list
    (a leaver, a tutor with no House, or staff who tutor no one), so their build still says whom they tutor."""
    listed = next((tutor for tutor in house.tutors if tutor.id == member.id), None) if house else None
    if listed is not None:
        return listed
    context = checked.context
    schedules = {pupil.id: pupil_schedule(context, pupil.id) for pupil in context.tutees.get(member.id, [])}
    return tutor_status(context, member, status.half_term, schedules)


def house_needs(checked: Checked, house: Record) -> list[PupilNeeds]:
    context, rows = checked.context, []
    for pupil in sorted(context.on_roll.values(), key=lambda p: (p.get("year"), p.get("name"))):
        if pupil.get("house") != house.id or not pupil.get("needs"):
            continue
        current = context.tutor_assignments_of_pupil.get(pupil.id, [])
        tutor = checked.store.staff.get(current[0].get("staff")) if current else None
        rows.append(PupilNeeds(pupil.get("name"), pupil.get("year"), pupil.get("tutor_group"), pupil.file,
                               need_words(pupil.get("needs")), pupil.get("share_needs_with_tutor") is True,
                               tutor.get("name") if tutor else "no tutor",
                               (current[0].get("needs_considered") or "") if current else ""))
    return rows


def page_order(pages: dict[str, str], status: SchoolStatus) -> list[str]:
    """The generated pages that follow the overview in the navigation: House pages, then an audience's own
    (a House's needs, its tutors' pages). Tutors' pages and the House Matrix reports of the school's status
    stay out of the navigation (a Material build slows with every page in it): linked, and found by search."""
    houses = [house_page_path(house.id) for house in status.houses if house_page_path(house.id) in pages]
    return houses + [uri for uri in pages if uri != OVERVIEW and uri not in houses and uri.endswith(".md")
                     and not uri.startswith((f"{STATUS_FOLDER}/tutors/", f"{STATUS_FOLDER}/matrix/"))]
