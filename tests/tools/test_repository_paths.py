"""The tests, tools and build read nothing outside the repository.

Scans every test, tool, CI script and CMake file for a path that leaves the repository:
a relative path whose '..' steps climb above the repository root (resolved both from the
file's folder and from the root, where scripts run; `${CMAKE_SOURCE_DIR}/../x` and
`$(dirname "$0")/../x` count as relative), or an absolute path into a user's or a
machine's data folders (/home, /root, /work, /mnt, ~/ ...). Comment lines are skipped:
they read nothing. Run with
    /usr/bin/python3 -m unittest -v test_repository_paths      (from tests/tools)
"""

import re
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED_FOLDERS = ("tests", "tools", ".ci")
SCANNED_SUFFIXES = {".py", ".sh", ".cmake", ".cpp", ".h", ".yaml", ".txt", ""}
# Top folders of absolute paths that hold users' or machines' data, never the system's.
DATA_FOLDERS = {"home", "root", "work", "mnt", "media", "srv", "data", "shared", "Users"}
# A path-like token (optional leading '/' or '~/', then names and separators) and the
# character before it: after '}' or ')' the token continues a variable or a command.
PATH_TOKEN = re.compile(
    r"(^|[^\w.:/-])(~/[\w.+-]+(?:/[\w.+-]*)*|/?(?:\.\.?/)*[\w.+-]+(?:/[\w.+-]*)+)")
COMMENT = re.compile(r"^\s*(#|//|/\*|\*)")
ESCAPING = re.compile(r"(?:^|/)\.\.(?:/|$)")


def scanned_files(root):
    for folder in SCANNED_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            # This file's own examples of bad paths are not read by anything.
            if path.is_file() and path.suffix in SCANNED_SUFFIXES and "data" not in path.parts \
                    and path.resolve() != Path(__file__).resolve():
                yield path
    for path in sorted(root.rglob("CMakeLists.txt")):
        if not any(part.startswith("build") for part in path.relative_to(root).parts):
            yield path


def leaves_repository(token, before, file_dir, root):
    """Why `token` (after the character `before`), named in a file in `file_dir`, points
    outside `root`; None if it does not."""
    if token.startswith("~/"):
        return "a path in a home folder"
    if token.startswith("/") and before in "})":
        token = token[1:]
    elif token.startswith("/"):
        first = token.strip("/").split("/")[0]
        return "an absolute path to a data folder" if first in DATA_FOLDERS else None
    if not ESCAPING.search(token):
        return None
    for start in (file_dir, root):
        resolved = (start / token).resolve()
        if resolved == root or root in resolved.parents:
            return None
    return "a relative path that climbs out of the repository"


def outside_paths(root):
    """(file:line, token, reason) for every path outside `root` named in a scanned file."""
    root = root.resolve()
    found = []
    seen = set()
    for path in scanned_files(root):
        if path in seen:
            continue
        seen.add(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, start=1):
            if COMMENT.match(line):
                continue
            if "://" in line:
                line = re.sub(r"\w+://\S+", "", line)  # addresses are not files
            for before, token in PATH_TOKEN.findall(line):
                reason = leaves_repository(token, before, path.parent, root)
                if reason:
                    found.append((f"{path.relative_to(root)}:{number}", token, reason))
    return found


class RepositoryPaths(unittest.TestCase):
    def test_no_test_tool_or_build_file_names_a_path_outside_the_repository(self):
        found = outside_paths(ROOT)
        self.assertEqual(found, [], "\n".join(f"{where}: '{token}' is {reason}"
                                              for where, token, reason in found))

    def test_the_scan_covers_the_test_suites_and_the_build(self):
        names = {str(p.relative_to(ROOT)) for p in scanned_files(ROOT)}
        for expected in ("CMakeLists.txt", "tests/CMakeLists.txt", "tools/setup.sh",
                         "tests/reference/test_burgers_cole_hopf.cpp", ".ci/run"):
            self.assertIn(expected, names)

    def test_finds_paths_that_leave_a_repository(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "repo"
            (root / "tests" / "unit").mkdir(parents=True)
            (root / "tools").mkdir()
            (root / "CMakeLists.txt").write_text(
                'set(DATA "${CMAKE_SOURCE_DIR}/../outside/reference")\n'
                'set(OK "${CMAKE_SOURCE_DIR}/tests/data")\n')
            (root / "tests" / "unit" / "test_a.cpp").write_text(
                'const char* ok = "../../tests/data/a.h5";\n'
                'const char* bad = "../../../elsewhere/a.h5";\n'
                'const char* python = "/usr/bin/python3";\n')
            (root / "tools" / "run.sh").write_text(
                "cat /home/someone/data.txt\nls ~/results\nsee https://example.org/a/b\n"
                "# a comment naming /home/x/y reads nothing\n"
                'root=$(cd "$(dirname "$0")/.." && pwd)\n'
                'up=$(cd "$(dirname "$0")/../.." && pwd)\n')
            found = outside_paths(root)
            where = {w: token for w, token, _ in found}
            self.assertEqual(set(where), {"CMakeLists.txt:1", "tests/unit/test_a.cpp:2",
                                          "tools/run.sh:1", "tools/run.sh:2", "tools/run.sh:6"})
            self.assertIn("../outside/reference", where["CMakeLists.txt:1"])
            self.assertEqual(where["tools/run.sh:1"], "/home/someone/data.txt")


if __name__ == "__main__":
    unittest.main()
