"""The editor's configuration, generated from the schemas and school.yml into the intranet build at /admin/.

The schemas are the one source of truth: every field of every schema the editor writes is in its form, in the
schema's order, with the schema's wording, required-ness, choices, dates and patterns. The comparison below
reads the schemas itself, so a schema that gains a field the configuration lacks fails here.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from tests.conftest import REPO
from tests.site.building import build_site, small_site

from pastoral.core.workspace import Workspace
from pastoral.site.editor.app import schemas_of
from pastoral.site.editor.collections import editor_config as generate

EDITED = {"sessions": "session", "assignments": "assignment", "pupils": "pupil", "staff": "staff",
          "houses": "house", "waivers": "waiver"}
PICKERS = {("session", "pupil"): "pupils", ("session", "tutor"): "staff", ("session", "covered_by"): "staff",
           ("assignment", "pupil"): "pupils",
           ("assignment", "staff"): "staff", ("pupil", "house"): "houses", ("staff", "house"): "houses",
           ("staff", "line_manager"): "staff", ("staff", "associate"): "staff", ("house", "head_of_house"): "staff"}
"""Fields that name another record: a picker searching that collection by name, storing the id."""
MADE = {("session", "id"), ("assignment", "id")}
"""Ids the form makes from other fields on saving (hidden, filled in by pastoral-widgets.js)."""


def schema(kind: str) -> dict:
    return json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def disagreements(kind: str, properties: dict, required: list, fields: list[dict], where: str = "",
                  optional: bool = False) -> list[str]:
    """What the form gets wrong about the schema's properties (empty when it matches). Inside an ``optional``
    object nothing is required by the form (Decap cannot require a field only once its object is filled in)."""
    problems = []
    names = [f["name"] for f in fields]
    if names != list(properties):
        problems.append(f"{kind}{where}: the form has {names}, the schema {list(properties)}")
    for field in fields:
        prop, name = properties.get(field["name"], {}), field["name"]
        at = f"{kind}{where}.{name}"
        if (kind, name) in MADE and not where:
            if field["widget"] != "hidden":
                problems.append(f"{at}: a made id should be hidden")
            continue
        if field.get("required", True) != (name in required and not optional):
            problems.append(f"{at}: required is {field.get('required', True)}, the schema says {name in required}")
        if field.get("hint") != prop.get("description"):
            problems.append(f"{at}: the hint is not the schema's description")
        enum = prop.get("enum") or prop.get("items", {}).get("enum")
        if enum and field.get("options") != enum:
            problems.append(f"{at}: the choices are {field.get('options')}, the schema's {enum}")
        if prop.get("format") == "date" and (field["widget"], field.get("date_format")) != ("datetime", "YYYY-MM-DD"):
            problems.append(f"{at}: a date needs the date widget saving YYYY-MM-DD")
        if (kind, name) in PICKERS and not where:
            picker = (field["widget"], field.get("collection"), field.get("value_field"), field.get("search_fields"))
            if picker != ("relation", PICKERS[kind, name], "id", ["name", "id"]):
                problems.append(f"{at}: should pick from {PICKERS[kind, name]} by name, storing the id")
        elif "pattern" in prop and field.get("pattern", [None])[0] != prop["pattern"]:
            problems.append(f"{at}: the pattern is not the schema's")
        items = prop.get("items", {})
        nested = prop if prop.get("type") == "object" else items if items.get("type") == "object" else None
        if nested:
            within_optional = optional or (nested is prop and name not in required)
            problems += disagreements(kind, nested["properties"], nested.get("required", []), field["fields"],
                                      f"{where}.{name}", within_optional)
    return problems


def editor_config(site) -> dict:
    return yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))


def collections(config: dict) -> dict[str, dict]:
    return {c["name"]: c for c in config["collections"]}


def test_every_schema_field_is_in_its_form_as_the_schema_describes_it(sample_site):
    config = editor_config(sample_site.site)
    for collection in config["collections"]:
        kind = EDITED[re.sub(r"-\d{4}-\d{2}$", "", collection["name"])]
        written = schema(kind)
        assert disagreements(kind, written["properties"], written["required"], collection["fields"]) == []
    assert {re.sub(r"-\d{4}-\d{2}$", "", name) for name in collections(config)} == set(EDITED)


def test_a_schema_that_gains_a_field_the_configuration_lacks_is_caught():
    session = schema("session")
    session["properties"]["mood"] = {"description": "How the pupil felt.", "type": "string"}
    config = editor_config_of_repository()
    form = collections(config)["sessions-2026-27"]["fields"]
    assert disagreements("session", session["properties"], session["required"], form) == [
        f"session: the form has {[f['name'] for f in form]}, the schema {list(session['properties'])}"]


def editor_config_of_repository() -> dict:
    return generate(schemas_of(Workspace.at(REPO / "records")), "records", ["2026-27"], "2026-27", {})


def test_new_sessions_go_in_the_current_years_folder_named_by_date_and_pupil(sample_site):
    config = editor_config(sample_site.site)
    sessions = collections(config)["sessions-2026-27"]
    assert sessions["folder"] == "records/sessions/2026-27" and sessions["create"] is True
    assert sessions["slug"] == "{{fields.date}}-{{fields.pupil}}" and sessions["format"] == "yml"
    date_pattern = next(f for f in sessions["fields"] if f["name"] == "date")["pattern"][0]
    assert re.match(date_pattern, "2026-09-01") and re.match(date_pattern, "2027-08-31")
    assert not re.match(date_pattern, "2026-08-31") and not re.match(date_pattern, "2027-09-01")
    assert collections(config)["assignments"]["slug"] == "{{fields.pupil}}-{{fields.from}}"
    assert collections(config)["pupils"]["slug"] == "{{fields.id}}"
    assert config["publish_mode"] == "editorial_workflow"
    page = (sample_site.site / "admin" / "index.html").read_text(encoding="utf-8")
    made = json.loads(re.search(r'<script type="application/json" id="pastoral-made-ids">(.*?)</script>', page)[1])
    assert made == {"sessions-2026-27": "{date}-{pupil}", "assignments": "{pupil}-{from}"}


def test_a_reviews_target_is_chosen_from_the_pupils_open_targets(sample_site):
    sessions = collections(editor_config(sample_site.site))["sessions-2026-27"]
    reviews = next(f for f in sessions["fields"] if f["name"] == "reviews")
    assert next(f for f in reviews["fields"] if f["name"] == "target")["widget"] == "pastoral-target"
    targets = json.loads((sample_site.site / "admin" / "open-targets.json").read_text(encoding="utf-8"))
    assert [t["value"] for t in targets["p0028"]] == ["2026-09-03-p0028#t1", "2026-09-03-p0028#t2", "2026-09-03-p0028#t3"]
    assert targets["p0028"][0]["label"] == "Take a positive part in group work in science (set 2026-09-03, review by 2026-12-18)"
    reviewed = {review["target"]: review["outcome"] for path in (sample_site.root / "records/sessions").rglob("*.yml")
                for review in yaml.safe_load(path.read_text(encoding="utf-8")).get("reviews", [])}
    offered = {t["value"] for pupil_targets in targets.values() for t in pupil_targets}
    assert all(outcome == "carried-forward" for target, outcome in reviewed.items() if target in offered)
    assert any(target not in offered for target in reviewed)  # a target met is closed


def test_the_application_is_copied_into_the_build_and_loads_nothing_from_another_host(sample_site):
    admin = sample_site.site / "admin"
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert len(list(admin.glob("*.decap-cms.js"))) > 50 and list(admin.glob("*.wasm"))
    assert not list(admin.glob("*.map")) and not (admin / "cms.js").exists()
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:href|src)="([^"]+)"', page) == ["config.yml", "data:,", "pastoral-editor.css", "decap-cms.js",
                                                          "pastoral-widgets.js"]
    assert "<title>Record editor · Student Support Handbook</title>" in page


def test_without_a_github_repository_the_editor_uses_decap_server_on_this_computer(sample_site):
    config = editor_config(sample_site.site)
    assert config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}


def test_a_github_repository_is_read_from_repo_url_and_signs_in_through_the_schools_oauth_helper(school):
    config_file = small_site(school, options="editor:\n  enabled: true\n  app: " + str(REPO / "node_modules/decap-cms/dist"))
    text = "repo_url: https://github.com/fernhill/pastoral-records\n" + config_file.read_text(encoding="utf-8")
    config_file.write_text(text, encoding="utf-8")
    config = load_config(str(config_file))
    config.plugins.on_config(config)
    with pytest.raises(PluginError, match=r"pastoral: cannot build the editor for the GitHub repository "
                                          r"'fernhill/pastoral-records': the option 'editor: base_url' .* is not set"):
        config.plugins.on_files(Files([]), config=config)  # else Decap would sign staff in through Netlify

    config_file.write_text(text + "        base_url: https://intranet.fernhill.example/oauth\n", encoding="utf-8")
    config = editor_config(build_site(school))
    assert config["backend"] == {"name": "github", "repo": "fernhill/pastoral-records", "branch": "main",
                                 "base_url": "https://intranet.fernhill.example/oauth"}
    assert "local_backend" not in config
    config_file.write_text(text + "        repo: fernhill/records\n        base_url: https://oauth.fernhill.example\n"
                           "        auth_endpoint: github/auth\n", encoding="utf-8")
    assert editor_config(build_site(school))["backend"] == {
        "name": "github", "repo": "fernhill/records", "branch": "main", "base_url": "https://oauth.fernhill.example",
        "auth_endpoint": "github/auth"}


def test_the_editor_is_left_out_unless_enabled_and_says_how_to_install_it(school):
    assert not (build_site(small_site(school).parent) / "admin").exists()
    config = load_config(str(small_site(school, options="editor:\n  enabled: true\n  app: no-such-folder")))
    config.plugins.on_config(config)
    with pytest.raises(PluginError, match=r"pastoral: cannot build the editor at /admin/: the CMS application is not "
                                          r"in '.*no-such-folder'; run `npm ci` beside mkdocs.yml \(`make editor` does\)"):
        config.plugins.on_files(Files([]), config=config)


def test_the_public_site_never_has_the_editor_nor_its_open_targets(school):
    options = "audience: public\neditor:\n  enabled: true\n  app: " + str(REPO / "node_modules/decap-cms/dist")
    site = build_site(small_site(school, options=options).parent)
    assert not (site / "admin").exists()
    assert not list(site.rglob("open-targets.json")) and not list(site.rglob("decap-cms.js"))
