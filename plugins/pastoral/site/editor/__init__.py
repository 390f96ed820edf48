"""The intranet's web editor: a form for each kind of record, generated from the schemas, saving through pull requests."""
