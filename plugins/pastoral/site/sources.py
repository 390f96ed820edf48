"""What the plugin reads: the date the figures are for, and the records, checked once per build.

Every problem becomes a ``PluginError`` that names what was being done, the
file or option involved and the cause, so MkDocs stops with one clear line.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError

from pastoral.checking.checker import Checked, check_workspace
from pastoral.checking.restricted import Restricted, restricted_cache
from pastoral.checking.schemas import SchemaError
from pastoral.checking.validation import validate_workspace
from pastoral.core.kinds import SCHOOL_FILE
from pastoral.core.workspace import UsageError, Workspace
from pastoral.reading.cache import cache_directory
from pastoral.reading.parser import cached_parser
from pastoral.reading.positions import place

AS_OF_VARIABLE = "PASTORAL_AS_OF"
"""Read when mkdocs.yml sets no ``as_of``: ``make demo`` pins the sample school's date with it.
(MkDocs' ``!ENV`` tag would crash with a traceback on a value like 2026-13-45.)"""


def as_of_date(option: str | date | None, environ: Mapping[str, str], config_file: str) -> date:
    """The date the figures are for: the ``as_of`` option, else $PASTORAL_AS_OF, else today."""
    if isinstance(option, date):
        return option
    text, source = (option, f"the option 'as_of' of the pastoral plugin in {config_file}") if option else \
        (environ.get(AS_OF_VARIABLE), f"the environment variable {AS_OF_VARIABLE}")
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PluginError(f"pastoral: cannot work out the date the status pages are for: {source} is '{text}', "
                          "which is not a date in the form YYYY-MM-DD") from None


def records_workspace(records: str, config_file: str) -> Workspace:
    """The records folder named by the ``records`` option, relative to mkdocs.yml's folder."""
    folder = Path(config_file).parent / records
    if not folder.is_dir():
        raise PluginError(f"pastoral: cannot read the records: the folder '{folder}' does not exist; set the option "
                          f"'records' of the pastoral plugin in {config_file} to the folder that holds {SCHOOL_FILE}")
    return Workspace.at(folder)


def restricted_folder(restricted: str | None, config_file: str) -> Workspace | None:
    """The restricted records folder named by the ``restricted`` option, relative to mkdocs.yml's folder."""
    if not restricted:
        return None
    folder = Path(config_file).parent / restricted
    if not folder.is_dir():
        raise PluginError(f"pastoral: cannot read the restricted records: the folder '{folder}' does not exist; set "
                          f"the option 'restricted' of the pastoral plugin in {config_file} to the folder that holds "
                          "needs/, considerations/ and dbs/, or leave it out")
    return Workspace.at(folder)


def checked_records(workspace: Workspace, as_of: date, cache: bool, restricted: Workspace | None = None) -> Checked:
    """Every record, validated and checked by every rule, as ``pastoral check`` does (``--restricted``:
    with the restricted folder, its parse cache kept inside it)."""
    try:
        with cached_parser(cache_directory(workspace.root) if cache else None) as parser, \
                cached_parser(restricted_cache(restricted) if cache and restricted else None) as side:
            return check_workspace(workspace, as_of, parser, Restricted(restricted, side) if restricted else None)
    except SchemaError as error:
        raise PluginError(f"pastoral: cannot check the records in '{workspace.records}': {error}") from None


def school_profile(workspace: Workspace) -> dict:
    """``school.yml`` alone (for the public site): no other record is opened."""
    try:
        validated = validate_workspace(workspace, [workspace.records / SCHOOL_FILE])
    except SchemaError as error:
        raise PluginError(f"pastoral: cannot check {SCHOOL_FILE} in '{workspace.records}': {error}") from None
    except UsageError as error:
        raise PluginError(f"pastoral: cannot read {SCHOOL_FILE}: {error}") from None
    if validated.findings:
        first = place(validated.findings, workspace.root)[0]
        raise PluginError(f"pastoral: cannot read the school profile: {first.file}:{first.line}: {first.message}"
                          + (f" ({first.hint})" if first.hint else ""))
    return validated.store.school
