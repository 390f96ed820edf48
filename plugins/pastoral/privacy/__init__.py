"""The privacy guard ``public-no-personal-data``: no pupil's or staff member's personal data on the public site.

It is a pure check of a built site against the records: ``check_public_site``
reads the records and every file the build wrote and returns a finding for
each piece of personal data it finds, and for each file it cannot read
completely. ``personal`` says what counts and in which forms, ``reading`` how
text is read as a person reads it, ``phones`` how numbers are compared,
``sitetext`` and ``images`` how each kind of file is read, and ``guard`` where
a finding points. The MkDocs plugin runs it after every public build and
fails the build on any finding.
"""

from pastoral.privacy.guard import RULE, check_public_site, explain

__all__ = ["RULE", "check_public_site", "explain"]
