#!/usr/bin/env python3
"""Generate a fictional school in the pastoral records format.

Everything this script writes is invented: the school, its staff, its pupils,
their needs, their sessions and every contact are drawn at random from word
lists, and any likeness to a real person or school is accidental. It never
reads real data.

It serves two purposes: the bundled sample school in ``records/`` (regenerate
it with ``python3 bench/generate_school.py --out records --force``) and
benchmarks of large schools and trusts. It uses only the standard library and
one seeded ``random.Random``, so the same arguments always give the same files,
and it writes YAML with plain string formatting because a YAML library would be
far too slow for 50,000 pupils.

The story it tells is fixed so that other code can rely on it: the Student
Support Programme started one academic year before the current one (earlier
with ``--history-years``), tutors follow their tutor group up the school, one
tutor left at the end of last year, two pupils changed tutor group when an EHC
plan was issued, a handful of pupils joined mid-year or have left, and a few
planners are unsigned. ``--violations N`` then breaks N records on purpose.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import math
import os
import re
import shutil
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

DEFAULT_SEED = 2026
OWNED_DIRS = ("houses", "staff", "pupils", "assignments", "sessions", "reviews")
GROUP_MAX = 28  # pupils per tutor group before a (House, year) cell is split
YEARS = range(7, 14)
YEAR_WEIGHTS = {7: 1.0, 8: 1.0, 9: 1.0, 10: 1.0, 11: 1.0, 12: 0.75, 13: 0.7}
DAY = dt.timedelta(days=1)
WRITERS = 4  # threads creating files: the file system, not Python, is the bottleneck

# ---------------------------------------------------------------- word lists

TREES = ["ash", "birch", "oak", "rowan", "elm", "hazel", "willow", "cedar",
         "yew", "larch", "maple", "alder", "juniper", "poplar", "sycamore", "hornbeam"]
COLOURS = ["#2e7d32", "#1565c0", "#c62828", "#6a1b9a", "#ef6c00", "#00838f",
           "#ad1457", "#4e342e", "#283593", "#558b2f", "#f9a825", "#37474f",
           "#00695c", "#8e24aa", "#d84315", "#5d4037"]
MAX_HOUSES = len(TREES) * 9  # trees, then trees suffixed 2..9

SCHOOL_NAMES = ["Hollybrook Academy", "Kingsmead School", "Larkfield High School",
                "Meadowcroft Academy", "Thornbury Vale School", "Winterbourne Academy"]
TOWNS = [("Northbridge", "Westshire", "NB"), ("Ashcombe", "Eastmoor", "AC"),
         ("Little Hadley", "Wealdshire", "LH"), ("Stanmere", "Northdale", "SM")]

PUPIL_FIRST = [
    "Olivia", "Amelia", "Isla", "Freya", "Poppy", "Grace", "Evie", "Ivy", "Aisha",
    "Zara", "Maryam", "Fatima", "Amara", "Chloe", "Niamh", "Siobhan", "Ffion",
    "Cerys", "Eilidh", "Mairi", "Priya", "Ananya", "Simran", "Harleen", "Mei",
    "Zofia", "Maja", "Oliwia", "Amina", "Nia", "Kemi", "Adaeze", "Leah", "Ruby",
    "Hannah", "Layla", "Yasmin", "Elif", "Sofia", "Erin", "Jasmine", "Keira",
    "Siân", "Zoë", "Hafsa", "Aaliyah", "Imani", "Tia", "Rosie", "Martha",
    "Oliver", "George", "Noah", "Arthur", "Leo", "Jack", "Oscar", "Theo", "Alfie",
    "Muhammad", "Yusuf", "Ibrahim", "Omar", "Ayaan", "Arjun", "Rohan", "Kiran",
    "Dev", "Jakub", "Kacper", "Filip", "Callum", "Rhys", "Dylan", "Osian", "Ewan",
    "Finlay", "Cian", "Oisín", "Tobi", "Kwame", "Kofi", "Chidi", "Emeka", "Jayden",
    "Malachi", "Kai", "Ethan", "Samuel", "Reuben", "Hamza", "Bilal", "Zain",
    "Luca", "Mateo", "Wei", "Tomasz", "Elijah", "Idris", "Sami", "Tyler", "Max",
]
STAFF_FEMALE = [
    "Joanna", "Helen", "Sarah", "Rachel", "Claire", "Rebecca", "Catherine", "Nadia",
    "Farah", "Shabana", "Ruth", "Anjali", "Deepa", "Funmi", "Abena", "Gemma",
    "Laura", "Hannah", "Kirsty", "Aoife", "Sinead", "Rhian", "Bethan", "Agnieszka",
    "Katarzyna", "Yasmin", "Parveen", "Nkechi", "Louise", "Alison", "Harpreet", "Lin",
]
STAFF_MALE = [
    "James", "Daniel", "Michael", "Richard", "Andrew", "Paul", "Stephen", "Matthew",
    "Imran", "Tariq", "Sanjay", "Rajesh", "Vikram", "Kwabena", "Tunde", "Emeka",
    "Declan", "Ciaran", "Gareth", "Owain", "Alasdair", "Hamish", "Piotr", "Marek",
    "Wei", "Jonathan", "Simon", "Adrian", "Neil", "Graham", "Yusuf", "Femi",
]
SURNAMES = [
    "Ahmed", "Akhtar", "Begum", "Hussain", "Patel", "Shah", "Singh", "Kaur",
    "Sharma", "Chaudhry", "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Osei",
    "Okonkwo", "Balogun", "Campbell", "Clarke", "Thompson", "Robinson", "Walker",
    "Hughes", "Evans", "Davies", "Griffiths", "Price", "Morgan", "Rees", "Jenkins",
    "MacDonald", "Fraser", "Stewart", "Reid", "O'Brien", "Byrne", "Doyle",
    "Murphy", "Nowak", "Kowalski", "Wiśniewski", "Chen", "Wong", "Nguyen", "Tran",
    "Yilmaz", "Demir", "Rossi", "Costa", "Silva", "Santos", "Fernandes", "Hall",
    "Green", "Baker", "Harris", "Cooper", "Ward", "Turner", "Parker", "Collins",
    "Bennett", "Shaw", "Mills", "Fletcher", "Palmer", "Barker", "Lawson",
    "Whitfield", "Ashworth", "Pemberton", "Hargreaves", "Lockwood", "Marsden",
    "Holloway", "Kendrick", "Sutcliffe", "Farrow", "Thornton", "Adebayo-Lewis",
    "Mahmood", "Iqbal", "Rahman", "Uddin", "Gill", "Sandhu", "Achterberg",
]
# Random pairs could land on a famous name; these are re-drawn.
FAMOUS = {"Muhammad Ali", "Max Hall", "Ruby Walker", "Ethan Hughes"}

TARGET_BANK = {  # area -> (text, lowest year, highest year)
    "attendance": [
        ("Be in school every day this half-term", 7, 13),
        ("Arrive at registration on time every morning", 7, 13),
        ("Catch up on work missed while absent, using the class notes", 7, 13),
        ("Go to every timetabled study period in the sixth-form centre", 12, 13),
    ],
    "behaviour": [
        ("Get no more than one behaviour point a week", 7, 11),
        ("Use my time-out card calmly when a lesson feels too much", 7, 11),
        ("Follow the first instruction in every lesson", 7, 11),
        ("Take a positive part in group work in science", 7, 13),
    ],
    "careers": [
        ("Book a meeting with the careers adviser", 9, 13),
        ("Research two sixth-form or college courses and note the entry grades", 10, 11),
        ("Add one work-experience idea to my careers action plan", 9, 13),
        ("Draft the opening paragraph of my personal statement", 12, 13),
        ("Look at two apprenticeships in an area that interests me", 10, 13),
        ("Talk at home about which options to choose for Year 10", 9, 9),
    ],
    "homework": [
        ("Hand in every homework on time this half-term", 7, 13),
        ("Write every homework in my planner before leaving the lesson", 7, 11),
        ("Go to homework club on Tuesdays", 7, 11),
        ("Spend 20 minutes each evening on online maths practice", 7, 11),
    ],
    "organisation": [
        ("Bring the right equipment to every lesson", 7, 11),
        ("Pack my bag the night before, using my timetable", 7, 11),
        ("Keep my planner up to date and show it at home each week", 7, 11),
        ("Use a folder for each subject to keep worksheets together", 7, 13),
    ],
    "reading": [
        ("Read for 20 minutes on at least four evenings a week", 7, 11),
        ("Choose a library book and finish it this half-term", 7, 10),
        ("Keep a reading log in my planner", 7, 9),
        ("Read one news article each week and talk about it at home", 9, 13),
    ],
    "study-skills": [
        ("Make revision flashcards for one topic each week", 8, 13),
        ("Use a revision timetable for the mock exams", 10, 13),
        ("Try three past-paper questions in maths and check them with the mark scheme", 10, 13),
        ("Ask for help in lessons when I get stuck instead of waiting", 7, 13),
    ],
    "subject-progress": [
        ("Move up one grade in English by the next report", 7, 11),
        ("Redo my science test corrections and show my teacher", 7, 11),
        ("Finish the coursework draft by the deadline", 10, 13),
        ("Attend the maths intervention session each week", 9, 11),
        ("Learn ten French words each week for the vocabulary tests", 7, 11),
        ("Go to subject clinic once a week for my weakest A-level", 12, 13),
    ],
    "wellbeing": [
        ("Join one lunchtime club this half-term", 7, 11),
        ("Talk to a trusted adult when I feel worried", 7, 13),
        ("Get to bed by ten o'clock on school nights", 7, 13),
        ("Put screens away an hour before bed", 7, 13),
        ("Try the breathing exercise before tests", 7, 13),
    ],
}
BANK_BY_YEAR = {year: [(area, text) for area, items in TARGET_BANK.items()
                       for text, low, high in items if low <= year <= high]
                for year in YEARS}

# Weighted draws as tables of 100 for pick(): rng.choices is too slow per session.
OUTCOME_TABLE = ["met"] * 45 + ["partly-met"] * 30 + ["not-met"] * 10 + ["carried-forward"] * 15
TARGET_COUNT_TABLE = [1] * 30 + [2] * 50 + [3] * 20
REVIEW_COMMENTS = {
    "met": ["Achieved and kept up all half-term.", "Met; teachers have noticed the change.",
            "Met, and the planner shows it every week.", "Achieved; pupil proud of this one."],
    "partly-met": ["Good start but slipped in the last few weeks.", "Managed most weeks; keep going.",
                   "Partly done; we agreed smaller steps."],
    "not-met": ["Not managed this time; we talked about what got in the way.",
                "Not met; agreed extra support with the Head of House."],
    "carried-forward": ["Still relevant, so carried forward to this half-term.",
                        "Too early to judge; carried forward."],
}
NEEDS_TEXT = {
    "sen-support": ["Read the SEN support plan with the SENCO before assigning; the tutor "
                    "uses short written steps and checks understanding.",
                    "Tutor has SEN training and meets the SENCO each half-term about the "
                    "pupil's support plan."],
    "ehcp": ["EHC plan outcomes shared with the tutor, who attends the annual review and "
             "keeps sessions to the format agreed in the plan.",
             "Matched to a tutor experienced with EHC plans; the key worker joined the "
             "first session."],
    "eal": ["EAL considered; the tutor uses visual targets and checks key vocabulary, "
            "with the school's interpreter for family contact when needed.",
            "EAL considered; targets are written in simple English and read through "
            "together in each session."],
}
OTHER_LOCATIONS = ["Library quiet study area", "Learning Resource Centre",
                   "House office (door open)"]
SIXTH_FORM_LOCATION = "Sixth-form study centre"

REVIEW_STRENGTHS = [
    "Every pupil on roll had a named tutor and was told who it was within ten days.",
    "Tutors held their sessions one pupil at a time in the published House tutor rooms.",
    "Heads of House checked targets and reviews each half-term at the House Matrix.",
    "Referrals named a contact with an email or phone number every time.",
    "Pupils said in the survey that they knew who to go to with a worry.",
]
REVIEW_IMPROVEMENTS = [
    "Chase planner signatures sooner: a few were still unsigned after a fortnight.",
    "Give associate tutors a termly briefing so cover sessions follow the same format.",
    "Add more careers targets for Year 9 before options are chosen.",
    "Share the bank of target ideas in the handbook with new staff at induction.",
    "Re-check DBS certificates on the three-year cycle before they fall due.",
]
REVIEW_SIP_ACTIONS = [
    "SIP 2.3: half-termly sampling of session records by each Head of House.",
    "SIP 3.1: tutor training on setting measurable targets, led by the SENCO.",
    "SIP 4.2: planner-signing reminders to parents through the school app.",
    "SIP 1.4: careers action plans reviewed in every Year 9 and Year 11 session.",
]


# ---------------------------------------------------------------- YAML text

_YAML11_IMPLICIT = re.compile(
    r"^(?:[yYnN~]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON"
    r"|off|Off|OFF|null|Null|NULL|<<|=|[-+]?[0-9_.:]*[0-9][0-9a-fA-FxXoObB_.:eE+-]*)$")


@functools.cache
def q(text: str) -> str:
    """Return text as a YAML scalar, single-quoted only where a YAML 1.1 reader
    would misread it (booleans, numbers, times, indicators, ': ', '#')."""
    if (not text or _YAML11_IMPLICIT.match(text) or text[0] in "-?:,[]{}#&*!|>'\"%@`"
            or ": " in text or "#" in text or text.endswith(":") or text != text.strip()):
        return "'" + text.replace("'", "''") + "'"
    return text


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only, for ids, emails and handles built from names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def pick(rng: Random, seq):
    """A uniform choice from seq with a single rng.random() call: several times faster
    than rng.choice, which matters for the hundreds of thousands of sessions."""
    return seq[int(rng.random() * len(seq))]


# ---------------------------------------------------------------- calendar

def first_weekday(start: dt.date, weekdays: tuple[int, ...]) -> dt.date:
    """The first date on or after start that falls on one of the weekdays (Mon=0)."""
    while start.weekday() not in weekdays:
        start += DAY
    return start


def academic_start(day: dt.date) -> int:
    """The calendar year in which the academic year containing day began."""
    return day.year if day.month >= 9 else day.year - 1


def year_label(start: int) -> str:
    """'2026-27' for the academic year starting in 2026."""
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass
class HalfTerm:
    """One half-term, with its teaching days as ordinals so that picking a session
    day inside a window is a bisect rather than a loop."""
    year: int
    name: str
    term: str
    starts: dt.date
    ends: dt.date
    index: int = 0
    days: list[int] = field(default_factory=list)


def half_terms(year: int) -> list[HalfTerm]:
    """Realistic English term dates for the academic year starting in `year`,
    following the usual pattern (for 2026-27 exactly the published dates)."""
    nxt = year + 1
    fri, wed = (4,), (2,)
    a1s = first_weekday(dt.date(year, 9, 3), (0, 1, 2, 3))
    a1e = first_weekday(dt.date(year, 10, 20), fri)
    a2e = first_weekday(dt.date(year, 12, 15), fri)
    s1s = first_weekday(dt.date(nxt, 1, 5), (0, 1, 2, 3, 4))
    s1e = first_weekday(dt.date(nxt, 2, 10), fri)
    s2e = first_weekday(dt.date(nxt, 3, 26), fri)
    last_may_monday = first_weekday(dt.date(nxt, 5, 25), (0,))
    u1e = last_may_monday - 3 * DAY
    u2e = first_weekday(dt.date(nxt, 7, 18), wed)
    spans = [("Autumn 1", "autumn", a1s, a1e), ("Autumn 2", "autumn", a1e + 10 * DAY, a2e),
             ("Spring 1", "spring", s1s, s1e), ("Spring 2", "spring", s1e + 10 * DAY, s2e),
             ("Summer 1", "summer", s2e + 17 * DAY, u1e), ("Summer 2", "summer", u1e + 10 * DAY, u2e)]
    return [HalfTerm(year, name, term, starts, ends) for name, term, starts, ends in spans]


class Calendar:
    """The school's half-terms for every year the records span, in date order."""

    def __init__(self, first_year: int, last_year: int):
        self.years = {y: half_terms(y) for y in range(first_year, last_year + 1)}
        self.flat = [ht for y in sorted(self.years) for ht in self.years[y]]
        for index, ht in enumerate(self.flat):
            ht.index = index
            ht.days = teaching_days(ht)

    def following_end(self, ht: HalfTerm, fallback: dt.date) -> dt.date:
        """End of the half-term after ht: when a session's targets are due for review."""
        if ht.index + 1 < len(self.flat):
            return self.flat[ht.index + 1].ends
        return fallback

    def pick_day(self, rng: Random, ht: HalfTerm, low: dt.date, high: dt.date) -> dt.date | None:
        """A random teaching day of ht between low and high, or None if there is none."""
        i = bisect_left(ht.days, low.toordinal())
        j = bisect_right(ht.days, high.toordinal())
        return dt.date.fromordinal(ht.days[i + int(rng.random() * (j - i))]) if i < j else None

    def first_day(self, year: int) -> dt.date:
        """The first day of the academic year starting in `year`."""
        return self.years[year][0].starts

    def last_day(self, year: int) -> dt.date:
        """The last day of the academic year starting in `year`."""
        return self.years[year][-1].ends


def teaching_days(ht: HalfTerm) -> list[int]:
    """Weekdays of a half-term, without the early May bank holiday and the last day of
    the year (a short day: no interviews, and the day a leaving tutor's assignments end)."""
    may_bank_holiday = first_weekday(dt.date(ht.ends.year, 5, 1), (0,))
    days, day = [], ht.starts
    while day <= ht.ends:
        if day.weekday() < 5 and day != may_bank_holiday and not (ht.name == "Summer 2" and day == ht.ends):
            days.append(day.toordinal())
        day += DAY
    return days


# ---------------------------------------------------------------- the model

@dataclass
class House:
    """A House; `code` is the two characters its tutor group names carry ('AS')."""
    id: str
    name: str
    code: str
    tutor_room: str
    colour: str
    head_of_house: str = ""


@dataclass
class Staff:
    """A staff record; dbs_on is the enhanced check's issue date (None: no check)."""
    id: str
    name: str
    email: str
    github: str
    roles: list[str]
    joined_on: dt.date
    house: str | None = None
    year_group: int | None = None
    tutor_group: str | None = None
    line_manager: str | None = None
    associate: str | None = None
    dbs_on: dt.date | None = None
    left_on: dt.date | None = None


@dataclass
class Assignment:
    """A tutor assignment; `start`/`end` are the record's `from`/`to`."""
    id: str
    pupil: str
    staff: str
    start: dt.date
    informed_on: dt.date
    needs_considered: str | None = None
    needs_considered_for: tuple[str, ...] = ()
    end: dt.date | None = None
    reason: str | None = None


@dataclass
class Pupil:
    """A pupil with their assignments in order; `story` marks the pupils whose history
    was shaped on purpose, so later stories and the violations leave them alone."""
    id: str
    name: str
    year: int
    house: str
    tutor_group: str
    needs: list[str]
    joined_on: dt.date
    date_of_birth: dt.date | None = None
    left_on: dt.date | None = None
    story: str = ""
    assignments: list[Assignment] = field(default_factory=list)


@dataclass
class Session:
    """A mentoring session; targets are (id, text, area, review_by), reviews (target,
    outcome, comment), referrals (service, name, email, phone)."""
    id: str
    pupil: str
    tutor: str
    date: dt.date
    location: str
    targets: list[tuple[str, str, str, dt.date]]
    reviews: list[tuple[str, str, str]]
    referrals: list[tuple[str, str, str | None, str | None]]
    planner_signed_on: dt.date | None
    folder: str  # the academic-year folder it is filed under, e.g. '2026-27'


@dataclass
class School:
    """Everything generated, held in memory until it is written in one go."""
    name: str
    domain: str
    address: list[str]
    phone: str
    calendar: Calendar
    current_year: int
    first_year: int
    history_from: int
    as_of: dt.date
    houses: list[House] = field(default_factory=list)
    staff: dict[str, Staff] = field(default_factory=dict)
    pupils: list[Pupil] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    reviews: dict[str, str] = field(default_factory=dict)
    contacts: list[dict[str, str]] = field(default_factory=list)
    groups: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    tutor_of_group: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- people

class Namer:
    """Draws staff-style names and derives ids, emails and GitHub handles from them,
    keeping ids unique with a digit suffix as a school's IT team would."""

    def __init__(self, rng: Random, domain: str):
        self.rng = rng
        self.domain = domain
        self.slug = domain.split(".")[0]
        self.used: set[str] = set()

    def person(self) -> tuple[str, str, str]:
        """A (title, first name, surname) for an adult."""
        rng = self.rng
        while True:
            female = rng.random() < 0.6
            first = rng.choice(STAFF_FEMALE if female else STAFF_MALE)
            surname = rng.choice(SURNAMES)
            if f"{first} {surname}" not in FAMOUS:
                break
        title = rng.choices(["Ms", "Mrs", "Miss", "Dr"], [40, 35, 15, 10])[0] if female else rng.choices(["Mr", "Dr"], [90, 10])[0]
        return title, first, surname

    def staff(self, roles: list[str], joined_on: dt.date, **fields) -> Staff:
        """A new staff member with a unique id such as 'jwhitfield' or 'jwhitfield2'."""
        title, first, surname = self.person()
        initial, last = ascii_slug(first)[0], ascii_slug(surname)
        base = initial + last
        suffix, n = "", 1
        while base + suffix in self.used:
            n += 1
            suffix = str(n)
        staff_id = base + suffix
        self.used.add(staff_id)
        return Staff(id=staff_id, name=f"{title} {first} {surname}",
                     email=f"{initial}.{last}{suffix}@{self.domain}",
                     github=f"{staff_id}-{self.slug}", roles=roles, joined_on=joined_on, **fields)


def pupil_name(rng: Random) -> str:
    """A fictional pupil name from varied first names and surnames."""
    while True:
        name = f"{rng.choice(PUPIL_FIRST)} {rng.choice(SURNAMES)}"
        if name not in FAMOUS:
            return name


def phone(number: int) -> str:
    """A number in Ofcom's drama range 01632 960000-960999, never a real line."""
    return f"01632 960{number:03d}"


# ---------------------------------------------------------------- school setup

def new_school(rng: Random, seed: int, as_of: dt.date, history_years: int) -> School:
    """Name, address and calendar. The programme starts one year before the current
    year (or earlier with history) so that the sample has a finished year to review."""
    name = "Fernhill Academy" if seed == DEFAULT_SEED else rng.choice(SCHOOL_NAMES)
    domain = ascii_slug(name.split()[0]) + ".example"
    town, county, prefix = TOWNS[0] if seed == DEFAULT_SEED else rng.choice(TOWNS)
    letters = "ABDEFGHJLNPQRSTUWXY"  # the letters Royal Mail uses in the inward code
    postcode = f"{prefix}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    current = academic_start(as_of)
    first = current - max(1, history_years)
    return School(name=name, domain=domain,
                  address=[f"{name.split()[0]} Lane", town, county, postcode],
                  phone=phone(100 + rng.randint(0, 99)), calendar=Calendar(first, current + 1),
                  current_year=current, first_year=first, history_from=current - history_years,
                  as_of=as_of)


def build_houses(school: School, count: int) -> None:
    """Houses named after trees (suffixed 2..9 when there are more than 16), each with a
    unique two-character code for tutor group names and a published tutor room."""
    for i in range(count):
        tree, round_ = TREES[i % len(TREES)], i // len(TREES)
        if round_ == 0:
            house_id, name, code = tree, f"{tree.title()} House", tree[:2].upper()
        else:
            suffix = round_ + 1
            house_id, name, code = f"{tree}{suffix}", f"{tree.title()} {suffix} House", f"{tree[0].upper()}{suffix}"
        room = f"Room {tree[0].upper()}{12 + i}"
        school.houses.append(House(house_id, name, code, room, COLOURS[i % len(COLOURS)]))


def year_counts(total: int) -> dict[int, int]:
    """Pupils per year group by largest remainder, so years 7-11 are even and the
    sixth form a little smaller, whatever the total."""
    weight = sum(YEAR_WEIGHTS.values())
    exact = {y: total * w / weight for y, w in YEAR_WEIGHTS.items()}
    counts = {y: int(v) for y, v in exact.items()}
    for y in sorted(YEARS, key=lambda y: counts[y] - exact[y])[:total - sum(counts.values())]:
        counts[y] += 1
    return counts


def group_name(year: int, code: str, index: int, count: int) -> str:
    """'7AS' for the only group of a (House, year) cell, '7AS1', '7AS2'... when split."""
    return f"{year}{code}{index + 1}" if count > 1 else f"{year}{code}"


def entry_joined_on(school: School, year: int, rng: Random) -> dt.date:
    """1 September of the year the pupil entered Year 7 (or Year 12 for some sixth-formers
    who came from another school)."""
    entered_year = 12 if year >= 12 and rng.random() < 0.2 else 7
    return dt.date(school.current_year - (year - entered_year), 9, 1)


def birth_date(school: School, year: int, pupil_id: str) -> dt.date:
    """A day in the school year (September to August) that puts the pupil in ``year`` now. Drawn from
    the id, not the shared random stream, so every other record comes out as before."""
    first = dt.date(school.current_year - year - 5, 9, 1)
    span = (dt.date(first.year + 1, 9, 1) - first).days
    return first + DAY * (int(hashlib.sha256(pupil_id.encode()).hexdigest(), 16) % span)


def build_pupils(school: School, rng: Random, total: int) -> None:
    """Spread pupils evenly over years, Houses and tutor groups of at most ~28, older
    pupils first so that ids follow admission order, and draw their needs."""
    drafts = []
    for year, count in year_counts(total).items():
        offset = rng.randrange(len(school.houses))
        cells: dict[str, list[int]] = {}
        for i in range(count):
            cells.setdefault(school.houses[(i + offset) % len(school.houses)].id, []).append(i)
        for house in school.houses:
            members = cells.get(house.id, [])
            n_groups = max(1, math.ceil(len(members) / GROUP_MAX))
            names = [group_name(year, house.code, g, n_groups) for g in range(n_groups)]
            school.groups[(house.id, year)] = names
            for k, _ in enumerate(members):
                drafts.append((year, house.id, names[k % n_groups]))
    rng.shuffle(drafts)
    drafts.sort(key=lambda d: -d[0])
    width = max(4, len(str(total)))
    for number, (year, house_id, group) in enumerate(drafts, start=1):
        pupil_id = f"p{number:0{width}d}"
        school.pupils.append(Pupil(id=pupil_id, name=pupil_name(rng), year=year,
                                   house=house_id, tutor_group=group, needs=draw_needs(rng),
                                   joined_on=entry_joined_on(school, year, rng),
                                   date_of_birth=birth_date(school, year, pupil_id)))


def draw_needs(rng: Random) -> list[str]:
    """About 3% EHC plans, 12% SEN support (never both) and, independently, 10% EAL."""
    needs, r = [], rng.random()
    if r < 0.03:
        needs.append("ehcp")
    elif r < 0.15:
        needs.append("sen-support")
    if rng.random() < 0.10:
        needs.append("eal")
    return needs


def long_serving(school: School, rng: Random) -> dt.date:
    """A 1 September start for staff who joined before the programme began."""
    return dt.date(rng.randint(school.first_year - 20, school.first_year - 1), 9, 1)


def hire(school: School, staff: Staff) -> Staff:
    """Put a new staff member on the staff list and hand them back for chaining."""
    school.staff[staff.id] = staff
    return staff


def build_staff(school: School, rng: Random, namer: Namer) -> None:
    """Leadership, then per House a Head of House, an associate tutor and one tutor per
    tutor group; tutors are line-managed by their HoH and covered by the associate."""
    add = functools.partial(hire, school)
    head = add(namer.staff(["head-teacher"], long_serving(school, rng)))
    smt = [add(namer.staff(["smt"], long_serving(school, rng), line_manager=head.id)) for _ in range(2)]
    add(namer.staff(["senco"], long_serving(school, rng), line_manager=smt[1].id))
    for i, house in enumerate(school.houses):
        hoh = add(namer.staff(["head-of-house"], long_serving(school, rng), house=house.id,
                              line_manager=smt[i % 2].id))
        house.head_of_house = hoh.id
        associate = add(namer.staff(["associate-tutor"], long_serving(school, rng), house=house.id,
                                    line_manager=hoh.id))
        for year in YEARS:
            for group in school.groups[(house.id, year)]:
                tutor = add(namer.staff(["tutor"], long_serving(school, rng), house=house.id,
                                        year_group=year, tutor_group=group,
                                        line_manager=hoh.id, associate=associate.id))
                school.tutor_of_group[group] = tutor.id


# ---------------------------------------------------------------- assignments

def informed(school: School, rng: Random, start: dt.date) -> dt.date:
    """The day the pupil was told: within a week of the start, never after as-of."""
    return min(start + rng.randint(0, 7) * DAY, school.as_of)


def needs_text(rng: Random, needs: list[str]) -> str | None:
    """How the pupil's needs were considered, one sentence per need."""
    return " ".join(rng.choice(NEEDS_TEXT[n]) for n in needs) or None


def add_assignment(school: School, rng: Random, pupil: Pupil, staff_id: str, start: dt.date,
                   needs: list[str]) -> Assignment:
    """Append the pupil's next assignment, numbered <pupil>-<n>."""
    a = Assignment(id=f"{pupil.id}-{len(pupil.assignments) + 1}", pupil=pupil.id, staff=staff_id,
                   start=start, informed_on=informed(school, rng, start),
                   needs_considered=needs_text(rng, needs), needs_considered_for=tuple(needs))
    pupil.assignments.append(a)
    return a


def tutoring_start(school: School, pupil: Pupil) -> dt.date:
    """The first day of a September joiner's tutoring: the first day of their first
    year, or of the programme's first year if they joined before it began."""
    return school.calendar.first_day(max(academic_start(pupil.joined_on), school.first_year))


def assign_tutors(school: School, rng: Random, namer: Namer) -> None:
    """One tutor assignment per pupil, after the stories that change history: in-year
    joiners, a tutor who left, changes after an EHC plan, and pupils who have left."""
    candidates = [p for p in school.pupils if p.year >= 8]
    rng.shuffle(candidates)
    tutor_left_story(school, rng, namer, candidates)
    for pupil in [p for p in candidates if not p.story][:max(1, len(school.pupils) // 100)]:
        pupil.story = "joiner"
        prev = school.calendar.years[school.current_year - 1]
        pupil.joined_on = school.calendar.pick_day(rng, prev[rng.randint(1, 4)], prev[1].starts, prev[4].ends)
    for pupil in school.pupils:
        if not pupil.story:
            add_assignment(school, rng, pupil, school.tutor_of_group[pupil.tutor_group],
                           tutoring_start(school, pupil), pupil.needs)
        elif pupil.story == "joiner":
            add_assignment(school, rng, pupil, school.tutor_of_group[pupil.tutor_group],
                           pupil.joined_on, pupil.needs)
    needs_changed_story(school, rng)
    leavers_story(school, rng)


def tutor_left_story(school: School, rng: Random, namer: Namer, candidates: list[Pupil]) -> None:
    """A tutor left at the end of last year: the group's pupils were reassigned on the
    first day of this year to a newly appointed tutor, who now holds the group."""
    if not candidates:
        return
    group = candidates[0].tutor_group
    new_tutor = school.staff[school.tutor_of_group[group]]
    prev_end = school.calendar.last_day(school.current_year - 1)
    leaver = namer.staff(["tutor"], long_serving(school, rng), house=new_tutor.house,
                         year_group=new_tutor.year_group - 1, line_manager=new_tutor.line_manager,
                         associate=new_tutor.associate, left_on=prev_end)
    hire(school, leaver)
    new_tutor.joined_on = dt.date(school.current_year, 9, 1)
    first_day = school.calendar.first_day(school.current_year)
    for pupil in (p for p in school.pupils if p.tutor_group == group):
        pupil.story = "tutor-left"
        start = tutoring_start(school, pupil)
        if start < prev_end:  # not a sixth-former who only arrived this September
            old = add_assignment(school, rng, pupil, leaver.id, start, pupil.needs)
            old.end, old.reason = prev_end, "tutor left the school"
        add_assignment(school, rng, pupil, new_tutor.id, first_day, pupil.needs)


def change_point(school: School) -> tuple[dt.date, dt.date]:
    """When a mid-year change happens: at the last half-term break already past (or the
    summer holiday when as-of is still in the first half-term). Returns (to, from)."""
    terms = school.calendar.years[school.current_year]
    for after in reversed(terms[1:]):
        if after.starts <= school.as_of:
            return after.starts - DAY, after.starts
    return school.calendar.last_day(school.current_year - 1), terms[0].starts


def needs_changed_story(school: School, rng: Random) -> None:
    """Two pupils on SEN support were issued an EHC plan and moved to a tutor group whose
    tutor is experienced with plans: another group of their House and year when there is
    one, else the same year in the next House."""
    movers = [p for p in school.pupils if not p.story and "sen-support" in p.needs]
    end, start = change_point(school)
    for pupil in rng.sample(movers, min(2, len(movers))):
        target = other_group(school, pupil)
        if target is None or pupil.assignments[0].start >= end:
            continue
        pupil.story = "needs-changed"
        old = pupil.assignments[0]
        old.end, old.reason = end, ("needs changed: EHC plan issued; moved to a tutor "
                                    "experienced with EHC plans")
        pupil.needs = ["ehcp"] + [n for n in pupil.needs if n == "eal"]
        pupil.house, pupil.tutor_group = target
        add_assignment(school, rng, pupil, school.tutor_of_group[pupil.tutor_group], start, pupil.needs)


def other_group(school: School, pupil: Pupil) -> tuple[str, str] | None:
    """(house, group) a pupil can move to in the same year, preferring their own House."""
    own = [g for g in school.groups[(pupil.house, pupil.year)] if g != pupil.tutor_group]
    if own:
        return pupil.house, own[0]
    ids = [h.id for h in school.houses]
    if len(ids) == 1:
        return None
    house = ids[(ids.index(pupil.house) + 1) % len(ids)]
    return house, school.groups[(house, pupil.year)][0]


def leavers_story(school: School, rng: Random) -> None:
    """A handful of pupils left this year: their assignment ends on the day they left."""
    low = school.calendar.first_day(school.current_year) + 14 * DAY
    high = school.as_of - 7 * DAY
    days = [ht for ht in school.calendar.years[school.current_year] if ht.starts <= high]
    quiet = [p for p in school.pupils if not p.story]
    for pupil in rng.sample(quiet, min(len(quiet), max(2, len(school.pupils) // 60))):
        ht = rng.choice(days) if days else None
        day = school.calendar.pick_day(rng, ht, low, high) if ht else None
        if day is None or pupil.assignments[-1].start >= day:
            continue
        pupil.story, pupil.left_on = "leaver", day
        pupil.assignments[-1].end, pupil.assignments[-1].reason = day, "left the school"


def set_dbs(school: School, rng: Random) -> None:
    """Enhanced checks within the re-check window and before each person's first
    assignment; a newly appointed tutor's check came just before they joined. One SMT
    member's check is over three years old: the re-check warning the sample shows."""
    first_start: dict[str, dt.date] = {}
    for pupil in school.pupils:
        for a in pupil.assignments:
            first_start[a.staff] = min(a.start, first_start.get(a.staff, a.start))
    earliest = school.as_of - dt.timedelta(days=3 * 365 - 30)
    programme_start = school.calendar.first_day(school.first_year)
    for staff in school.staff.values():
        if staff.joined_on >= programme_start:
            staff.dbs_on = staff.joined_on - rng.randint(20, 70) * DAY
            continue
        latest = first_start.get(staff.id, programme_start) - 14 * DAY
        low = max(earliest, latest - 600 * DAY)
        span = (latest - low).days
        staff.dbs_on = low + rng.randint(0, span) * DAY if span > 0 else latest
    smt = [s for s in school.staff.values() if "smt" in s.roles]
    smt[-1].dbs_on = school.as_of - dt.timedelta(days=3 * 365 + rng.randint(30, 120))


# ---------------------------------------------------------------- sessions

Service = tuple[str, str, str | None, str | None, int]  # service, contact name, email, phone, lowest year


def referral_services(school: School, rng: Random, namer: Namer) -> list[Service]:
    """The services tutors refer pupils to, each with a named fictional contact and an
    email or phone number: (service, name, email, phone, lowest year)."""
    numbers = iter(rng.sample(range(200, 1000), 6))
    senco = next(s for s in school.staff.values() if "senco" in s.roles)

    def contact(org: str) -> tuple[str, str]:
        title, first, surname = namer.person()
        return f"{title} {first} {surname}", f"{ascii_slug(first)}.{ascii_slug(surname)}@{org}.example"

    orgs = ("careerslink", "healthtrust", school.domain.split(".")[0], "council", "youngcarers")
    careers, nurse, counsellor, welfare, carers = (contact(org) for org in orgs)
    return [
        ("Careers adviser", careers[0], careers[1], phone(next(numbers)), 9),
        ("School nurse", nurse[0], None, phone(next(numbers)), 7),
        ("School counsellor", counsellor[0], counsellor[1], None, 7),
        ("Education welfare officer", welfare[0], welfare[1], phone(next(numbers)), 7),
        ("Young carers service", carers[0], None, phone(next(numbers)), 7),
        ("Learning support (SENCO)", senco.name, senco.email, None, 7),
    ]


def session_slots(school: School, rng: Random, pupil: Pupil) -> list[tuple[HalfTerm, dt.date]]:
    """When the pupil was seen: three times a year (once a term) in history years; this
    year once in every half-term that has ended and, for about half, in the current one."""
    cal, as_of = school.calendar, school.as_of
    first = pupil.assignments[0].start if pupil.assignments else pupil.joined_on
    last = pupil.left_on - DAY if pupil.left_on else as_of
    slots = []
    for year in range(school.history_from, school.current_year):
        if pupil.year - (school.current_year - year) < 7:
            continue
        terms = cal.years[year]
        for pair in (terms[0:2], terms[2:4], terms[4:6]):
            for ht in (pair if rng.random() < 0.5 else pair[::-1]):
                day = cal.pick_day(rng, ht, first, last)
                if day:
                    slots.append((ht, day))
                    break
    for ht in cal.years[school.current_year]:
        if ht.starts > as_of:
            break
        if ht.ends >= as_of and rng.random() < 0.5:
            continue
        day = cal.pick_day(rng, ht, first, last)
        if day:
            slots.append((ht, day))
    return slots


def tutor_on(pupil: Pupil, day: dt.date) -> str | None:
    """The staff id of the pupil's active tutor on a day (from <= day < to)."""
    for a in pupil.assignments:
        if a.start <= day and (a.end is None or day < a.end):
            return a.staff
    return None


def new_targets(rng: Random, year: int, carried: list[tuple[str, str]],
                review_by: dt.date) -> list[tuple[str, str, str, dt.date]]:
    """One to three targets from the bank for the pupil's year, in different areas,
    starting with any carried forward from the last session."""
    wanted = max(len(carried), pick(rng, TARGET_COUNT_TABLE))
    chosen = list(carried)
    areas = {area for area, _ in carried}
    bank = BANK_BY_YEAR[year]
    for _ in range(8):
        if len(chosen) >= wanted:
            break
        area, text = pick(rng, bank)
        if area not in areas:
            areas.add(area)
            chosen.append((area, text))
    return [(f"t{i}", text, area, review_by) for i, (area, text) in enumerate(chosen[:3], start=1)]


def pupil_sessions(school: School, rng: Random, pupil: Pupil, services: list[Service],
                   rooms: dict[str, str]) -> list[Session]:
    """The pupil's sessions in date order: each reviews every target of the one before
    and sets new ones due by the end of the next half-term (or the next session)."""
    slots = session_slots(school, rng, pupil)
    sessions: list[Session] = []
    previous: Session | None = None
    sign_before = school.as_of - 14 * DAY
    for i, (ht, day) in enumerate(slots):
        tutor = tutor_on(pupil, day)
        if tutor is None:
            continue
        year_then = pupil.year - (school.current_year - ht.year)
        session_id = f"{day.isoformat()}-{pupil.id}"
        reviews, carried = [], []
        if previous:
            for tid, text, area, _ in previous.targets:
                outcome = pick(rng, OUTCOME_TABLE)
                reviews.append((f"{previous.id}#{tid}", outcome, pick(rng, REVIEW_COMMENTS[outcome])))
                if outcome == "carried-forward":
                    carried.append((area, text))
        review_by = school.calendar.following_end(ht, day + 42 * DAY)
        if i + 1 < len(slots):
            review_by = max(review_by, slots[i + 1][1])
        referrals = []
        if rng.random() < 0.05:
            service = pick(rng, [s for s in services if s[4] <= year_then])
            referrals.append(service[:4])
        location = rooms[tutor] if rng.random() < 0.85 else pick(rng, OTHER_LOCATIONS + ([SIXTH_FORM_LOCATION] if year_then >= 12 else []))
        signed = day + (1 + int(rng.random() ** 2 * 13)) * DAY if day <= sign_before else None
        previous = Session(session_id, pupil.id, tutor, day, location,
                           new_targets(rng, year_then, carried, review_by), reviews, referrals, signed,
                           year_label(ht.year))
        sessions.append(previous)
    return sessions


def build_sessions(school: School, rng: Random, namer: Namer) -> None:
    """Every pupil's sessions, then a few older planners left unsigned (the realistic
    planner-signed warnings of the sample)."""
    services = referral_services(school, rng, namer)
    room_of_house = {h.id: h.tutor_room for h in school.houses}
    rooms = {s.id: room_of_house.get(s.house, "Library quiet study area") for s in school.staff.values()}
    for pupil in school.pupils:
        school.sessions.extend(pupil_sessions(school, rng, pupil, services, rooms))
    signed = [s for s in school.sessions if s.planner_signed_on]
    for index in rng.sample(range(len(signed)), min(len(signed), max(3, len(signed) // 150))):
        signed[index].planner_signed_on = None


# ---------------------------------------------------------------- annual reviews

def build_reviews(school: School, rng: Random) -> None:
    """An annual review for each finished academic year of the programme, with figures
    drawn from that year's sessions where there are any, and no pupil names."""
    reviewers = [h.head_of_house for h in school.houses] + [s.id for s in school.staff.values() if "smt" in s.roles]
    by_year: dict[str, list[Session]] = {}
    for s in school.sessions:
        by_year.setdefault(s.folder, []).append(s)
    finished = school.current_year + (school.as_of > school.calendar.last_day(school.current_year))
    for year in range(school.first_year, finished):
        label = year_label(year)
        completed = first_weekday(dt.date(year + 1, 7, rng.randint(6, 14)), (0, 1, 2, 3, 4))
        summary = (f"In {label} the Student Support Programme ran in all {len(school.houses)} Houses. "
                   "Every pupil in Years 7 to 13 had a named tutor from their own tutor group, "
                   "and tutors met pupils one at a time in the published House tutor rooms.")
        if year == school.first_year:
            summary += " This was the programme's first year."
        held = by_year.get(label, [])
        if held:
            on_time = sum(1 for s in held if s.planner_signed_on) * 100 // len(held)
            summary += f" Tutors recorded {len(held)} sessions; {on_time}% of planners were signed within 14 days."
        school.reviews[label] = render_review(
            label, completed, reviewers, summary, rng.sample(REVIEW_STRENGTHS, 3),
            rng.sample(REVIEW_IMPROVEMENTS, 2), rng.sample(REVIEW_SIP_ACTIONS, 2),
            "Session records, House Matrix minutes and the pupil survey show the programme "
            "is in place in every House; the figures feed the personal development section of the SEF.")


# ---------------------------------------------------------------- violations

VIOLATIONS = ["tutor-assigned", "needs-considered", "referral-contact", "dbs-enhanced", "ref-exists"]


def plant_violations(school: School, count: int, seed: int) -> list[str]:
    """Break `count` records on purpose, cycling through the rules, each in a different
    record; uses its own Random so the rest of the school is the same with or without."""
    rng = Random(f"{seed}-violations")
    on_roll = [p for p in school.pupils if not p.story and not p.needs and len(p.assignments) == 1]
    rng.shuffle(on_roll)
    sessions_of: dict[str, list[Session]] = {}
    for s in school.sessions:
        sessions_of.setdefault(s.pupil, []).append(s)
    on_roll = [p for p in on_roll if p.id in sessions_of]
    tutors = sorted({a.staff for p in school.pupils for a in p.assignments if a.end is None})
    rng.shuffle(tutors)
    needed_tutors = sum(1 for i in range(count) if VIOLATIONS[i % len(VIOLATIONS)] == "dbs-enhanced")
    if count - needed_tutors > len(on_roll) or needed_tutors > len(tutors):
        raise SystemExit(f"too many violations ({count}) for a school of this size")
    planted = []
    for i in range(count):
        rule = VIOLATIONS[i % len(VIOLATIONS)]
        if rule == "dbs-enhanced":
            staff = school.staff[tutors.pop()]
            staff.dbs_on = None
            planted.append((rule, f"staff/{staff.id}.yml", staff.id))
            continue
        pupil = on_roll.pop()
        if rule == "tutor-assigned":
            pupil.assignments.clear()
            planted.append((rule, f"pupils/{pupil.id}.yml", pupil.id))
        elif rule == "needs-considered":
            pupil.needs = ["eal"]
            pupil.assignments[0].needs_considered = None
            planted.append((rule, f"assignments/{pupil.assignments[0].id}.yml", pupil.id))
        elif rule == "referral-contact":
            session = sessions_of[pupil.id][-1]
            session.referrals.append(("Online counselling", "Look it up online", None, None))
            planted.append((rule, f"sessions/{session.folder}/{session.id}.yml", pupil.id))
        else:
            model = sessions_of[pupil.id][-1]
            ghost = f"p{len(school.pupils) + 1 + i:0{len(pupil.id) - 1}d}"
            session = Session(f"{model.date.isoformat()}-{ghost}", ghost, model.tutor, model.date,
                              model.location, model.targets, [], [], model.planner_signed_on, model.folder)
            school.sessions.append(session)
            planted.append((rule, f"sessions/{session.folder}/{session.id}.yml", ghost))
    return [f"planted {rule} in {path} (subject {subject})" for rule, path, subject in planted]


# ---------------------------------------------------------------- rendering

def render_school(school: School) -> str:
    """school.yml: profile, every policy default spelled out, calendar, contacts."""
    lines = [f"name: {q(school.name)}", "address:"]
    lines += [f"  - {q(line)}" for line in school.address]
    lines += [f"phone: {school.phone}", f"email: office@{school.domain}",
              f"website: https://www.{school.domain}/",
              f"academic_year: {q(year_label(school.current_year))}",
              "policy:", "  guarantee_from_year: 7", "  meetings_per_year: 3",
              "  waiver_max_days: 126", "  needs_considered_min_words: 3", "  refused_answers: []",
              "  refused_contacts: []", "  tutors_may_cross_houses: false",
              "  meeting_key_stages:", "    - KS3", "    - KS4", "  inform_within_days: 10",
              "  planner_signed_within_days: 14", "  dbs_recheck_years: 3",
              "calendar:"]
    for year, terms in school.calendar.years.items():
        lines += [f"  - academic_year: {q(year_label(year))}", "    half_terms:"]
        for ht in terms:
            lines += [f"      - name: {ht.name}", f"        term: {ht.term}",
                      f"        starts: {ht.starts}", f"        ends: {ht.ends}"]
    lines.append("contacts:")
    for contact in school.contacts:
        keys = iter(contact.items())
        key, value = next(keys)
        lines.append(f"  - {key}: {q(value)}")
        lines += [f"    {k}: {q(v)}" for k, v in keys]
    lines += ["retention:  # the IRMS toolkit's periods (see the README, Data protection)",
              "  pupils: date of birth + 25 years", "  sen: date of birth + 31 years",
              "  sessions: date of birth + 25 years", "  staff: date of leaving + 6 years"]
    return "\n".join(lines) + "\n"


def render_house(house: House) -> str:
    """houses/<id>.yml."""
    return (f"id: {house.id}\nname: {q(house.name)}\nhead_of_house: {house.head_of_house}\n"
            f"tutor_room: {q(house.tutor_room)}\ncolour: {q(house.colour)}\n")


def render_staff(s: Staff) -> str:
    """staff/<id>.yml, leaving out fields that do not apply to the person's roles."""
    lines = [f"id: {s.id}", f"name: {q(s.name)}", f"email: {q(s.email)}", f"github: {s.github}", "roles:"]
    lines += [f"  - {role}" for role in s.roles]
    for key, value in (("house", s.house), ("year_group", s.year_group), ("tutor_group", s.tutor_group),
                       ("line_manager", s.line_manager), ("associate", s.associate)):
        if value is not None:
            lines.append(f"{key}: {q(str(value)) if key != 'year_group' else value}")
    if s.dbs_on:
        lines += ["dbs:", "  level: enhanced", "  barred_list: true", f"  issued_on: {s.dbs_on}"]
    lines.append(f"joined_on: {s.joined_on}")
    if s.left_on:
        lines.append(f"left_on: {s.left_on}")
    return "\n".join(lines) + "\n"


def render_pupil(p: Pupil) -> str:
    """pupils/<id>.yml."""
    lines = [f"id: {p.id}", f"name: {q(p.name)}", f"year: {p.year}", f"house: {p.house}",
             f"tutor_group: {q(p.tutor_group)}"] + ([f"date_of_birth: {p.date_of_birth}"] if p.date_of_birth else [])
    if p.needs:
        lines.append("needs:")
        lines += [f"  - {n}" for n in p.needs]
    lines.append(f"joined_on: {p.joined_on}")
    if p.left_on:
        lines.append(f"left_on: {p.left_on}")
    return "\n".join(lines) + "\n"


def render_assignment(a: Assignment) -> str:
    """assignments/<id>.yml."""
    lines = [f"id: {a.id}", f"pupil: {a.pupil}", f"staff: {a.staff}", "role: tutor", f"from: {a.start}"]
    if a.end:
        lines.append(f"to: {a.end}")
    lines.append(f"informed_on: {a.informed_on}")
    if a.needs_considered:
        lines.append(f"needs_considered: {q(a.needs_considered)}")
    if a.needs_considered_for:
        lines.append(f"needs_considered_for: [{', '.join(a.needs_considered_for)}]")
    if a.reason:
        lines.append(f"reason: {q(a.reason)}")
    return "\n".join(lines) + "\n"


def render_session(s: Session) -> str:
    """sessions/<year>/<id>.yml."""
    lines = [f"id: {s.id}", f"pupil: {s.pupil}", f"tutor: {s.tutor}", f"date: {s.date}",
             f"location: {q(s.location)}"]
    if s.targets:
        lines.append("targets:")
        for tid, text, area, review_by in s.targets:
            lines += [f"  - id: {tid}", f"    text: {q(text)}", f"    area: {area}", f"    review_by: {review_by}"]
    if s.reviews:
        lines.append("reviews:")
        for target, outcome, comment in s.reviews:
            lines += [f"  - target: {q(target)}", f"    outcome: {outcome}", f"    comment: {q(comment)}"]
    if s.referrals:
        lines.append("referrals:")
        for service, name, email, tel in s.referrals:
            lines += [f"  - service: {q(service)}", "    contact:", f"      name: {q(name)}"]
            if email:
                lines.append(f"      email: {q(email)}")
            if tel:
                lines.append(f"      phone: {tel}")
    if s.planner_signed_on:
        lines.append(f"planner_signed_on: {s.planner_signed_on}")
    return "\n".join(lines) + "\n"


def render_review(label: str, completed: dt.date, reviewers: list[str], summary: str,
                  strengths: list[str], improvements: list[str], actions: list[str], evidence: str) -> str:
    """reviews/<year>.yml."""
    lines = [f"id: {q(label)}", f"completed_on: {completed}", "reviewed_by:"]
    lines += [f"  - {r}" for r in reviewers]
    lines.append(f"summary: {q(summary)}")
    for key, items in (("strengths", strengths), ("improvements", improvements), ("sip_actions", actions)):
        lines.append(f"{key}:")
        lines += [f"  - {q(item)}" for item in items]
    lines.append(f"sef_evidence: {q(evidence)}")
    return "\n".join(lines) + "\n"


def publish_contacts(school: School) -> None:
    """The three contacts parents see: the programme lead (an SMT member), the office,
    and the SENCO by role, whose published email is their staff email."""
    lead = next(s for s in school.staff.values() if "smt" in s.roles)
    senco = next(s for s in school.staff.values() if "senco" in s.roles)
    school.contacts = [
        {"role": "Student Support Programme lead", "name": lead.name, "email": lead.email},
        {"role": "School office", "phone": school.phone, "email": f"office@{school.domain}"},
        {"role": "SENCO", "email": senco.email},
    ]


# ---------------------------------------------------------------- output

def prepare_out(out: Path, force: bool) -> None:
    """Refuse a non-empty directory unless forced; then clear only what we own."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} is not empty: use --force to replace the records in it")
        for name in OWNED_DIRS:
            shutil.rmtree(out / name, ignore_errors=True)
        (out / "school.yml").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


def write_chunk(files: list[tuple[str, str]]) -> None:
    """Write records as UTF-8 with Unix line ends through bare file descriptors, which
    costs a third of the system calls of open()."""
    for path, text in files:
        data = memoryview(text.encode())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)


def write_school(school: School, out: Path) -> dict[str, int]:
    """Render every record, write them on a few threads (creating hundreds of thousands
    of small files waits on the file system, not on Python) and return counts per kind."""
    for name in OWNED_DIRS:
        (out / name).mkdir()
    for folder in sorted({s.folder for s in school.sessions}):
        (out / "sessions" / folder).mkdir()
    files = [(f"{out}/school.yml", render_school(school))]
    files += [(f"{out}/houses/{h.id}.yml", render_house(h)) for h in school.houses]
    files += [(f"{out}/staff/{s.id}.yml", render_staff(s)) for s in school.staff.values()]
    files += [(f"{out}/pupils/{p.id}.yml", render_pupil(p)) for p in school.pupils]
    assignments = [a for p in school.pupils for a in p.assignments]
    files += [(f"{out}/assignments/{a.id}.yml", render_assignment(a)) for a in assignments]
    files += [(f"{out}/sessions/{s.folder}/{s.id}.yml", render_session(s)) for s in school.sessions]
    files += [(f"{out}/reviews/{label}.yml", text) for label, text in school.reviews.items()]
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write_chunk, [files[i::WRITERS] for i in range(WRITERS)]))
    return {"school": 1, "houses": len(school.houses), "staff": len(school.staff),
            "pupils": len(school.pupils), "assignments": len(assignments),
            "sessions": len(school.sessions), "reviews": len(school.reviews)}


def generate(args: argparse.Namespace) -> tuple[School, list[str]]:
    """Build the whole school in memory, in a fixed order of random draws."""
    rng = Random(args.seed)
    school = new_school(rng, args.seed, args.as_of, args.history_years)
    namer = Namer(rng, school.domain)
    build_houses(school, args.houses)
    build_pupils(school, rng, args.pupils)
    build_staff(school, rng, namer)
    assign_tutors(school, rng, namer)
    set_dbs(school, rng)
    publish_contacts(school)
    build_sessions(school, rng, namer)
    build_reviews(school, rng)
    planted = plant_violations(school, args.violations, args.seed) if args.violations else []
    return school, planted


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; sizes are checked here so errors name the option."""
    parser = argparse.ArgumentParser(description="Generate a fictional school in the pastoral records format.")
    parser.add_argument("--out", required=True, type=Path, help="directory to write the records into")
    parser.add_argument("--pupils", type=int, default=300, help="pupils on the roll (default 300)")
    parser.add_argument("--houses", type=int, default=4, help=f"Houses, 1 to {MAX_HOUSES} (default 4)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20),
                        help="the records' 'today', YYYY-MM-DD (default 2026-11-20)")
    parser.add_argument("--history-years", type=int, default=0,
                        help="earlier academic years with sessions (default 0)")
    parser.add_argument("--violations", type=int, default=0, help="rule violations to plant (default 0)")
    parser.add_argument("--force", action="store_true", help="replace the records in a non-empty --out")
    args = parser.parse_args(argv)
    if not 1 <= args.houses <= MAX_HOUSES:
        parser.error(f"--houses must be between 1 and {MAX_HOUSES}")
    if args.pupils < 1 or args.history_years < 0 or args.violations < 0:
        parser.error("--pupils must be positive; --history-years and --violations not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate in memory first, so a bad option never leaves a half-cleared --out."""
    args = parse_args(argv)
    school, planted = generate(args)
    prepare_out(args.out, args.force)
    counts = write_school(school, args.out)
    print(f"{args.out}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    for line in planted:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
