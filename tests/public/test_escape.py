"""Text from records written into Markdown and HTML: shown as it is, never read as markup; links only to safe URLs."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from pastoral.core.escape import code_text, markdown_text, safe_url

TEMPLATE_TAGS = {"p", "table", "thead", "tbody", "tr", "th", "td", "address", "br"}
"""The elements the templates below make themselves."""
EXTENSIONS = ["tables", "attr_list", "md_in_html", "def_list", "admonition", "pymdownx.superfences"]


def rendered(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize("value", [
    "Oak </title><script>alert(1)</script>",
    "https://x/)[web](javascript:alert(1)",
    "![](https://tracker.example/p.png)",
    "<https://tracker.example/>",
    "**bold** _em_ `code` ~~gone~~",
    "# Heading",
    "- a list",
    "1. a list",
    ": a definition",
    "> a quote",
    "!!! note",
    "a | table | row",
    "{: onclick='alert(1)' }",
    "{{ 7 * 7 }} {% raw %}",
    "St. Mary's & \"All Saints\"",
])
def test_a_value_is_shown_as_written_wherever_markdown_puts_it(value):
    for template in ("{}", "Text {} text", "| a | b |\n|---|---|\n| {} | x |", "<address>\n{}<br>\n</address>"):
        out = rendered(template.format(markdown_text(value)))
        assert set(re.findall(r"<([a-z0-9]+)", out)) <= TEMPLATE_TAGS, out  # no element, no attribute of its own
        assert value in html.unescape(out)


def test_a_value_stays_on_one_line_and_a_table_keeps_its_columns():
    cell = markdown_text("one\ntwo | three")
    out = rendered(f"| a | b |\n|---|---|\n| {cell} | x |")
    assert out.count("<td>") == 2 and "one two &#124; three" in out


def test_ids_and_addresses_stay_readable():
    assert markdown_text("oak-house") == "oak-house"
    assert markdown_text("office@school.example, 01632 960182") == "office@school.example, 01632 960182"
    assert markdown_text("-5") == "&#45;5"


def test_code_is_text_in_a_code_element():
    assert code_text("records/x_y.yml") == "<code>records/x&#95;y.yml</code>"


@pytest.mark.parametrize("url, safe", [
    ("https://www.fernhill.example/", "https://www.fernhill.example/"),
    ("http://a.example:8080/p?q=1&r=2#f", "http://a.example:8080/p?q=1&r=2#f"),
    ("mailto:office@school.example", "mailto:office@school.example"),
    ("tel:+441632960182", "tel:+441632960182"),
    ("https://x/)[web](javascript:alert(1)", "https://x/%29%5Bweb%5D%28javascript:alert%281%29"),
    ('https://x.example/"onmouseover="alert(1)', "https://x.example/%22onmouseover=%22alert%281%29"),
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("//tracker.example/p.png", None),
    ("relative/page.md", None),
    ("https:///no-host", None),
    ("mailto:", None),
])
def test_only_http_mailto_and_tel_urls_are_linked(url, safe):
    assert safe_url(url) == safe
