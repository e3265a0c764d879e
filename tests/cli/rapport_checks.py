"""What the report's tests read in its files: the HTML tables (caption,
header row, body rows as text), and what RFC 4287 requires of an Atom 1.0
feed. Standard library only; used by tests/cli/rapport.py and
tests/cli/rapport_crawl.py."""
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


class Tables(HTMLParser):
    """Every <table> of a page: {"caption", "head": [...], "rows": [[...]]},
    each cell as its text, list items joined by " | "."""

    def __init__(self, text):
        super().__init__()
        self.tables, self._cell, self._row, self._in = [], None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "caption":
            self._in = "caption"
        elif tag == "thead":
            self._in = "head"
        elif tag == "tbody":
            self._in = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li" and self._cell is not None and self._cell:
            self._cell.append(" | ")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            t = self.tables[-1]
            if self._in == "head":
                t["head"] = self._row
            else:
                t["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in == "caption":
            self.tables[-1]["caption"] += data

    def table(self, caption):
        """The one table whose caption is CAPTION."""
        found = [t for t in self.tables if t["caption"] == caption]
        if len(found) != 1:
            raise AssertionError("%d tables captioned %r (of %r)" % (
                len(found), caption, [t["caption"] for t in self.tables]))
        return found[0]


def atom_problems(text):
    """What the feed TEXT lacks of RFC 4287 (§4.1.1 atom:feed, §4.1.2
    atom:entry, §3.3 dates, §4.2.6 ids); [] when it has it all."""
    problems = []
    try:
        feed = ET.fromstring(text)
    except ET.ParseError as e:
        return ["not well-formed XML: %s" % e]
    if feed.tag != ATOM + "feed":
        return ["the root is %s, not atom:feed" % feed.tag]
    for child in ("id", "title", "updated"):
        found = feed.findall(ATOM + child)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append("feed: %d %s" % (len(found), child))
    updated = feed.find(ATOM + "updated")
    if updated is not None and not RFC3339.match(updated.text or ""):
        problems.append("feed: updated %r is not RFC 3339" % updated.text)
    entries = feed.findall(ATOM + "entry")
    authored = all(e.find(ATOM + "author") is not None for e in entries)
    if not feed.findall(ATOM + "author/" + ATOM + "name") and not (entries and authored):
        problems.append("feed: no author")
    ids = set()
    for e in entries:
        for child in ("id", "title", "updated"):
            if len(e.findall(ATOM + child)) != 1:
                problems.append("entry: %d %s" % (len(e.findall(ATOM + child)), child))
        eid = (e.findtext(ATOM + "id") or "")
        if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", eid):
            problems.append("entry: id %r is not an IRI" % eid)
        if eid in ids:
            problems.append("entry: id %r twice" % eid)
        ids.add(eid)
        if not RFC3339.match(e.findtext(ATOM + "updated") or ""):
            problems.append("entry %s: updated is not RFC 3339" % eid)
        if e.find(ATOM + "content") is None and \
                e.find(ATOM + "link[@rel='alternate']") is None:
            problems.append("entry %s: neither content nor an alternate link" % eid)
    return problems
