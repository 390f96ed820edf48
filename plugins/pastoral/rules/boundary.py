"""The need-to-know boundary: findings made while the records and the restricted records are joined.

Like the integrity rules checked while loading, these run before the rules do (in
``pastoral.checking.restricted``); they are registered so that the catalogue, the
reports and the README list them with their advice.
"""

from __future__ import annotations

from pastoral.rules.base import ERROR, NOT_WAIVED_INTEGRITY, WARNING, rule

NEED_TO_KNOW = "UK GDPR Article 9 (special category data); KCSIE (safeguarding records kept apart)"
JOINED = " Checked while the records and the restricted records are read."


@rule("restricted-field", ERROR, NEED_TO_KNOW,
      "Needs, how they were considered, DBS checks and health reasons are kept where only those who need them "
      "read them, never in the records every member of staff reads." + JOINED,
      "Remove the field from this repository and ask a Head of House to record it in the restricted records; "
      "tell the data protection lead, as it stays in the Git history.", never_waived=NOT_WAIVED_INTEGRITY)
def restricted_field(context):
    return ()


@rule("restricted-unmatched", WARNING, NEED_TO_KNOW,
      "Each file of the restricted records adds fields to one record of the records, with the same id." + JOINED,
      "Correct the id to match a record of the tutor-facing repository, or wait until that record is merged.",
      never_waived=NOT_WAIVED_INTEGRITY)
def restricted_unmatched(context):
    return ()


@rule("not-checked", WARNING, NEED_TO_KNOW,
      "Where the restricted records cannot be read, the rules that need them are listed, never passed." + JOINED,
      "Nothing to do here: the restricted repository's check runs these rules with the restricted records.",
      never_waived=NOT_WAIVED_INTEGRITY)
def not_checked(context):
    return ()
