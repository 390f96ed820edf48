"""Data protection: a subject access request is answered within one calendar month (UK GDPR Article 12(3)).

School holidays do not stop the clock, so the rule warns a week before the
deadline and every day after it until the answer is recorded. It is a schedule
rule: time passing never blocks a change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pastoral.core.calendar import day
from pastoral.core.findings import Finding
from pastoral.core.periods import WARN_DAYS_BEFORE_DEADLINE, one_calendar_month
from pastoral.rules.base import SCHEDULE, rule
from pastoral.rules.context import Context

GUIDANCE = "UK GDPR Article 12(3); ICO guidance on the right of access"


@rule("sar-deadline", SCHEDULE, GUIDANCE,
      "A subject access request is answered within one calendar month of receipt, school holidays included.",
      "Run `pastoral sar <id>`, review the bundle, send it, and record the day as 'answered_on'.",
      never_waived="the month to answer a subject access request is the law's (UK GDPR article 12), not the school's "
                   "to excuse: answer it, or record a lawful extension as 'extended_to'")
def sar_deadline(context: Context) -> Iterator[Finding]:
    for request in context.store.of("subject-access-request").values():
        received = date.fromisoformat(request.get("received_on"))
        due = day(request.get("extended_to")) or one_calendar_month(received)
        answered = day(request.get("answered_on"))
        subject = request.get("subject")
        if answered is not None:
            if answered > due:
                yield context.finding(
                    "sar-deadline", request, f"the subject access request of {subject}, received on {received}, "
                    f"was answered on {answered}, {(answered - due).days} days after the deadline of {due}",
                    pointer="/answered_on", subject=subject, detail="answered late",
                    hint="nothing to change in the record; tell the DPO, who decides whether to report it")
            continue
        days_left = (due - context.as_of).days
        if days_left < 0:
            yield context.finding(
                "sar-deadline", request, f"the subject access request of {subject}, received on {received}, "
                f"was due by {due}: {-days_left} days overdue", pointer="/received_on", subject=subject,
                detail="overdue", hint="answer it today and record 'answered_on'; tell the DPO it is late")
        elif days_left <= WARN_DAYS_BEFORE_DEADLINE:
            yield context.finding(
                "sar-deadline", request, f"the subject access request of {subject}, received on {received}, "
                f"must be answered by {due} ({days_left} days left)", pointer="/received_on", subject=subject,
                detail="due soon", hint="run `pastoral sar " + str(subject) + "`, review the bundle and send it")
