"""Tests of tools/plot.py on results with test points (/test_points): synthetic files in
the README's layout with 1, 2 (with a hole; x-t) and 3 inputs, and, with
PINN_TEST_POINTS_BIN set (the test_reference_points executable), the result of a short
run through pinn's run path.

Run with Debian's Python 3 (h5py, matplotlib, numpy):
    /usr/bin/python3 -m unittest -v test_plot_test_points      (from tests/tools)
"""

import os
import subprocess
import unittest
from pathlib import Path

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.collections as mcollections  # noqa: E402

from test_plot import PlotTestCase, line, write_run  # noqa: E402
from pinnplot import error_in_time, read, test_points  # noqa: E402


def write_test_points(group, points, names, fields=("u",), skipped_rows=2):
    """/test_points with the fields given, the network 1% off a smooth reference, and
    their metrics."""
    tp = group.create_group("test_points")
    tp["points"] = np.asarray(points, dtype=float).reshape(len(points), len(names))
    tp.attrs.update({"axes": ",".join(names), "source": "ref.dat",
                     "skipped_rows": np.int64(skipped_rows), "outputs": ",".join(fields),
                     "up_to_constant": ""})
    metrics = group["metrics"].attrs
    for k, field in enumerate(fields):
        exact = (k + 1) * np.sin(np.pi * tp["points"][:, 0]) + tp["points"][:, -1]
        values = 1.01 * exact
        tp[field], tp[f"{field}_exact"] = values, exact
        tp[f"{field}_abs_error"] = np.abs(values - exact)
        metrics[f"test_rel_l2_{field}"] = 0.01
    metrics.update({"test_point_count": np.int64(len(points)), "test_rel_l2": 0.0123,
                    "test_max_abs_error": 0.02})


def disk_with_a_hole(n=25):
    """Points of a grid on [-1, 1]^2 outside the disk of radius 0.5."""
    x, y = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1, 1, n), indexing="ij")
    keep = np.hypot(x, y) > 0.5
    return np.column_stack([x[keep], y[keep]])


class TestPointsFigureTest(PlotTestCase):
    def result(self, axes, points, names, fields=("u",)):
        """A run without a grid reference, with test points."""
        path = self.dir / "run.h5"
        with h5py.File(path, "w") as f:
            write_run(f, axes, reference=False)
            write_test_points(f, points, names, fields)
        return path

    def test_one_input_without_a_grid_reference(self):
        points = np.linspace(0, 1, 30)[:, None][::-1]  # not in order: drawn sorted
        out = self.dir / "figures"
        done = self.plot_ok(self.result({"x": line(50)}, points, ["x"]), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_test_points.png",
                                      "run_loss.png", "run_slopes.png"])

    def test_two_inputs_with_a_hole_and_an_x_t_scatter(self):
        out = self.dir / "figures"
        for names in (["x", "y"], ["x", "t"]):
            with self.subTest(names=names):
                axes = {n: line(20) for n in names}
                done = self.plot_ok(self.result(axes, disk_with_a_hole(), names), "--out", out)
                self.assert_wrote(done, out, ["run_solution.png", "run_test_points.png",
                                              "run_loss.png", "run_slopes.png"])

    def test_three_inputs_and_several_fields(self):
        rng = np.random.default_rng(1)
        out = self.dir / "figures"
        result = self.result({"x": line(9), "y": line(9), "z": line(9)},
                             rng.uniform(size=(200, 3)), ["x", "y", "z"], fields=("u", "v"))
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_test_points.png",
                                      "run_loss.png", "run_slopes.png"])

    def test_the_error_against_time_where_the_points_hold_times(self):
        # An x-t grid of points with /test_points/by_time: the figure's lines are the
        # stored errors; a table of the wrong length is bad input.
        x, t = np.meshgrid(np.linspace(0, 1, 6), np.linspace(0, 1, 5), indexing="ij")
        points = np.column_stack([x.ravel(), t.ravel()])
        result = self.result({"x": line(20), "t": line(20)}, points, ["x", "t"])
        rel_l2 = np.array([1e-3, 1e-2, 0.1, 0.5, 0.9])
        with h5py.File(result, "a") as f:
            by_time = f["test_points"].create_group("by_time")
            by_time["t"] = np.linspace(0, 1, 5)
            by_time["rel_l2_u"] = rel_l2
            by_time["max_abs_error_u"] = 2 * rel_l2
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_test_points.png",
                                      "run_error_in_time.png", "run_loss.png",
                                      "run_slopes.png"])
        with h5py.File(result) as f:
            errors = read.read_error_in_time(f)
        fig = error_in_time.plot_error_in_time(errors, "title")
        np.testing.assert_array_equal(fig.axes[0].lines[0].get_ydata(), rel_l2)
        np.testing.assert_array_equal(fig.axes[1].lines[0].get_ydata(), 2 * rel_l2)
        self.assertEqual(fig.axes[0].get_yscale(), "log")
        with h5py.File(result, "a") as f:
            del f["test_points/by_time/max_abs_error_u"]
            f["test_points/by_time/max_abs_error_u"] = rel_l2[:3]
        self.assert_bad_input(self.plot(result), "not one per time (5)")

    def test_a_field_without_its_exact_values_is_bad_input(self):
        result = self.result({"x": line(10)}, np.linspace(0, 1, 5)[:, None], ["x"])
        with h5py.File(result, "a") as f:
            del f["test_points/u_exact"]
        self.assert_bad_input(self.plot(result), "missing /test_points/u_exact")


class TestPointsPartsTest(unittest.TestCase):
    def test_the_triangulation_leaves_the_hole_empty(self):
        points = disk_with_a_hole()
        tri = test_points.triangulation(points[:, 0], points[:, 1])
        kept = tri.triangles[~tri.mask]
        centres = points[kept].mean(axis=1)
        self.assertFalse(np.any(np.hypot(centres[:, 0], centres[:, 1]) < 0.45))
        # Delaunay alone would fill it; the grid's own cells all stay.
        self.assertTrue(tri.mask.any())
        self.assertGreater(len(kept), 2 * 0.7 * len(points))

    def test_the_grid_mask_empties_a_hole_too_small_for_the_edge_rule(self):
        # A hole less than four spacings across: Delaunay's triangles over it are no
        # longer than the rule allows, and only the run's grid mask finds them outside.
        axis = np.linspace(-1, 1, 41)
        x, y = (a.ravel() for a in np.meshgrid(axis, axis, indexing="ij"))
        keep = np.hypot(x, y) > 0.07
        x, y = x[keep], y[keep]
        grid = np.linspace(-1, 1, 201)
        gx, gy = np.meshgrid(grid, grid, indexing="ij")
        solution = read.Solution(["x", "y"], [grid, grid], [], inside=np.hypot(gx, gy) >= 0.07)

        def centres_in_hole(tri):
            kept = tri.triangles[~tri.mask] if tri.mask is not None else tri.triangles
            centres = np.stack([x[kept].mean(axis=1), y[kept].mean(axis=1)], axis=1)
            # Well inside the hole: the mask is judged at the nearest grid node.
            return int(np.sum(np.hypot(centres[:, 0], centres[:, 1]) < 0.06))

        self.assertGreater(centres_in_hole(test_points.triangulation(x, y)), 0)
        outside = test_points.outside_test(solution, ["x", "y"])
        self.assertEqual(centres_in_hole(test_points.triangulation(x, y, outside)), 0)
        # Other inputs than the grid's, or no mask: no test.
        self.assertIsNone(test_points.outside_test(solution, ["x", "t"]))
        self.assertIsNone(test_points.outside_test(read.Solution(["x", "y"], [grid, grid], []),
                                                   ["x", "y"]))

    def test_collinear_points_and_x_t_are_drawn_as_dots(self):
        self.assertIsNone(test_points.triangulation(np.linspace(0, 1, 5), np.zeros(5)))
        points = disk_with_a_hole(9)
        field = read.Field("u", points[:, 0], points[:, 0], np.zeros(len(points)))
        for names, kind in ((["x", "t"], mcollections.PathCollection),
                            (["x", "y"], mcollections.TriMesh)):
            with self.subTest(names=names):
                fig = test_points.plot_test_points(
                    read.TestPoints(names, points, [field], "ref.dat", 0), "title")
                self.assertIsInstance(fig.axes[0].collections[0], kind)

    def test_the_error_a_run_is_judged_by(self):
        with h5py.File("judged.h5", "w", driver="core", backing_store=False) as f:
            f.create_group("metrics").attrs["rel_l2"] = 0.5
            self.assertEqual(read.final_rel_l2(f), 0.5)
            self.assertFalse(read.error_is_at_test_points(f))
            f["metrics"].attrs["test_rel_l2"] = 0.25
            self.assertEqual(read.final_rel_l2(f), 0.25)
            self.assertTrue(read.error_is_at_test_points(f))


class RealTestPointsResultTest(PlotTestCase):
    def test_plots_the_result_of_a_run_with_test_points(self):
        binary = os.environ.get("PINN_TEST_POINTS_BIN", "")
        if not binary or not Path(binary).is_file():
            self.skipTest("PINN_TEST_POINTS_BIN is not set or not built")
        keep = self.dir / "run"
        done = subprocess.run(
            [binary, "--gtest_filter=TestPointsRun.WithoutAGridReference"],
            capture_output=True, text=True, timeout=300,
            env=dict(os.environ, PINN_TEST_POINTS_KEEP=str(keep)))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        result = keep / "test_points_run.h5"
        with h5py.File(result) as f:
            self.assertEqual(int(f["metrics"].attrs["test_point_count"]), 9)
            self.assertTrue(np.isnan(f["metrics"].attrs["rel_l2"]))
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["test_points_run_solution.png",
                                      "test_points_run_test_points.png",
                                      "test_points_run_loss.png"])
        self.assertIn("fixed activation", done.stderr)


if __name__ == "__main__":
    unittest.main()
