#!/usr/bin/env python3
"""Build-time tool: turn SPDX license-list-XML templates into a plain JSON
tree that gen_license_data.c compiles into matching programs.

usage: gen_license_templates.py OUTPUT.json TEMPLATE.xml...

The XML format is described in spdx/license-list-XML's DOCS/xml-fields.md
and schema/ListedLicense.xsd; what each tag means for matching is in the
SPDX License List Matching Guidelines (SPDX specification, annex "License
matching guidelines and templates"). This script only reads the XML: the
words themselves are normalised by C (gen_license_data.c), with the very
normaliser that reads the candidates, so the two sides cannot drift.

The tree it writes, one per licence ("text"), per standard licence header
("header") and per header's first paragraph ("grant"), is made of:

  ["seq", NODE...]        the nodes in order
  ["text", "string"]      literal text, still to be normalised
  ["opt", NODE]           <optional>: present, or absent altogether
  ["choice", NODE...]     one of the nodes (an <alt> regular expression)
  ["gap", N]              any text of at most N words (an <alt> ".+")
  ["para"]                a paragraph, list item or line starts here
  ["bullet", "string"]    <bullet>: a list marker, optional
  ["title", NODE]         <titleText>
  ["copyright", NODE]     <copyrightText>

<alt match="RE"> is a POSIX extended regular expression on the original
text. Words are what we compare, so each one is turned into word-level
choices: the finite parts of the expression are spelt out (at most
MAX_STRINGS strings each), a repeated "." becomes a gap.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.spdx.org/license}"
MAX_STRINGS = 512
# A variable part stands for a name or a short phrase (a copyright holder,
# "the Invariant Sections being LIST"): at most this many words.
GAP_WORDS = 40
SPACE = "space"
# Characters that the word splitter (license_text.c) keeps inside words.
WORD_PUNCT = "-_/"


class RegexError(Exception):
    pass


# ---- a small parser for the regular expressions of <alt match=...> ----

def parse_regex(s):
    """Parse S into a tree: ("lit", c), ("any",), ("set", chars, negated),
    ("cat", [..]), ("alt", [..]), ("rep", node, min, max)."""
    pos = 0

    def peek():
        return s[pos] if pos < len(s) else None

    def alternation():
        nonlocal pos
        branches = [concatenation()]
        while peek() == "|":
            pos += 1
            branches.append(concatenation())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def concatenation():
        items = []
        while peek() is not None and peek() not in "|)":
            items.append(repeat(atom()))
        return ("cat", items)

    def number():
        nonlocal pos
        start = pos
        while peek() is not None and peek().isdigit():
            pos += 1
        return int(s[start:pos]) if pos > start else None

    def repeat(node):
        nonlocal pos
        while True:
            c = peek()
            if c == "?":
                lo, hi = 0, 1
            elif c == "*":
                lo, hi = 0, None
            elif c == "+":
                lo, hi = 1, None
            elif c == "{":
                pos += 1
                lo = number() or 0
                hi = lo
                if peek() == ",":
                    pos += 1
                    hi = number()
                if peek() != "}":
                    raise RegexError(f"bad repetition in {s!r}")
            else:
                return node
            pos += 1
            node = ("rep", node, lo, hi)

    def escape(c):
        if c == "s":
            return ("set", SPACE, False)
        if c in "tnrf":
            return ("set", SPACE, False)
        if c.isalnum():
            raise RegexError(f"unsupported escape \\{c} in {s!r}")
        return ("lit", c)

    def char_set():
        nonlocal pos
        negated = peek() == "^"
        if negated:
            pos += 1
        chars = []
        while peek() is not None and (peek() != "]" or not chars):
            c = s[pos]
            pos += 1
            if c == "\\":
                c = s[pos]
                pos += 1
                chars.append(" " if c in "tnrfs" else c)
            else:
                chars.append(c)
        if peek() != "]":
            raise RegexError(f"unterminated [ in {s!r}")
        pos += 1
        if all(c.isspace() for c in chars):
            return ("set", SPACE, negated)
        return ("set", "".join(dict.fromkeys(chars)), negated)

    def atom():
        nonlocal pos
        c = s[pos]
        pos += 1
        if c == "(":
            if s.startswith("?:", pos):
                pos += 2
            elif s.startswith("?i:", pos):
                pos += 3  # case is folded anyway
            node = alternation()
            if peek() != ")":
                raise RegexError(f"unbalanced ( in {s!r}")
            pos += 1
            return node
        if c == "[":
            return char_set()
        if c == ".":
            return ("any",)
        if c == "\\":
            c = s[pos]
            pos += 1
            return escape(c)
        if c.isspace():
            return ("set", SPACE, False)
        return ("lit", c)

    tree = alternation()
    if pos != len(s):
        raise RegexError(f"unexpected {s[pos]!r} in {s!r}")
    return tree


def wild(node):
    """Does NODE match arbitrary text (a repeated '.' or negated set)?"""
    kind = node[0]
    if kind == "rep":
        inner = node[1]
        return inner[0] == "any" or (inner[0] == "set" and inner[2]) or \
            wild(inner)
    if kind in ("cat", "alt"):
        return any(wild(n) for n in node[1])
    return False


def punctuation_only(node):
    kind = node[0]
    if kind == "lit":
        return not node[1].isalnum()
    if kind == "set":
        return node[1] != SPACE and not node[2] and \
            not any(c.isalnum() for c in node[1])
    if kind in ("cat", "alt"):
        return all(punctuation_only(n) for n in node[1])
    return False


def strings(node):
    """Every string a finite NODE matches; whitespace as one space."""
    kind = node[0]
    if kind == "lit":
        return [node[1]]
    if kind == "any":
        return ["."]
    if kind == "set":
        if node[1] == SPACE:
            return [" "]
        if all(not c.isalnum() and c not in WORD_PUNCT for c in node[1]):
            return [node[1][0]]  # "[\[\(]": separators all, one will do
        return list(node[1])
    if kind == "alt":
        out = []
        for n in node[1]:
            out += strings(n)
        return list(dict.fromkeys(out))
    if kind == "cat":
        out = [""]
        for n in node[1]:
            nxt = strings(n)
            out = [a + b for a in out for b in nxt]
            if len(out) > MAX_STRINGS:
                raise RegexError("too many strings")
        return list(dict.fromkeys(out))
    if kind == "rep":
        inner, lo, hi = node[1], node[2], node[3]
        if punctuation_only(inner) or (inner[0] == "set" and
                                       inner[1] == SPACE):
            # "-{1,2}", "#*", "[ \t]{0,10}": one occurrence stands for
            # all, punctuation and spacing are not words.
            return ([""] if lo == 0 else []) + strings(inner)
        if hi is None:
            raise RegexError("unbounded repetition")
        one = strings(inner)
        out, cur = [], [""]
        for k in range(hi + 1):
            if k >= lo:
                out += cur
            cur = [a + b for a in cur for b in one]
            if len(out) + len(cur) > MAX_STRINGS:
                raise RegexError("too many strings")
        return list(dict.fromkeys(out))
    raise RegexError(f"unknown node {kind}")


def gap_words(node):
    hi = node[3]
    return GAP_WORDS if hi is None else min(GAP_WORDS, hi // 2 + 1)


def to_words(node):
    """The word-level tree of a regular expression tree."""
    if not wild(node):
        texts = strings(node)
        if len(texts) == 1:
            return ["text", texts[0]]
        return ["choice"] + [["text", t] for t in texts]
    kind = node[0]
    if kind == "alt":
        return ["choice"] + [to_words(n) for n in node[1]]
    if kind == "rep":
        inner = node[1]
        if inner[0] == "any" or (inner[0] == "set" and inner[2]):
            return ["gap", gap_words(node)]
        if node[2] == 0 and node[3] == 1:
            return ["opt", to_words(inner)]
        return ["gap", GAP_WORDS]
    # A concatenation: runs of finite items are spelt out together (so
    # that "names?" stays one word), wild items become gaps.
    out, run = ["seq"], []
    for item in node[1] + [None]:
        if item is not None and not wild(item):
            run.append(item)
            continue
        if run:
            out.append(to_words(("cat", run)))
            run = []
        if item is not None:
            out.append(to_words(item))
    return out


# ---- the XML ----

def local(tag):
    return tag[len(NS):] if tag.startswith(NS) else tag


# Words that state terms (as in license_lines.c): a paragraph holding one
# is licence text, never a copyright notice.
TERMS_WORDS = frozenset("""
    permission permitted granted grant licensed licenced redistribution
    redistributions redistribute use used copy modify distribute must shall
    may warranty warranties provided conditions subject hereby terms
    licensee licensor reproduce sell liable without prohibited forbidden
    except following""".split())
# The words of the longest notice gen_license_prog.c's copyright_notice()
# stands for (GAP_COPYRIGHT).
NOTICE_WORDS = 30


def copyright_paragraph(elem):
    """Is ELEM, a paragraph that is not <copyrightText>, a copyright notice
    all the same ("Copyright (C) 1989, 1991 Free Software Foundation, Inc.
    51 Franklin Street...")? The matching guidelines ignore copyright
    notices, marked or not: a copy without it, or with another holder, is
    the same licence."""
    text = " ".join("".join(elem.itertext()).split()).lower()
    words = re.findall(r"[a-z0-9]+", text)
    if not (text.startswith("copyright ") or
            re.match(r"(\(c\)|\u00a9) ?[0-9]", text)):
        return False
    return len(words) <= NOTICE_WORDS and not TERMS_WORDS & set(words)


def convert(elem):
    """The tree of ELEM's content (its text, children and their tails)."""
    out = ["seq"]
    if elem.text:
        out.append(["text", elem.text])
    for child in elem:
        tag = local(child.tag)
        if tag == "p" and copyright_paragraph(child):
            out += [["para"], ["copyright", convert(child)], ["para"]]
        elif tag in ("p", "item", "list", "standardLicenseHeader"):
            out.append(["para"])
            out.append(convert(child))
            out.append(["para"])
        elif tag == "br":
            out.append(["para"])
        elif tag == "bullet":
            # The matching guidelines ignore bullets and numbering: a text
            # may have another marker ("1." or "a)"), or none, or keep this
            # one ("Article 1 -", which a normaliser cannot tell from text).
            out.append(["bullet", "".join(child.itertext())])
        elif tag == "optional":
            out.append(["opt", convert(child)])
        elif tag == "alt":
            try:
                out.append(to_words(parse_regex(child.get("match"))))
            except RegexError as e:
                sys.exit(f"gen_license_templates: {e}")
        elif tag == "titleText":
            out.append(["title", convert(child)])
        elif tag == "copyrightText":
            out.append(["copyright", convert(child)])
        else:
            sys.exit(f"gen_license_templates: unknown tag <{tag}>")
        if child.tail:
            out.append(["text", child.tail])
    return out


def notice_paragraphs(header):
    """The paragraphs of a standard licence header that state the licence:
    the leading "<one line to give the program's name...>" and copyright
    lines are left out (the matching guidelines ignore copyright notices;
    a header is found inside files that have their own)."""
    paras = [p for p in header if local(p.tag) == "p"]
    if not paras:
        return [header]
    out = []
    for p in paras:
        text = " ".join("".join(p.itertext()).split()).lower()
        words = text.split()
        # a copyright line, or the program's name ("pig.dtx")
        if not out and (len(words) < 4 or text.startswith(
                ("<one line", "one line to give")) or
                (text.startswith("copyright") and len(words) < 12)):
            continue
        out.append(p)
    return out


def drop_copyright(node):
    """NODE without a leading "Copyright (c) <alt>" (a header that starts
    its grant paragraph with the copyright line, as the GFDL's does)."""
    if node[0] != "seq":
        return node
    kids = node[1:]
    i = 0
    while i < len(kids) and kids[i][0] in ("para",) or (
            i < len(kids) and kids[i][0] == "text" and not kids[i][1].strip()):
        i += 1
    if i < len(kids) and kids[i][0] == "seq":
        return ["seq"] + kids[:i] + [drop_copyright(kids[i])] + kids[i + 1:]
    if i + 1 < len(kids) and kids[i][0] == "text" and \
            kids[i][1].strip().lower().startswith("copyright") and \
            kids[i + 1][0] == "seq" and kids[i + 1][1:] and \
            kids[i + 1][1][0] == "gap":
        rest = kids[i + 2:]
        if rest and rest[0][0] == "text":
            rest = [["text", rest[0][1].lstrip(" .\n\t")]] + rest[1:]
        return ["seq"] + kids[:i] + rest
    return node


def headers(lic):
    """The standard licence header: the one of <license>, or else the one
    in the text's "how to apply" appendix. Its whole text, and its first
    paragraph alone, which grants the licence."""
    h = lic.find(NS + "standardLicenseHeader")
    if h is None:
        h = lic.find(NS + "text").find(".//" + NS + "standardLicenseHeader")
    if h is None:
        return None, None
    paras = notice_paragraphs(h)
    if not paras:
        return None, None
    first = drop_copyright(convert(paras[0]))
    whole = ["seq", ["para"], first]
    for p in paras[1:]:
        whole += [["para"], convert(p)]
    return whole, ["seq", ["para"], first]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = {}
    for path in sys.argv[2:]:
        lic = ET.parse(path).getroot().find(NS + "license")
        if lic is None:
            sys.exit(f"gen_license_templates: {path}: no <license>")
        header, grant = headers(lic)
        out[lic.get("licenseId")] = {
            "name": lic.get("name"),
            "text": convert(lic.find(NS + "text")),
            "header": header,
            "grant": grant,
        }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
