"""The web editor at ``/admin/`` of the intranet: Decap CMS, its generated configuration, and the data its forms need.

The CMS application is the npm package ``decap-cms`` at the version pinned in
``package-lock.json`` (``npm ci``), copied from ``node_modules`` into the build:
the page loads nothing from any other host but the Git host's API. Without a
GitHub repository named (``editor.repo``, or ``repo_url`` in mkdocs.yml), the
editor talks to ``decap-server`` on this computer, which is how the sample
school and the tests use it.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files as package_files
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from pastoral.core.index import RecordIndex
from pastoral.core.kinds import SESSION
from pastoral.core.workspace import Workspace
from pastoral.site.editor.collections import EDITED, editor_config, made_ids
from pastoral.site.editor.targets import open_targets

FOLDER = "admin"
APP_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
"""The browser bundle, the chunks it loads beside itself, and its licence (not the source maps, nor the other build)."""
GITHUB_REPO = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


class EditorConfig(base.Config):
    enabled = c.Type(bool, default=False)
    """Build the editor at /admin/ (needs `npm ci` beside mkdocs.yml for the CMS application)."""
    repo = c.Optional(c.Type(str))
    """'owner/name' of the records repository on GitHub; default: read from mkdocs.yml's repo_url."""
    branch = c.Type(str, default="main")
    base_url = c.Optional(c.Type(str))
    """Where the school's OAuth helper runs (see the README): needed with a GitHub repository."""
    auth_endpoint = c.Optional(c.Type(str))
    local_port = c.Type(int, default=8081)
    """The port of decap-server on this computer, used when no GitHub repository is named."""
    app = c.Type(str, default="node_modules/decap-cms/dist")
    """The CMS application's folder, relative to mkdocs.yml."""


def backend(options: EditorConfig, repo_url: str | None, config_file: str) -> dict:
    """Decap's ``backend``: GitHub when a repository is known, else the local ``decap-server`` (Git mode).

    GitHub sign-in goes through the school's own OAuth helper: left unset, Decap would send staff through
    Netlify's servers, and a third party would see their tokens.
    """
    found = GITHUB_REPO.match(repo_url or "")
    repo = options.repo or (found.group(1) if found else None)
    if not repo:
        return {"backend": {"name": "git-gateway", "branch": options.branch},
                "local_backend": {"url": f"http://127.0.0.1:{options.local_port}/api/v1"}}
    if not options.base_url:
        raise PluginError(f"pastoral: cannot build the editor for the GitHub repository '{repo}': the option "
                          f"'editor: base_url' of the pastoral plugin in {config_file} is not set; set it to the "
                          "address of the school's OAuth helper (see the README, 'Staff sign in to the editor')")
    github = {"name": "github", "repo": repo, "branch": options.branch, "base_url": options.base_url}
    return {"backend": github | ({"auth_endpoint": options.auth_endpoint} if options.auth_endpoint else {})}


def schemas_of(workspace: Workspace) -> dict[str, dict]:
    """The schemas of the kinds the editor writes (already checked when the records were)."""
    return {kind.name: json.loads((workspace.schemas / kind.schema_file).read_text(encoding="utf-8")) for kind in EDITED}


def editor_files(options: EditorConfig, config, workspace: Workspace, index: RecordIndex) -> list[File]:
    """Every file of /admin/: the application, the page, the widgets, the configuration and the open targets."""
    app = Path(config.config_file_path).parent / options.app
    if not (app / "decap-cms.js").is_file():
        raise PluginError(f"pastoral: cannot build the editor at /{FOLDER}/: the CMS application is not in '{app}'; "
                          "run `npm ci` beside mkdocs.yml (`make editor` does), or set the pastoral plugin's "
                          f"'editor: enabled: false' in {config.config_file_path}")
    records = workspace.relative_file(workspace.records)
    years = sorted(p.name for p in (workspace.records / SESSION.folder).glob("*") if p.is_dir())
    current_year = str(index.store.school.get("academic_year") or index.academic_year)
    settings = editor_config(schemas_of(workspace), records, years, current_year,
                             backend(options, config.repo_url, config.config_file_path))
    assets = package_files("pastoral.site.editor").joinpath("assets")
    page = assets.joinpath("index.html").read_text(encoding="utf-8")
    generated = {
        "index.html": page.replace("{site_name}", html.escape(config.site_name))
                          .replace("{made_ids}", json.dumps(made_ids(settings)).replace("<", "\\u003c")),
        **{name: assets.joinpath(name).read_text(encoding="utf-8") for name in ("pastoral-widgets.js", "pastoral-editor.css")},
        "config.yml": "# Generated by pastoral from schemas/ and school.yml at each build: do not edit.\n"
                      + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=1000),
        "open-targets.json": json.dumps(open_targets(index), ensure_ascii=False),
    }
    files = [File.generated(config, f"{FOLDER}/{name}", content=text) for name, text in generated.items()]
    return files + [File.generated(config, f"{FOLDER}/{path.name}", abs_src_path=str(path))
                    for pattern in APP_FILES for path in sorted(app.glob(pattern))]


def add_editor(files: Files, options: EditorConfig, config, workspace: Workspace, index: RecordIndex) -> None:
    """The plugin's one call: /admin/ joins the build when the editor is enabled."""
    if options.enabled:
        for file in editor_files(options, config, workspace, index):
            files.append(file)
