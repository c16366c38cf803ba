"""Tests of tools/plot.py (and its package tools/pinnplot) on synthetic pinn result files
in the README's HDF5 layout; test_plot_paper.py tests the options for papers.

Run with Debian's Python 3 (h5py, matplotlib, numpy):
    /usr/bin/python3 -m unittest -v test_plot      (from tests/tools)
With PINN_EXECUTABLE and PINN_SOURCE_DIR set, one test also plots a real `pinn train` result.
"""

import os
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

PLOT = Path(__file__).resolve().parents[2] / "tools" / "plot.py"
sys.path.insert(0, str(PLOT.parent))
from pinnplot import profiles, read, solution, study_read  # noqa: E402

TEST_DPI = "100"  # a default of 300 would make every test slow; test_plot_paper checks it
FIGURE_SUFFIXES = (".png", ".pdf", ".svg")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
STRING = h5py.string_dtype()
VARIANTS = ["mode=fixed", "mode=global,scale=5", "mode=neuron,scale=10"]
SUMMARY_TABLE = ("| variant | runs | rel L2 mean |\n|---|---|---|\n"
                 "| mode=fixed | 2 | 2.0e-03 |\n"
                 "| mode=global,scale=5 | 2 | 1.2e-03 |\n| mode=neuron,scale=10 | 2 | 8.0e-04 |\n")


# ---------------------------------------------------------------- synthetic results


def write_history(group, records, terms, reference, phases):
    iteration = np.arange(records, dtype=np.int64) * 10
    decay = np.exp(-np.linspace(0, 5, records))
    history = group.create_group("history")
    history["iteration"] = iteration
    history.create_dataset("phase", data=phases, dtype=STRING)
    history["time_s"] = np.linspace(0, 1, records)
    history["loss"] = 3 * decay
    for k, term in enumerate(terms):
        history[f"loss_{term}"] = (k + 1) * decay
    history["rel_l2"] = 0.5 * decay if reference else np.full(records, np.nan)


def write_slopes(group, records, layers, neurons, fixed):
    activations = group.create_group("activations")
    for k in range(layers):
        if fixed:
            slopes = np.ones((records, neurons))
        else:
            drift = np.linspace(0, 1, records)[:, None] * np.linspace(-0.5, 0.5, neurons)
            slopes = 1 + 0.3 * k * np.linspace(0, 1, records)[:, None] + drift
        activations[f"slopes_{k}"] = slopes


def write_solution(group, axes, reference, outputs=None, derived="", up_to_constant="",
                   unreferenced=()):
    """/solution; with `outputs` in the layout of several fields, those in `unreferenced`
    without a reference. Returns the fields that have one."""
    solution = group.create_group("solution")
    solution.attrs["axes"] = ",".join(axes)
    if outputs is not None:
        solution.attrs.update({"outputs": ",".join(outputs), "derived": derived,
                               "up_to_constant": up_to_constant})
    fields = outputs or ("u",)
    grids = np.meshgrid(*axes.values(), indexing="ij")
    for name, values in axes.items():
        solution[name] = values
    referenced = [f for f in fields if reference and f not in unreferenced]
    for k, field in enumerate(fields):
        exact = (k + 1) * np.prod([np.sin(np.pi * g) for g in grids], axis=0)
        values = exact + 0.01 * (k + 1) * np.prod(grids, axis=0)
        solution[field] = values
        if field in referenced:
            solution[f"{field}_exact"] = exact
            error_name = f"{field}_abs_error" if len(fields) > 1 else "abs_error"
            solution[error_name] = np.abs(values - exact)
    return referenced if outputs is not None else []


def write_profiles(group, names):
    """The lid-driven cavity's two centre lines, through the middle of the other input."""
    published, dense = line(17), line(101)
    for name, output, axis in (("u_vertical_centreline", "u", "y"),
                               ("v_horizontal_centreline", "v", "x")):
        profile = group.create_group(f"profiles/{name}")
        for points, along in (("points", published), ("line_points", dense)):
            coordinates = np.full((len(along), len(names)), 0.5)
            coordinates[:, names.index(axis)] = along
            profile[points] = coordinates
        profile["reference"] = np.sin(np.pi * published)
        profile["prediction"] = np.sin(np.pi * published) + 0.01
        profile["line_prediction"] = np.sin(np.pi * dense) + 0.01
        profile.attrs.update({"output": output, "axis": axis, "max_abs_error": 0.01,
                              "source": "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982), "
                                        "Table I"})


def write_run(group, axes, reference=True, terms=("residual", "boundary"), records=12,
              layers=3, neurons=1, fixed_slopes=False, status="completed", **fields):
    """A complete single-run result in `group` (a file's root or a study's seed group);
    `fields` as write_solution takes them."""
    phases = ["adam"] * (records // 2) + ["lbfgs"] * (records - records // 2)
    group.attrs.update({"problem": "poisson", "config": "problem: {name: poisson}\n",
                        "seed": np.int64(1), "dtype": "float64", "device": "cpu",
                        "version": "0.1.0", "threads": np.int64(2),
                        "wall_time_s": 1.5, "status": status, "message": ""})
    write_history(group, records, terms, reference, phases)
    write_slopes(group, records, layers, neurons, fixed_slopes)
    referenced = write_solution(group, axes, reference, **fields)
    rel_l2 = 0.01 if reference else np.nan
    metrics = group.create_group("metrics")
    metrics.attrs.update({
        "rel_l2": rel_l2, "max_abs_error": rel_l2, "final_loss": 0.001,
        "iterations": np.int64(10 * (records - 1))})
    for field in referenced:
        metrics.attrs.update({f"rel_l2_{field}": 0.01, f"max_abs_error_{field}": 0.02})


def write_study(path, status="completed"):
    """A fixed, a global and a neuron-wise variant x two seeds; seed_2 of the last
    stopped early."""
    with h5py.File(path, "w") as f:
        f.attrs.update({"kind": "study", "study": "name: demo\n", "version": "0.1.0",
                        "status": status, "runs_planned": np.int64(6),
                        "runs_finished": np.int64(6)})
        for v, variant in enumerate(VARIANTS):
            group = f.create_group(f"runs/{variant}")
            group.attrs["settings"] = variant.replace(",", "\n")
            for seed in (1, 2):
                records = 8 if (v, seed) == (2, 2) else 12
                write_run(group.create_group(f"seed_{seed}"), {"x": np.linspace(0, 1, 41)},
                          records=records, neurons=4 if v == 2 else 1,
                          fixed_slopes=v == 0)
        write_summary(f.create_group("summary"), VARIANTS)


def write_summary(summary, variants):
    count = len(variants)
    summary.create_dataset("variant", data=variants, dtype=STRING)
    summary["runs"] = np.full(count, 2, dtype=np.int64)
    for name in ("final_loss_mean", "final_loss_std", "rel_l2_mean", "rel_l2_std",
                 "rel_l2_min", "rel_l2_max", "wall_time_mean"):
        summary[name] = np.linspace(1e-3, 2e-3, count)
    summary["thresholds"] = np.array([1e-2, 1e-3])
    summary["iteration_to_threshold"] = np.array([[60.0, np.nan], [50.0, np.nan],
                                                  [40.0, 100.0]])
    summary["time_to_threshold"] = np.array([[0.6, np.nan], [0.5, np.nan], [0.4, 1.0]])
    summary["reached"] = np.array([[2, 0], [2, 0], [2, 1]], dtype=np.int64)
    summary["final_slopes"] = np.array([[1.0, 1.0, 1.0], [1.2, 1.3, 1.3], [1.1, 1.4, 1.5]])
    summary.attrs["table"] = SUMMARY_TABLE


def line(n):
    return np.linspace(0, 1, n)


# ---------------------------------------------------------------- checks


def png_size(path):
    """(width, height) from a PNG's IHDR chunk; fails unless the file starts like a PNG."""
    data = path.read_bytes()
    if data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        raise AssertionError(f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


class PlotTestCase(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.dir = Path(self.temp.name)

    def tearDown(self):
        self.temp.cleanup()

    def plot(self, result, *options):
        environment = dict(os.environ, MPLCONFIGDIR=str(self.dir / "mplconfig"))
        options = [str(o) for o in options]
        if "--dpi" not in options:
            options += ["--dpi", TEST_DPI]
        return subprocess.run([sys.executable, str(PLOT), str(result), *options],
                              capture_output=True, text=True, env=environment, timeout=300)

    def plot_ok(self, result, *options):
        done = self.plot(result, *options)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done

    def run_file(self, axes, **settings):
        path = self.dir / "run.h5"
        with h5py.File(path, "w") as f:
            write_run(f, axes, **settings)
        return path

    def assert_wrote(self, done, out_dir, names):
        """Exactly `names` were written into out_dir, each printed, PNGs valid and not tiny."""
        expected = {out_dir / n for n in names}
        written = {p for p in out_dir.iterdir() if p.is_file() and p.suffix != ".h5"}
        self.assertEqual(written, expected)
        printed = {Path(s) for s in done.stdout.splitlines()
                   if s.endswith(FIGURE_SUFFIXES + (".md",))}
        self.assertEqual(printed, expected)
        for path in expected:
            if path.suffix == ".png":
                width, height = png_size(path)
                self.assertGreater(min(width, height), 200, path)
                self.assertGreater(path.stat().st_size, 10_000, path)

    def assert_bad_input(self, done, fragment):
        self.assertEqual(done.returncode, 2, done.stderr)
        message = done.stderr.strip()
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertTrue(message.startswith("error: "), message)
        self.assertIn(fragment, message)
        self.assertEqual(done.stdout, "")


class StudyLossTest(unittest.TestCase):
    """Variants are compared by the loss without the slope-recovery term, where a run has it."""

    def test_seed_curves_prefer_problem_loss_and_fall_back_to_the_total(self):
        with tempfile.TemporaryDirectory() as directory:
            with h5py.File(Path(directory) / "s.h5", "w") as f:
                variant = f.create_group("runs/mode=layer,slope_recovery=1")
                for seed, with_problem_loss in ((1, True), (2, False)):
                    history = variant.create_group(f"seed_{seed}/history")
                    history["iteration"] = np.array([0, 10, 20])
                    history["loss"] = np.array([1.5, 0.6, 0.51]) * seed
                    if with_problem_loss:
                        history["problem_loss"] = np.array([1.0, 0.1, 0.01])
                iteration, values = study_read.seed_curves(variant, ("problem_loss", "loss"))
                np.testing.assert_array_equal(iteration, [0, 10, 20])
                np.testing.assert_array_equal(values, [[1.0, 0.1, 0.01], [3.0, 1.2, 1.02]])


class ShortSourceTest(unittest.TestCase):
    """A profile's legend names its published points short; the full citation is a note."""

    def test_citations_become_first_author_and_year(self):
        for source, label in (
                ("Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) 387-411, Tables I and II "
                 "(Re = 100)", "Ghia et al. (1982)"),
                ("Botella & Peyret, Computers & Fluids 27 (1998) 421-433",
                 "Botella & Peyret (1998)"),
                ("Smith, J. Fluid Mech. 12 (2003)", "Smith (2003)"),
                ("published", "published"), ("", "published")):
            with self.subTest(source=source):
                self.assertEqual(profiles.short_source(source), label)


# ---------------------------------------------------------------- single runs


class SingleRunTest(PlotTestCase):
    def test_one_input_writes_solution_loss_and_slopes_beside_the_result(self):
        result = self.run_file({"x": line(101)})
        done = self.plot_ok(result)
        self.assert_wrote(done, self.dir, ["run_solution.png", "run_loss.png",
                                           "run_slopes.png"])

    def test_two_inputs_with_time_take_requested_slices(self):
        result = self.run_file({"x": line(64), "t": line(30)}, layers=8,
                               terms=("residual", "initial", "boundary"))
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out, "--times", "0,0.33,2")
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_slopes.png"])

    def test_two_inputs_without_time(self):
        out = self.dir / "figures"
        done = self.plot_ok(self.run_file({"x": line(40), "y": line(30)}), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_slopes.png"])

    def test_three_inputs_plot_a_mid_plane(self):
        out = self.dir / "figures"
        result = self.run_file({"x": line(21), "y": line(17), "z": line(13)})
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_slopes.png"])

    def test_many_inputs_plot_the_plane_of_the_first_two(self):
        out = self.dir / "figures"
        four_and_time = {**{f"x{i}": line(5) for i in range(1, 5)}, "t": line(4)}
        sixteen = {f"x{i}": line(2) for i in range(1, 17)}
        for axes in (four_and_time, sixteen):
            with self.subTest(inputs=len(axes)):
                done = self.plot_ok(self.run_file(axes), "--out", out)
                self.assert_wrote(done, out, ["run_solution.png", "run_loss.png",
                                              "run_slopes.png"])

    def test_the_plane_holds_the_other_inputs_at_their_middle_node(self):
        names = [f"x{i}" for i in range(1, 17)]
        sizes = [3, 4, 4] + [2] * 12 + [5]
        axes = [np.arange(n) / 10 for n in sizes[:-1]] + [line(5)]
        values = np.arange(np.prod([len(a) for a in axes]), dtype=float).reshape(
            [len(a) for a in axes])
        field = read.Field("u", values, None, None)
        plane = solution.mid_plane(read.Solution(names, axes, [field]))
        self.assertEqual(plane.names, ["x1", "x2"])
        middle = tuple(len(a) // 2 for a in axes[2:])
        np.testing.assert_array_equal(plane.fields[0].values, values[(slice(None),) * 2 + middle])
        # x3 has 4 nodes and x4 2: the upper of their two middles; x16 has 5: its middle.
        self.assertTrue(plane.plane.startswith("mid-plane x3 = 0.2, x4 = 0.1, "), plane.plane)
        self.assertTrue(plane.plane.endswith(", x15 = 0.1, x16 = 0.5"), plane.plane)

    def test_without_reference_plots_only_u_and_no_error_panel(self):
        out = self.dir / "figures"
        for axes in ({"x": line(50)}, {"x": line(30), "t": line(20)}):
            with self.subTest(axes=",".join(axes)):
                done = self.plot_ok(self.run_file(axes, reference=False), "--out", out)
                self.assert_wrote(done, out, ["run_solution.png", "run_loss.png",
                                              "run_slopes.png"])

    def test_fixed_activation_skips_slopes_with_a_note(self):
        out = self.dir / "figures"
        done = self.plot_ok(self.run_file({"x": line(50)}, fixed_slopes=True), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png"])
        self.assertIn("fixed activation", done.stderr)

    def test_identified_coefficients_get_their_trajectories(self):
        path = self.run_file({"x": line(50), "t": line(20)}, fixed_slopes=True)
        with h5py.File(path, "a") as f:
            f["history/unknown_nu"] = np.geomspace(0.05, 0.0032, 12)
            f["history/unknown_c"] = np.linspace(0.0, 0.999, 12)
            f["metrics"].attrs.update({"unknown_nu": 0.0032, "unknown_nu_true": 0.01 / np.pi,
                                       "unknown_nu_error": 0.005, "unknown_c": 0.999})
        out = self.dir / "figures"
        done = self.plot_ok(path, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_unknowns.png"])

    def test_neuron_wise_slopes(self):
        out = self.dir / "figures"
        done = self.plot_ok(self.run_file({"x": line(50)}, neurons=20, layers=4), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_slopes.png"])

    def test_non_finite_and_zero_values_are_masked(self):
        result = self.run_file({"x": line(50)})
        with h5py.File(result, "a") as f:
            f["history/loss"][2:4] = [np.nan, np.inf]
            f["history/loss_boundary"][:] = 0.0
            f["history/rel_l2"][5] = -1.0
            f["solution/abs_error"][:10] = 0.0
            f["solution/u"][3] = np.nan
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_loss.png", "run_slopes.png"])


# ---------------------------------------------------------------- several fields


NAVIER_STOKES = {"outputs": ("u", "v", "p"), "up_to_constant": "p"}
SCHRODINGER = {"outputs": ("u", "v", "h"), "derived": "h"}
STEADY_INPUTS = ({"x": line(60)}, {"x": line(40), "y": line(30)},
                 {"x": line(21), "y": line(17), "z": line(13)})


class SeveralFieldsTest(PlotTestCase):
    def test_steady_fields_share_one_figure_a_row_each(self):
        out = self.dir / "figures"
        for axes in STEADY_INPUTS:
            with self.subTest(axes=",".join(axes)):
                done = self.plot_ok(self.run_file(axes, **NAVIER_STOKES), "--out", out)
                self.assert_wrote(done, out, ["run_solution.png", "run_loss.png",
                                              "run_slopes.png"])
        _, three_rows = png_size(out / "run_solution.png")
        self.plot_ok(self.run_file(STEADY_INPUTS[2]), "--out", self.dir / "one")
        _, one_row = png_size(self.dir / "one" / "run_solution.png")
        self.assertGreater(three_rows, 2 * one_row)

    def test_fields_with_time_get_an_image_each(self):
        out = self.dir / "figures"
        result = self.run_file({"x": line(64), "t": line(30)}, **SCHRODINGER)
        done = self.plot_ok(result, "--out", out, "--times", "0,0.5")
        self.assert_wrote(done, out, ["run_solution_u.png", "run_solution_v.png",
                                      "run_solution_h.png", "run_loss.png", "run_slopes.png"])

    def test_a_field_without_reference_beside_one_with(self):
        for axes in STEADY_INPUTS + ({"x": line(30), "t": line(20)},):
            with self.subTest(axes=",".join(axes)):
                out = self.dir / "_".join(axes)
                result = self.run_file(axes, outputs=("u", "v"), unreferenced=("v",))
                solution = (["run_solution_u.png", "run_solution_v.png"] if "t" in axes
                            else ["run_solution.png"])
                done = self.plot_ok(result, "--out", out)
                self.assert_wrote(done, out, solution + ["run_loss.png", "run_slopes.png"])

    def test_one_field_in_the_new_layout_plots_as_before(self):
        for axes in ({"x": line(50)}, {"x": line(30), "t": line(20)}):
            with self.subTest(axes=",".join(axes)):
                before, now = self.dir / "before", self.dir / "now"
                self.plot_ok(self.run_file(axes), "--out", before)
                self.plot_ok(self.run_file(axes, outputs=("u",)), "--out", now)
                self.assertEqual((now / "run_solution.png").read_bytes(),
                                 (before / "run_solution.png").read_bytes())

    def test_profiles_are_drawn_against_the_published_points(self):
        result = self.run_file({"x": line(40), "y": line(40)}, **NAVIER_STOKES)
        with h5py.File(result, "a") as f:
            write_profiles(f, ["x", "y"])
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_profiles.png", "run_loss.png",
                                      "run_slopes.png"])


# ---------------------------------------------------------------- studies


class StudyTest(PlotTestCase):
    def setUp(self):
        super().setUp()
        self.result = self.dir / "study.h5"
        write_study(self.result)
        self.out = self.dir / "figures"

    def test_study_writes_bands_and_summary(self):
        done = self.plot_ok(self.result, "--out", self.out)
        self.assert_wrote(done, self.out, ["study_loss.png", "study_rel_l2.png",
                                           "study_rel_l2_time.png", "study_slopes.png",
                                           "study_summary.md"])
        self.assertIn("left out of study_slopes: mode=fixed", done.stderr)
        self.assertEqual((self.out / "study_summary.md").read_text(), SUMMARY_TABLE)
        self.assertIn(SUMMARY_TABLE, done.stdout)

    def test_study_without_reference_skips_rel_l2(self):
        with h5py.File(self.result, "a") as f:
            for variant in f["runs"].values():
                for seed in variant.values():
                    seed["history/rel_l2"][:] = np.nan
        done = self.plot_ok(self.result, "--out", self.out)
        self.assert_wrote(done, self.out, ["study_loss.png", "study_slopes.png",
                                           "study_summary.md"])
        self.assertIn("rel_l2", done.stderr)

    def test_study_interrupted_before_any_run_writes_only_the_summary(self):
        with h5py.File(self.result, "a") as f:
            del f["runs"]
            f.attrs["status"] = "interrupted"
        done = self.plot_ok(self.result, "--out", self.out)
        self.assert_wrote(done, self.out, ["study_summary.md"])

    def test_run_option_plots_one_run_of_the_study(self):
        done = self.plot_ok(self.result, "--out", self.out,
                            "--run", "mode=neuron,scale=10/seed_2")
        stem = "study_mode=neuron_scale=10_seed_2"
        self.assert_wrote(done, self.out, [f"{stem}_solution.png", f"{stem}_loss.png",
                                           f"{stem}_slopes.png"])


# ---------------------------------------------------------------- bad input


class BadInputTest(PlotTestCase):
    def test_missing_file(self):
        self.assert_bad_input(self.plot(self.dir / "absent.h5"), "no such file")

    def test_not_hdf5(self):
        path = self.dir / "notes.h5"
        path.write_text("not HDF5\n")
        self.assert_bad_input(self.plot(path), "not an HDF5 file")

    def test_hdf5_that_is_not_a_result(self):
        path = self.dir / "other.h5"
        with h5py.File(path, "w") as f:
            f["data"] = np.arange(3)
        self.assert_bad_input(self.plot(path), "not a pinn result")

    def test_unknown_run_of_a_study(self):
        path = self.dir / "study.h5"
        write_study(path)
        self.assert_bad_input(self.plot(path, "--run", "mode=local/seed_1"),
                              "no such run")

    def test_run_option_on_a_single_run(self):
        path = self.run_file({"x": line(20)})
        self.assert_bad_input(self.plot(path, "--run", "a/seed_1"), "study")

    def test_times_without_a_time_axis(self):
        path = self.run_file({"x": line(20), "y": line(20)})
        self.assert_bad_input(self.plot(path, "--times", "0.5"), "named t")

    def test_listed_output_without_its_dataset(self):
        path = self.run_file({"x": line(20), "y": line(20)}, **NAVIER_STOKES)
        with h5py.File(path, "a") as f:
            del f["solution/v"]
        self.assert_bad_input(self.plot(path), "missing /solution/v")

    def test_profile_along_no_input(self):
        path = self.run_file({"x": line(20), "y": line(20)}, **NAVIER_STOKES)
        with h5py.File(path, "a") as f:
            write_profiles(f, ["x", "y"])
            f["profiles/u_vertical_centreline"].attrs["axis"] = "r"
        self.assert_bad_input(self.plot(path), "axis 'r'")

    def test_malformed_times(self):
        path = self.run_file({"x": line(20), "t": line(20)})
        self.assert_bad_input(self.plot(path, "--times", "0.5,soon"), "--times")


# ---------------------------------------------------------------- the real binary


class RealResultTest(PlotTestCase):
    def test_plots_a_pinn_train_result(self):
        executable = os.environ.get("PINN_EXECUTABLE", "")
        source_dir = Path(os.environ.get("PINN_SOURCE_DIR", PLOT.parents[1]))
        if not executable or not Path(executable).is_file():
            self.skipTest("PINN_EXECUTABLE is not set or not built")
        result = self.dir / "p.h5"
        trained = subprocess.run(
            [executable, "train", str(source_dir / "configs" / "poisson_1d.yaml"),
             "training.phases=[{optimizer: adam, iterations: 20}]",
             "training.log_every=5", f"output.file={result}"],
            capture_output=True, text=True, timeout=300)
        self.assertEqual(trained.returncode, 0, trained.stderr)
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["p_solution.png", "p_loss.png"])
        self.assertIn("fixed activation", done.stderr)


if __name__ == "__main__":
    unittest.main()
