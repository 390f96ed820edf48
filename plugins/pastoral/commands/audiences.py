"""``pastoral audiences``: the intranet built once per audience, and the map of who may read each build."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from pastoral.checking.validation import validate_workspace
from pastoral.core.workspace import UsageError
from pastoral.site.audience import Audience, access_map, audiences
from pastoral.site.sources import records_workspace

ACCESS_FILE = "access.json"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audiences", help="build the intranet once per audience (staff, each House, each tutor)",
        description="Build the intranet strictly (as mkdocs build --strict) once per audience into its own "
                    "folder of the site folder (school/, staff/, house-<id>/, tutor-<id>/), each with its own "
                    "search index and sitemap, and write access.json: "
                    "the folder and the email addresses of the readers of each, for the host's sign-in rules.")
    parser.add_argument("--config-file", default="mkdocs.yml", metavar="FILE", help="the intranet's mkdocs.yml")
    parser.add_argument("--site-dir", default="site", metavar="DIR", help="where the builds go (default: site/)")
    parser.add_argument("--restricted", metavar="DIR",
                        help="the restricted records folder: only where it may be read (House and tutor builds "
                             "then show needs)")
    parser.add_argument("--only", action="append", metavar="AUDIENCE",
                        help="build only this audience (school, staff, house-<id>, tutor-<id>); repeat for more")
    parser.set_defaults(run=run)


def run(args) -> int:
    config_file = Path(args.config_file).resolve()
    if not config_file.is_file():
        raise UsageError(f"there is no '{args.config_file}' (use --config-file FILE)")
    site = Path(args.site_dir).resolve()
    try:
        plugins = load_config(str(config_file)).plugins
        if "pastoral" not in plugins:
            raise UsageError(f"{config_file} does not use the pastoral plugin: add it under 'plugins:'")
        options = plugins["pastoral"].config
        store = validate_workspace(records_workspace(options.records, str(config_file))).store
        chosen = [Audience.parse(name) for name in args.only] if args.only else audiences(store)
        for audience in chosen:
            audience.require(store)
        for audience in chosen:
            _build(config_file, site, audience, Path(args.restricted).resolve() if args.restricted else None)
            print(f"pastoral audiences: built {audience.name}/")
    except MkDocsException as error:
        raise UsageError(f"cannot build the intranet from {config_file}: {str(error).removeprefix('pastoral: ')}") \
            from None
    site.mkdir(parents=True, exist_ok=True)
    (site / ACCESS_FILE).write_text(json.dumps(access_map(store), indent=2) + "\n", encoding="utf-8")
    print(f"pastoral audiences: {len(chosen)} builds in {site}; who may read each: {site / ACCESS_FILE}")
    return 0


def _build(config_file: Path, site: Path, audience: Audience, restricted: Path | None) -> None:
    base = load_config(str(config_file)).site_url
    config = load_config(str(config_file), strict=True, site_dir=str(site / audience.name),
                         site_url=f"{base.rstrip('/')}/{audience.name}/" if base else None)
    options = config.plugins["pastoral"].config
    options["readers"] = audience.name
    if restricted is not None:
        options["restricted"] = str(restricted)
    build(config)
