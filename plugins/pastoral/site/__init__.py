"""The MkDocs plugin ``pastoral``: the intranet's status pages and, for the public site, the parents' pages.

``plugin.py`` is a thin adapter to MkDocs; the figures (``status.py``), their
pages (``render.py`` and ``templates/``) and the record reading
(``sources.py``) are plain code that knows nothing of MkDocs' events.
"""
