"""pastoral: records-as-code for the pastoral care of pupils in UK secondary schools."""

__version__ = "0.1.0"
