"""tools/pinnacle_keep.py: only completed results of the PINNacle configs and studies are
copied into the kept folder, in the layout the runs wrote; checkpoints, interrupted runs,
other files and other studies are left; a kept file is replaced by a newer completed one.

Run with Debian's Python 3 (h5py, PyYAML):
    /usr/bin/python3 -m unittest -v test_pinnacle_keep
"""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py

TOOL = Path(__file__).resolve().parents[2] / "tools" / "pinnacle_keep.py"


def write_result(path, status="completed", error=1.0e-3):
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        f.attrs["status"] = status
        f.attrs["error"] = error


def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True,
                          timeout=120)


class KeepTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.runs = Path(self.tmp.name) / "runs"
        self.kept = Path(self.tmp.name) / "kept"
        self.runs.mkdir()

    def tearDown(self):
        self.tmp.cleanup()

    def keep(self):
        done = run_tool(str(self.runs), "--into", str(self.kept))
        self.assertEqual(done.returncode, 0, done.stderr)
        return sorted(line.removeprefix("kept ") for line in done.stdout.splitlines())

    def kept_files(self):
        return sorted(str(p.relative_to(self.kept)) for p in self.kept.rglob("*") if p.is_file())

    def test_only_completed_results_of_the_pinnacle_runs(self):
        write_result(self.runs / "pinnacle_ns2d_c.h5")
        write_result(self.runs / "pinnacle_poisson2d_c.h5", status="interrupted")
        write_result(self.runs / "burgers.h5")  # not a PINNacle config's output
        paper = self.runs / "pinnacle_paper_burgers1d.runs"
        write_result(paper / "mode=fixed" / "seed_1.h5")
        write_result(paper / "mode=neuron" / "seed_1.h5", status="incomplete")
        write_result(paper / "mode=neuron" / "seed_1.checkpoint.h5")
        (paper / "mode=global").mkdir()
        (paper / "mode=global" / "seed_1.h5").write_bytes(b"being written")
        write_result(self.runs / "pinnacle_adaptive_ns2d_c.runs" / "mode=layer" / "seed_3.h5")
        write_result(self.runs / "pinnacle_adaptive_ns2d_c.h5")  # a study file: rebuilt, not kept
        write_result(self.runs / "burgers_optimizers.runs" / "adam" / "seed_1.h5")

        expected = ["pinnacle_adaptive_ns2d_c.runs/mode=layer/seed_3.h5", "pinnacle_ns2d_c.h5",
                    "pinnacle_paper_burgers1d.runs/mode=fixed/seed_1.h5"]
        self.assertEqual(self.keep(), expected)
        self.assertEqual(self.kept_files(), expected)
        # Nothing new: nothing copied.
        self.assertEqual(self.keep(), [])

        # A finished run replaces its kept file; an interrupted one never does.
        write_result(self.runs / "pinnacle_ns2d_c.h5", error=5.0e-4)
        self.assertEqual(self.keep(), ["pinnacle_ns2d_c.h5"])
        with h5py.File(self.kept / "pinnacle_ns2d_c.h5") as f:
            self.assertEqual(f.attrs["error"], 5.0e-4)
        write_result(self.runs / "pinnacle_ns2d_c.h5", status="interrupted", error=1.0)
        self.assertEqual(self.keep(), [])
        with h5py.File(self.kept / "pinnacle_ns2d_c.h5") as f:
            self.assertEqual(f.attrs["error"], 5.0e-4)

    def test_a_missing_runs_folder_exits_with_2(self):
        done = run_tool(str(self.runs / "missing"), "--into", str(self.kept))
        self.assertEqual(done.returncode, 2)
        self.assertIn("missing: not a directory", done.stderr)
        self.assertFalse(self.kept.exists())


if __name__ == "__main__":
    unittest.main()
