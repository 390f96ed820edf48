"""A referral gives a real contact (Guidance 2010, para 134): a person's name, and a number or address that reaches them.

Phone numbers are judged by ``phonenumbers`` (Google's libphonenumber data), not
a pattern: a UK number without its country code, or any number with one. Ofcom's
numbers for drama (01632 960xxx and the like, used by the sample school) pass,
as ``.example`` addresses do, so that sample and training records work; the
addresses people type when they have none (``noreply@``, ``example.com``) do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pastoral.core.findings import Finding
from pastoral.rules.base import ERROR, rule
from pastoral.rules.context import Context
from pastoral.rules.placeholders import NOT_A_PERSON, ROLE_WORDS, refused_in, words

DRAMA = ("1632960", "7700900", "8081570", "9098790", "3069990")
"""Ofcom's ranges for drama and examples (without the leading 0): real in form, never a real line."""
NO_PERSON_MAILBOX = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)\b",
                               re.IGNORECASE)
UNREACHABLE_TOP = {"invalid", "localhost", "test", "local"}


@cache  # a school refers pupils to the same few contacts again and again
def phone_problem(number: str) -> str:
    """Why a phone number reaches no one ('' when it may): a UK number, an international one, or a short one."""
    import phonenumbers  # here: a check that does not run this rule (after an edit) need not load its data
    from phonenumbers import shortnumberinfo

    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "is not a phone number"
    if phonenumbers.is_valid_number(parsed):
        return ""
    if shortnumberinfo.is_valid_short_number(parsed):
        return "is an emergency number" if shortnumberinfo.is_emergency_number(number, "GB") else ""
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 44 and len(national) == 10 and national.startswith(DRAMA):
        return ""
    return "is not a valid phone number"


def email_problem(address: str) -> str:
    """Why an email address reaches no person ('' when it may)."""
    mailbox, _, domain = address.rpartition("@")
    labels = domain.casefold().rstrip(".").split(".")
    if NO_PERSON_MAILBOX.match(mailbox):
        return "is an address that no one reads"
    if "example" in labels[:-1] or labels[-1] in UNREACHABLE_TOP:
        return "is a made-up address"
    return ""


@cache
def name_problem(name: str, service: str, refused: tuple[str, ...]) -> str:
    """Why a contact's name is not a person's ('' when it is one)."""
    found, own = refused_in(name, NOT_A_PERSON + refused)
    if found:
        return f"names no person ('{name}')"
    if not [word for word in own if word not in ROLE_WORDS] or words(name) == words(service):
        return f"names a role, not a person ('{name}')"
    return ""


@rule("referral-contact", ERROR, "Guidance 2010, para 134",
      "A referral gives a named person and an email or phone number; 'look it up' or 'search online' is not enough.",
      "Give the name of the person to contact, with their email address or phone number.",
      never_waived="the Pupil Guarantee is never waived (para 134): a pupil sent for help is given a person's name "
                   "and an email or phone number, and leaving the family to find it is what it rules out; give the "
                   "contact")
def referral_contact(context: Context) -> Iterator[Finding]:
    refused = context.policy.refused_contacts
    for session in context.store.sessions.values():
        for index, referral in enumerate(session.get("referrals", [])):
            contact = referral["contact"]
            email, phone = contact.get("email"), contact.get("phone")
            problems = [problem for problem in (name_problem(contact["name"], referral["service"], refused),) if problem]
            if not (email or phone):
                problems.append("gives no email address or phone number")
            for field, value, problem in (("phone", phone, phone and phone_problem(phone)),
                                          ("email", email, email and email_problem(email))):
                if problem:
                    problems.append(f"gives the {field} '{value}', which {problem}")
            if problems:
                yield context.finding(
                    "referral-contact", session, f"the referral to {referral['service']} " + " and ".join(problems),
                    pointer=f"/referrals/{index}/contact", detail=f"referral {index} {referral['service']}",
                    hint="give the contact's name and their email or phone number: telling a pupil to look it up or "
                         "search online is not enough, and a desk, a leaflet or a website is not a person")
