"""Who reviews what: CODEOWNERS follows the records (the file itself is compared in ``lifecycle.codeowners``)."""

from __future__ import annotations

from pastoral.rules.base import NOT_WAIVED_INTEGRITY, WARNING, rule

CODEOWNERS_CURRENT = "codeowners-current"


@rule(CODEOWNERS_CURRENT, WARNING, "Guidance 2010, para 130 (Heads of House oversee their House's tutoring); README",
      "'.github/CODEOWNERS' gives each pupil's records to the Head of their House. A change that adds a pupil or "
      "moves one leaves it behind until the codeowners workflow regenerates it after the merge; meanwhile SMT review "
      "the records it does not name. Compared with the records by 'pastoral check', after the other rules.",
      "Nothing to do in the change: after the merge, the codeowners workflow opens a pull request with the "
      "regenerated file (or run `pastoral codeowners`).", never_waived=NOT_WAIVED_INTEGRITY)
def codeowners_current(context):
    return ()
