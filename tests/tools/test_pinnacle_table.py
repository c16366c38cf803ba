"""tools/pinnacle_table.py: the PINNacle table printed from result files. Synthetic files
check each cell (the best of a task's configs, per-output errors, the paper columns'
means and ratios, runs that did not complete left out, "not run"); bad input exits with 2
and names the file and line; short runs of the pinn binary built here check the real
result layout.

Run with Debian's Python 3 (h5py, PyYAML), with PINN_EXECUTABLE and PINN_SOURCE_DIR set:
    PINN_EXECUTABLE=../../build/pinn PINN_SOURCE_DIR=../.. /usr/bin/python3 -m unittest -v test_pinnacle_table
"""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py
import yaml

TOOLS = Path(__file__).resolve().parents[2] / "tools"
TOOL = TOOLS / "pinnacle_table.py"
CONFIGS = TOOLS.parent / "configs" / "pinnacle"
PUBLISHED = """# a comment
task,method,mean,std
Wave1d-C,PINN,0.5,0.1
Wave1d-C,LAAF,0.4,
Wave1d-C,GAAF,0.6,0.1
Wave1d-C,PINN-NTK,1.0e-1,1.0e-2
NS2d-C,PINN,4.0e-2,1.0e-3
NS2d-C,LAAF,2.0e-2,1.0e-3
NS2d-C,GAAF,3.0e-2,1.0e-3
"""


def write_result(path, error, status="completed", mode="fixed", fields=None, wall=125.0,
                 threads=1, test_points=2500, shipped=None, edit=None, history=None):
    """A result file; `shipped` names the config under configs/pinnacle/ it was run from
    (stored as its config, changed by `edit` when given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        if shipped:
            config = yaml.safe_load((CONFIGS / f"{shipped}.yaml").read_text())
            if edit:
                edit(config)
            f.attrs["config"] = yaml.safe_dump(config)
        f.attrs["status"] = status
        f.attrs["wall_time_s"] = wall
        f.attrs["setup_s"] = 0.4
        f.attrs["threads"] = threads
        f.attrs["processes"] = 1
        metrics = f.create_group("metrics")
        metrics.attrs["iterations"] = 100
        metrics.attrs["test_rel_l2"] = error
        metrics.attrs["test_point_count"] = test_points
        for name, value in (fields or {"u": error}).items():
            metrics.attrs[f"test_rel_l2_{name}"] = value
        if history is not None:
            f["history/rel_l2"] = history
        network = f.create_group("network")
        network.attrs["mode"] = mode
        network.attrs["outputs"] = ",".join(fields or {"u": error})


def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True,
                          timeout=120)


def row(output, task):
    rows = [line for line in output.splitlines() if line.startswith(f"| {task} |")]
    assert len(rows) == 1, output
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


class SyntheticTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.published = self.dir / "published.csv"
        self.published.write_text(PUBLISHED)

    def tearDown(self):
        self.tmp.cleanup()

    def table(self):
        done = run_tool("--runs", str(self.dir), "--published", str(self.published))
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_best_of_the_configs_and_its_target(self):
        write_result(self.dir / "pinnacle_wave1d_exact.h5", 2.0e-2, wall=1829.6,
                     shipped="wave1d_exact")
        write_result(self.dir / "pinnacle_wave1d.h5", 0.3, shipped="wave1d")
        cells = row(self.table(), "Wave1d-C")
        self.assertEqual(cells[1], "1.00e-1 (PINN-NTK)")
        self.assertIn("**2.00e-2** with `wave1d_exact.yaml` at 2500 test points", cells[5])
        self.assertIn("target 1.00e-2: missed by 2.0x", cells[5])
        self.assertEqual(cells[6], "30m30s (1 thread)")
        self.assertIn("`pinn train configs/pinnacle/wave1d_exact.yaml`", cells[7])
        # No paper study for this task: the published figures alone.
        self.assertEqual(cells[2:5], ["5.00e-1", "4.00e-1", "6.00e-1"])

        write_result(self.dir / "pinnacle_wave1d.h5", 1.0e-3, threads=2, wall=59, shipped="wave1d")
        cells = row(self.table(), "Wave1d-C")
        self.assertIn("**1.00e-3** with `wave1d.yaml`", cells[5])
        self.assertIn("target 1.00e-2: met", cells[5])
        self.assertEqual(cells[6], "59s (2 threads)")

    def test_a_run_that_did_not_complete_is_not_the_best(self):
        write_result(self.dir / "pinnacle_wave1d_exact.h5", 1.0e-6, status="interrupted",
                     shipped="wave1d_exact")
        write_result(self.dir / "pinnacle_wave1d.h5", 0.3, shipped="wave1d")
        self.assertIn("**3.00e-1** with `wave1d.yaml`", row(self.table(), "Wave1d-C")[5])
        (self.dir / "pinnacle_wave1d.h5").unlink()
        cells = row(self.table(), "Wave1d-C")
        self.assertEqual(cells[5:7], ["not run", "-"])

    def test_per_output_errors_and_paper_columns(self):
        write_result(self.dir / "pinnacle_ns2d_c.h5", 2.3e-3, test_points=10201,
                     fields={"u": 4.3e-4, "v": 6.8e-4, "p": 7.3e-3}, shipped="ns2d_c")
        runs = self.dir / "pinnacle_paper_ns2d_c.runs"
        write_result(runs / "mode=fixed" / "seed_1.h5", 5.0e-2, history=[1.0, 4.0e-2, 5.0e-2])
        write_result(runs / "mode=fixed" / "seed_2.h5", 7.0e-2, history=[1.0, 3.0e-2, 7.0e-2])
        write_result(runs / "mode=neuron,scale=10" / "seed_1.h5", 5.0e-2, mode="neuron",
                     history=[1.0, float("nan"), 1.0e-2, 5.0e-2])
        write_result(runs / "mode=layer,scale=10" / "seed_1.h5", 1.0, mode="layer",
                     status="diverged")
        # A running seed's checkpoint is not read as a result, nor a mode of no column.
        (runs / "mode=layer,scale=10" / "seed_2.checkpoint.h5").write_bytes(b"not HDF5")
        write_result(runs / "mode=global,scale=10" / "seed_1.h5", 2.0e-2, mode="global")
        cells = row(self.table(), "NS2d-C")
        self.assertEqual(cells[1], "2.00e-2 (LAAF)")
        self.assertEqual(cells[2], "4.00e-2 / **6.00e-2** (1.50x, within 2x, 2 seeds)")
        # The lowest logged error is said where it is below half the final one.
        self.assertEqual(cells[3], "2.00e-2 / **5.00e-2** (2.50x, outside 2x, 1 seed; lowest "
                                   "logged 1.00e-2)")
        self.assertEqual(cells[4], "3.00e-2 / not run")
        self.assertIn("**2.30e-3** (u 4.30e-4, v 6.80e-4, p 7.30e-3)", cells[5])
        self.assertIn("at 10201 test points; target 2.00e-3: missed by 1.1x", cells[5])
        self.assertIn("`pinn study configs/studies/pinnacle_paper_ns2d_c.yaml`", cells[7])

    def test_a_run_with_other_settings_is_reported_not_counted(self):
        def shorter(config):
            config["training"]["phases"][1]["iterations"] = 10
            config["training"]["threads"] = 7  # threads and output paths may differ
            config["output"]["file"] = "elsewhere.h5"

        write_result(self.dir / "pinnacle_wave1d_exact.h5", 1.0e-6, shipped="wave1d_exact",
                     edit=shorter)
        cells = row(self.table(), "Wave1d-C")
        self.assertEqual(cells[5], "not run: pinnacle_wave1d_exact.h5 is not the shipped config "
                                   "(it differs at training.phases[1].iterations)")
        write_result(self.dir / "pinnacle_wave1d.h5", 0.3, shipped="wave1d")
        self.assertIn("**3.00e-1** with `wave1d.yaml`", row(self.table(), "Wave1d-C")[5])

        def threads_only(config):
            config["training"]["threads"] = 7

        write_result(self.dir / "pinnacle_wave1d_exact.h5", 1.0e-6, shipped="wave1d_exact",
                     edit=threads_only)
        self.assertIn("**1.00e-6** with `wave1d_exact.yaml`", row(self.table(), "Wave1d-C")[5])
        write_result(self.dir / "pinnacle_wave1d_exact.h5", 1.0e-6)
        self.assertIn("**3.00e-1** with `wave1d.yaml`", row(self.table(), "Wave1d-C")[5])

    def test_a_task_without_published_figures(self):
        cells = row(self.table(), "KS")
        self.assertEqual(cells[1:5], ["-", "-", "-", "-"])

    def test_bad_input_exits_with_2_naming_the_place(self):
        self.published.write_text(PUBLISHED + "NS2d-C,PINN-w,abc,\n")
        done = run_tool("--runs", str(self.dir), "--published", str(self.published))
        self.assertEqual(done.returncode, 2)
        self.assertIn(f"{self.published}:10: mean 'abc' or std '' is not a number", done.stderr)
        self.assertEqual(done.stdout, "")

        self.published.write_text("task,method,l2re\n")
        done = run_tool("--runs", str(self.dir), "--published", str(self.published))
        self.assertEqual(done.returncode, 2)
        self.assertIn("must be 'task,method,mean,std'", done.stderr)

        self.published.write_text(PUBLISHED + "NS2d-C,PINN-w,-1,\n")
        self.assertIn(":10: mean -1 must be positive",
                      run_tool("--runs", str(self.dir), "--published", str(self.published)).stderr)

        done = run_tool("--runs", str(self.dir / "missing"), "--published", str(self.published))
        self.assertEqual(done.returncode, 2)
        self.assertIn("missing: not a directory", done.stderr)

        done = run_tool("--runs", str(self.dir), "--published", str(self.dir / "none.csv"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("none.csv: cannot read the published figures", done.stderr)

    def test_the_shipped_figures_read(self):
        done = run_tool("--runs", str(self.dir))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(row(done.stdout, "NS2d-C")[1], "3.60e-2 (LAAF)")
        self.assertEqual(row(done.stdout, "Burgers1d-C")[2], "1.45e-2 / not run")


class UpdateTest(unittest.TestCase):
    """--update writes the table between the markers of a Markdown file, and the docs'
    table is the one the tool prints from the kept results."""

    def test_update_replaces_only_the_block_between_the_markers(self):
        with tempfile.TemporaryDirectory() as tmp:
            doc = Path(tmp) / "doc.md"
            doc.write_text("# Title\n\n<!-- pinnacle_table.py -->\n| old |\n<!-- end of table -->\n\nAfter.\n")
            done = run_tool("--runs", tmp, "--update", str(doc))
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stdout, "")
            text = doc.read_text()
            self.assertTrue(text.startswith("# Title\n\n<!-- pinnacle_table.py -->\n| task |"))
            self.assertTrue(text.endswith("|\n<!-- end of table -->\n\nAfter.\n"))
            self.assertNotIn("| old |", text)
            self.assertEqual(text.count("| Burgers1d-C |"), 1)

            doc.write_text("no markers\n")
            done = run_tool("--runs", tmp, "--update", str(doc))
            self.assertEqual(done.returncode, 2)
            self.assertIn(f"{doc}: no '<!-- pinnacle_table.py -->' line", done.stderr)
            self.assertEqual(doc.read_text(), "no markers\n")

    def test_the_docs_table_is_printed_from_the_kept_results(self):
        printed = run_tool()
        self.assertEqual(printed.returncode, 0, printed.stderr)
        docs = (CONFIGS / "README.md").read_text()
        begin, end = docs.index("<!-- pinnacle_table.py -->\n"), docs.index("<!-- end of table -->")
        self.assertEqual(docs[begin + len("<!-- pinnacle_table.py -->\n"):end], printed.stdout,
                         "configs/pinnacle/README.md's table is not tools/pinnacle_table.py's "
                         "output: run tools/pinnacle_table.py --update configs/pinnacle/README.md")


class RealRunsTest(unittest.TestCase):
    """The layout pinn writes: a short run of a shipped config and two paper-set-up runs."""

    def test_runs_of_the_binary(self):
        executable = os.environ.get("PINN_EXECUTABLE", "")
        source = os.environ.get("PINN_SOURCE_DIR", "")
        if not executable or not Path(executable).is_file() or not source:
            self.skipTest("PINN_EXECUTABLE or PINN_SOURCE_DIR is not set")
        with tempfile.TemporaryDirectory() as tmp:
            runs = Path(tmp)
            short = ["network.hidden=[8, 8]", "sampling.residual.points=200",
                     "sampling.residual.resample=~", "sampling.initial.points=50",
                     "sampling.boundary.points=50", "training.threads=1",
                     "training.phases=[{optimizer: adam, iterations: 20, lr: 1.0e-3}]"]

            def train(*overrides):
                done = subprocess.run([executable, "train", "configs/pinnacle/burgers1d.yaml",
                                       *short, *overrides], cwd=source, capture_output=True,
                                      text=True, timeout=300)
                self.assertEqual(done.returncode, 0, done.stderr)

            train(f"output.file={runs / 'pinnacle_burgers1d.h5'}")
            paper = runs / "pinnacle_paper_burgers1d.runs"
            for variant in ("mode=fixed", "mode=neuron"):
                (paper / variant).mkdir(parents=True)
            train(f"output.file={paper / 'mode=fixed' / 'seed_1.h5'}")
            train("network.adaptive.mode=neuron", "network.adaptive.scale=10",
                  "network.adaptive.init=xavier_uniform",
                  f"output.file={paper / 'mode=neuron' / 'seed_1.h5'}")
            done = run_tool("--runs", str(runs))
            self.assertEqual(done.returncode, 0, done.stderr)
            cells = row(done.stdout, "Burgers1d-C")
            # The short run is not the shipped config: the keys it overrode, and no other
            # (the resolved config's defaults and number spellings compare equal), are named.
            self.assertEqual(cells[5], "not run: pinnacle_burgers1d.h5 is not the shipped "
                                       "config (it differs at network.hidden, "
                                       "sampling.residual.points, sampling.residual.resample)")
            self.assertRegex(cells[2], r"^1.45e-2 / \*\*[0-9.e-]+\*\* \([0-9.]+x, (within|outside) "
                                       r"2x, 1 seed\)$")
            self.assertRegex(cells[3], r"^1.43e-2 / \*\*[0-9.e-]+\*\*")
            self.assertEqual(cells[4], "5.20e-2 / not run")


if __name__ == "__main__":
    unittest.main()
