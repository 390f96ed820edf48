"""The plugin's options, as written under ``plugins: - pastoral:`` in mkdocs.yml."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c

from pastoral.site.editor.app import EditorConfig

INTRANET = "intranet"
PUBLIC = "public"


class PastoralConfig(base.Config):
    enabled = c.Type(bool, default=True)
    records = c.Type(str, default="records")
    """The records folder, relative to the folder mkdocs.yml is in."""
    audience = c.Choice((INTRANET, PUBLIC), default=INTRANET)
    """``intranet``: handbook and status pages with personal data. ``public``: only the
    school profile is read, and no record about a pupil or member of staff."""
    as_of: c.Optional[str | date] = c.Optional(c.Type((str, date)))
    """The date the figures are worked out for, YYYY-MM-DD. Unset: the environment
    variable PASTORAL_AS_OF, else the day of the build."""
    restricted = c.Optional(c.Type(str))
    """The restricted records folder (needs, considerations, DBS checks), relative to mkdocs.yml: only a
    build run where they may be read (the restricted repository's CI) sets it. Unset: no needs are shown
    when school.yml says they are kept apart."""
    readers = c.Type(str, default="school")
    """Who this intranet build is for: ``school`` (SMT and the SENCO: every status page), ``staff`` (the
    handbook, no pupil data), ``house-<id>`` or ``tutor-<id>``; ``pastoral audiences`` builds them all."""
    cache = c.Type(bool, default=True)
    """Keep the parse cache (``.pastoral-cache/`` beside the records folder, or in $PASTORAL_CACHE_DIR),
    so a rebuild, as under ``mkdocs serve``, parses only the records that changed."""
    editor = c.SubConfig(EditorConfig)
    """The web editor at /admin/ (intranet only): see pastoral.site.editor."""
