"""Every relative link, image and anchor in the repository's Markdown files resolves.

Run with Debian's Python 3 (standard library only):
    /usr/bin/python3 -m unittest -v test_doc_links      (from tests/tools)
External http(s) links are not fetched. Anchors follow GitHub's rules: the heading's
text in lowercase, spaces turned into '-', punctuation other than '-' and '_' dropped,
and a repeated heading numbered -1, -2, ... in order.
"""

import os
import re
import sys
import tempfile
import unittest
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[2]

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
# [text](target "title") and ![alt](target); the target may be <...>.
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)")
HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def slug(heading):
    """GitHub's anchor for a heading's text (before numbering duplicates)."""
    text = INLINE_CODE.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's text stays
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.strip().lower()
    return "".join("-" if ch == " " else ch for ch in text if ch.isalnum() or ch in " -_")


def prose_lines(text):
    """(line number, line) outside fenced and indented code blocks, inline code blanked."""
    lines = text.splitlines()
    fence = None
    in_indented = False
    previous_blank = True
    out = []
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            previous_blank = False
            continue
        if match:
            fence = match.group(1)
            continue
        blank = not line.strip()
        indented = line.startswith("    ") or line.startswith("\t")
        if indented and (previous_blank or in_indented) and not blank:
            in_indented = True
            previous_blank = False
            continue
        if not blank:
            in_indented = False
        previous_blank = blank
        out.append((number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)))
    return out


def anchors(text):
    """The anchors a Markdown file defines: its headings' slugs and explicit HTML anchors."""
    seen = {}
    result = set()
    previous = None
    for _, line in prose_lines(text):
        heading = None
        match = ATX_HEADING.match(line)
        if match:
            heading = match.group(2)
        elif previous is not None and previous.strip() and SETEXT_UNDERLINE.match(line) \
                and not ATX_HEADING.match(previous) and "|" not in previous:
            heading = previous
        if heading is not None:
            base = slug(heading)
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.add(base if count == 0 else f"{base}-{count}")
        result.update(m.group(1) for m in HTML_ANCHOR.finditer(line))
        previous = line
    return result


def markdown_files(root):
    """Every .md file under root, leaving out hidden folders and build trees."""
    root = Path(root)
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(
            d for d in subfolders
            if not d.startswith(".") and not (Path(folder, d) / "CMakeCache.txt").exists())
        files.extend(Path(folder, n) for n in sorted(names) if n.endswith(".md"))
    return files


def links(text):
    """(line number, is image, target) of every link and image outside code."""
    found = []
    for number, line in prose_lines(text):
        for match in LINK.finditer(line):
            found.append((number, match.group(1) == "!", match.group(3).strip("<>")))
        match = REFERENCE_DEFINITION.match(line)
        if match:
            found.append((number, False, match.group(2).strip("<>")))
    return found


def check_links(root):
    """Problems with the relative links of every Markdown file under root, as
    'file:line: message' strings (empty when every link resolves)."""
    root = Path(root).resolve()
    problems = []
    anchor_cache = {}

    def anchors_of(path):
        if path not in anchor_cache:
            anchor_cache[path] = anchors(path.read_text(encoding="utf-8"))
        return anchor_cache[path]

    for source in markdown_files(root):
        text = source.read_text(encoding="utf-8")
        where = source.relative_to(root)
        for number, image, target in links(text):
            if SCHEME.match(target):
                continue  # http(s), mailto: not fetched
            kind = "image" if image else "link"
            path_part, _, anchor = target.partition("#")
            path_part = unquote(path_part)
            if path_part.startswith("/"):
                destination = root / path_part.lstrip("/")
            elif path_part:
                destination = (source.parent / path_part).resolve()
            else:
                destination = source
            if not destination.exists():
                problems.append(f"{where}:{number}: {kind} '{target}': no file {path_part}")
                continue
            if image and not destination.is_file():
                problems.append(f"{where}:{number}: image '{target}': not a file")
                continue
            if anchor and destination.is_file() and destination.suffix == ".md":
                if unquote(anchor) not in anchors_of(destination):
                    problems.append(f"{where}:{number}: {kind} '{target}': no heading "
                                    f"with anchor #{anchor} in {destination.name}")
    return problems


class Slugs(unittest.TestCase):
    def test_github_rules(self):
        self.assertEqual(slug("Derivative engines and speed"), "derivative-engines-and-speed")
        self.assertEqual(slug("`pinn eval`: the network at your points"),
                         "pinn-eval-the-network-at-your-points")
        self.assertEqual(slug("Systems of PDEs, measured"), "systems-of-pdes-measured")
        self.assertEqual(slug("unknowns and observations (inverse problems)"),
                         "unknowns-and-observations-inverse-problems")
        self.assertEqual(slug("Schrödinger & Allen_Cahn"), "schrödinger--allen_cahn")

    def test_duplicate_headings_are_numbered(self):
        found = anchors("# Top\n\n## Run\n\n## Run\n\ntext\n\n## Run\n")
        self.assertEqual(found, {"top", "run", "run-1", "run-2"})

    def test_headings_in_code_are_not_anchors(self):
        found = anchors("# Real\n\n```\n# not a heading\n```\n\n    # nor this\n")
        self.assertEqual(found, {"real"})


class Checker(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        (self.root / "docs").mkdir()
        (self.root / "docs" / "figure.png").write_bytes(b"\x89PNG")
        (self.root / "docs" / "guide.md").write_text(
            "# Guide\n\n## Set-up\n\n## Set-up\n", encoding="utf-8")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, text):
        (self.root / "README.md").write_text(text, encoding="utf-8")
        return check_links(self.root)

    def test_valid_links_pass(self):
        problems = self.write(
            "# Top\n\nSee [the guide](docs/guide.md#set-up-1), [here](#top), "
            "[a folder](docs/), [the web](https://example.invalid/x#y).\n\n"
            "![figure](docs/figure.png)\n\n"
            "```\n[not a link](missing.md)\n```\n\n    [code](missing.md)\n\n"
            "`[inline](missing.md)`\n")
        self.assertEqual(problems, [])

    def test_missing_file_is_reported(self):
        problems = self.write("# Top\n\nSee [this](docs/missing.md).\n")
        self.assertEqual(len(problems), 1)
        self.assertIn("README.md:3", problems[0])
        self.assertIn("docs/missing.md", problems[0])

    def test_missing_image_is_reported(self):
        problems = self.write("# Top\n\n![plot](docs/plot.png)\n")
        self.assertEqual(len(problems), 1)
        self.assertIn("image", problems[0])

    def test_missing_anchor_is_reported(self):
        problems = self.write("# Top\n\n[a](docs/guide.md#set-up-2) and [b](#bottom)\n")
        self.assertEqual(len(problems), 2)
        self.assertIn("#set-up-2", problems[0])
        self.assertIn("#bottom", problems[1])

    def test_links_from_subfolders_resolve_against_their_folder(self):
        (self.root / "docs" / "more.md").write_text(
            "[back](../README.md#top) [wrong](README.md)\n", encoding="utf-8")
        problems = self.write("# Top\n")
        self.assertEqual(len(problems), 1)
        self.assertIn("docs/more.md:1", problems[0])

    def test_build_trees_are_skipped(self):
        build = self.root / "build"
        build.mkdir()
        (build / "CMakeCache.txt").write_text("", encoding="utf-8")
        (build / "note.md").write_text("[x](nowhere.md)\n", encoding="utf-8")
        self.assertEqual(self.write("# Top\n"), [])


class Repository(unittest.TestCase):
    def test_every_link_resolves(self):
        problems = check_links(ROOT)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_the_readme_is_checked(self):
        files = [p.relative_to(ROOT).as_posix() for p in markdown_files(ROOT)]
        self.assertIn("README.md", files)
        self.assertGreater(len(links((ROOT / "README.md").read_text(encoding="utf-8"))), 0)


if __name__ == "__main__":
    sys.exit(unittest.main())
