"""Both sites built from records whose every free-text field is hostile, opened in real headless Chromium:
no script runs (no dialog opens), no ``javascript:`` link exists, and no page asks another host for anything.

Every string a schema leaves free (no pattern, format or list of values) in every record and in
school.yml gets HTML, Markdown links and images, ``javascript:`` URLs and Jinja syntax appended; the
House names also close the page's ``<title>``, as the theme would otherwise un-escape it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import REPO, SAMPLE_AS_OF, link_editor
from tests.public.conftest import build_public, copy_sources
from tests.site.building import build_site, set_plugin_option

pytestmark = pytest.mark.browser

PAYLOAD = ("</title><script>alert('script')</script><img src=x onerror=\"alert('img')\"> "
           "[link](javascript:alert('link')) ![pixel](https://tracker.example/p.png) "
           "<a href=\"javascript:alert('a')\">a</a> <https://tracker.example/auto> {{ 7 * 7 }} {% raw %}jinja "
           "**bold** _em_ `code` | cell | # heading {: onclick=\"alert('attr')\" }")
JAVASCRIPT_ATTRIBUTES = """() => [...document.querySelectorAll('*')].flatMap(element =>
    [...element.attributes].filter(attribute => /^\\s*(javascript|vbscript|data):/i.test(attribute.value.replace(/[\\u0000-\\u001f]/g, '')))
    .map(attribute => `${element.tagName} ${attribute.name}`))"""
PARENT_PAGES = ["", "sessions/", "planner/", "contact/", "concerns/", "letter/"]


def hostile(value, schema: dict, definitions: dict):
    """``value`` with PAYLOAD added to every string ``schema`` leaves free."""
    if "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        return {key: hostile(item, properties.get(key, {}), definitions) for key, item in value.items()}
    if isinstance(value, list):
        return [hostile(item, schema.get("items", {}), definitions) for item in value]
    if isinstance(value, str) and not {"pattern", "format", "enum", "const", "$ref"} & schema.keys():
        return f"{value} {PAYLOAD}"
    return value


def make_hostile(records: Path, schemas: Path) -> None:
    for path in sorted(records.rglob("*.yml")):
        kind = "school" if path.name == "school.yml" else path.relative_to(records).parts[0].rstrip("s")
        kind = {"staf": "staff"}.get(kind, kind)
        schema = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
        data = hostile(yaml.safe_load(path.read_text(encoding="utf-8")), schema, schema.get("$defs", {}))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory, serve) -> tuple[str, str, list[str]]:
    """(intranet URL, public site URL, House ids) of the hostile school, each served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("records", "schemas"):
        shutil.copytree(REPO / name, root / name)
    copy_sources(root)
    link_editor(root)
    make_hostile(root / "records", root / "schemas")
    set_plugin_option(root, "as_of", f"'{SAMPLE_AS_OF}'")
    houses = sorted(path.stem for path in (root / "records" / "houses").glob("*.yml"))
    return serve(build_site(root)), serve(build_public(root)), houses


@pytest.fixture
def dialogs(page) -> list[str]:
    """The message of every dialog (alert, confirm, prompt) ``page`` opens: a script from a record ran."""
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


def visit(page, url: str) -> list[str]:
    """Open ``url``; returns the elements with a script URL in an attribute."""
    page.goto(url, wait_until="networkidle")
    return page.evaluate(JAVASCRIPT_ATTRIBUTES)


def test_no_status_page_runs_a_script_or_links_to_one(sites, page, dialogs, outside_requests, artifacts):
    intranet, _, houses = sites
    for path in ["", "status/", *(f"status/{house}/" for house in houses)]:
        assert visit(page, intranet + path) == [], path
    assert dialogs == []
    assert "</title><script>" in page.title()  # the House's name in the title, shown as text
    assert "{{ 7 * 7 }}" in page.locator("article h1").inner_text()
    page.screenshot(path=artifacts / "hostile-house-page.png", full_page=False)
    assert outside_requests == []


def test_search_results_show_hostile_text_as_text(sites, page, dialogs, outside_requests):
    intranet, _, _ = sites
    visit(page, intranet)
    page.keyboard.press("/")
    page.keyboard.type("House")
    page.wait_for_selector(".md-search-result__item")
    assert dialogs == [] and page.evaluate(JAVASCRIPT_ATTRIBUTES) == []
    assert outside_requests == []


@pytest.mark.parametrize("path", PARENT_PAGES)
def test_no_parents_page_runs_a_script_or_links_to_one(sites, page, dialogs, outside_requests, artifacts, path):
    _, public, _ = sites
    assert visit(page, public + path) == []
    assert dialogs == []
    assert outside_requests == []
    if path == "contact/":
        assert "![pixel](https://tracker.example/p.png)" in page.locator("article").inner_text()
        page.screenshot(path=artifacts / "hostile-contact-page.png", full_page=True)
