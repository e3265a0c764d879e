"""The report's documents as files (written from the hand-built model of
tests/rapport/fixture.c): the HTML and its charts are well-formed, titled
and accessible, the Markdown tables are whole, the Atom feed has what RFC
4287 requires. The browser's view is tests/cli/rapport_browser.py."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import main  # noqa: E402

WRITER = os.environ.get("RAPPORT_FIXTURE_WRITER", "rapport_fixture_writer")
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def luminance(hex_color):
    """Relative luminance, WCAG 2.1 §1.4.3."""
    h = hex_color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(h[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Outline(HTMLParser):
    """Headings, tables, links and anything that would load from outside."""

    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.hrefs, self.external = [], set(), [], []
        self.tables, self.lang = [], None
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"caption": False, "th": 0, "scoped": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th":
            self.tables[-1]["th"] += 1
            self.tables[-1]["scoped"] += a.get("scope") in ("col", "row")
        if tag == "a":
            self.hrefs.append(a.get("href"))
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.external.append(tag)
        if "src" in a or (tag == "use" and "href" in a):
            self.external.append(tag)


class Documents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="inventaire-rapport-")
        subprocess.run([WRITER, cls.tmp.name], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, name):
        with open(os.path.join(self.tmp.name, name), encoding="utf-8") as f:
            return f.read()

    def svgs(self, name):
        return re.findall(r"<svg .*?</svg>", self.read(name), re.S)

    def test_the_html_is_one_accessible_file_that_loads_nothing(self):
        for name, lang in (("rapport.html", "fr"), ("rapport.en.html", "en"),
                           ("rapport-many.html", "fr")):
            o = Outline()
            o.feed(self.read(name))
            self.assertEqual(o.lang, lang, name)
            self.assertEqual(o.headings.count(1), 1, name)
            # Headings go down one level at a time (RGAA 9.1).
            for a, b in zip(o.headings, o.headings[1:]):
                self.assertLessEqual(b, a + 1, (name, o.headings))
            self.assertEqual(o.external, [], name)
            self.assertGreater(len(o.tables), 10)
            for t in o.tables:
                self.assertTrue(t["caption"], name)
                self.assertEqual(t["th"], t["scoped"], name)
            for href in o.hrefs:
                if href.startswith("#"):
                    self.assertIn(href[1:], o.ids, name)
                else:
                    self.assertRegex(href, r"^https?://", name)

    def test_every_chart_is_well_formed_xml_with_a_text_alternative(self):
        charts = self.svgs("rapport.html") + self.svgs("rapport-many.html")
        self.assertEqual(len(charts), 3 + 5)
        for text in charts:
            svg = ET.fromstring(text)
            self.assertEqual(svg.get("role"), "img")
            ids = {e.get("id"): e for e in svg.iter() if e.get("id")}
            labelled = svg.get("aria-labelledby").split()
            self.assertEqual([ids[i].tag for i in labelled],
                             [SVG + "title", SVG + "desc"])
            self.assertTrue(all(ids[i].text.strip() for i in labelled))
            # Every pattern a bar uses is defined in the same chart.
            for e in svg.iter():
                m = re.fullmatch(r"url\(#(.+)\)", e.get("fill") or "")
                if m:
                    self.assertIn(m.group(1), ids)

    def test_text_colours_have_a_contrast_of_4_5_or_more(self):
        html = self.read("rapport.html")
        css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        colours = set(re.findall(r"(?<![-\w])color:(#[0-9a-fA-F]{3,6})", css))
        for svg in self.svgs("rapport.html"):
            for t in ET.fromstring(svg).iter(SVG + "text"):
                colours.add(t.get("fill"))
        self.assertGreaterEqual(len(colours), 5)
        for c in colours:
            for background in ("#ffffff", "#e6ecf5"):
                self.assertGreaterEqual(contrast(c, background), 4.5,
                                        (c, background))

    def test_markdown_tables_have_a_cell_per_column(self):
        for name in ("rapport.md", "rapport.en.md"):
            rows = [l for l in self.read(name).splitlines() if l.startswith("|")]
            self.assertGreater(len(rows), 30)
            widths = set()
            table = []
            for line in self.read(name).splitlines() + [""]:
                if line.startswith("|"):
                    table.append(len(re.findall(r"(?<!\\)\|", line)))
                elif table:
                    widths.add(len(set(table)))
                    table = []
            self.assertEqual(widths, {1}, name)

    def test_the_history_is_one_json_object_per_actor(self):
        lines = [json.loads(l) for l in self.read("history.jsonl").splitlines()]
        self.assertEqual([l["actor"] for l in lines][0], "DREES")
        self.assertEqual(len(lines), 3)
        cnam = next(l for l in lines if l["actor"] == "CNAM")
        self.assertEqual((cnam["repositories"], cnam["checked"], cnam["stale"]),
                         (3, 2, 1))
        self.assertEqual(cnam["rates"]["readme"], 50.0)

    def test_the_atom_feeds_have_what_rfc_4287_requires(self):
        for name in ("changes.atom", "changes.en.atom"):
            feed = ET.fromstring(self.read(name).encode())
            self.assertEqual(feed.tag, ATOM + "feed")
            for child in ("id", "title", "updated"):
                self.assertEqual(len(feed.findall(ATOM + child)), 1, child)
                self.assertTrue(feed.find(ATOM + child).text)
            self.assertRegex(feed.find(ATOM + "updated").text, RFC3339)
            # A feed-level author, since entries have none (§4.1.1).
            self.assertTrue(feed.find(ATOM + "author/" + ATOM + "name").text)
            entries = feed.findall(ATOM + "entry")
            self.assertEqual(len(entries), 14)
            ids = set()
            for e in entries:
                for child in ("id", "title", "updated"):
                    self.assertEqual(len(e.findall(ATOM + child)), 1)
                self.assertRegex(e.find(ATOM + "updated").text, RFC3339)
                self.assertRegex(e.find(ATOM + "id").text, r"^https?://\S+$")
                ids.add(e.find(ATOM + "id").text)
                # Content, or else an alternate link (§4.1.2).
                self.assertTrue(e.find(ATOM + "content") is not None or
                                e.find(ATOM + "link[@rel='alternate']") is not None)
            self.assertEqual(len(ids), 14)
        changes = json.loads(self.read("changes.json"))
        self.assertEqual(changes["counts"]["renamed"], 2)
        self.assertEqual(len(changes["changes"]), 14)


if __name__ == "__main__":
    main()
