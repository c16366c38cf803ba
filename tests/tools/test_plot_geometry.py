"""Tests of tools/plot.py on results of domains with a shape: /solution/inside blanks the
nodes outside in every solution figure, and /geometry gets <stem>_geometry.png (2-D and
3-D synthetic files in the README's layout); with PINN_SHAPE_OUTPUT_BIN set (the
test_core executable), the result of a short run through pinn's run path.

Run with Debian's Python 3 (h5py, matplotlib, numpy):
    /usr/bin/python3 -m unittest -v test_plot_geometry      (from tests/tools)
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
import matplotlib.quiver as mquiver  # noqa: E402

from test_plot import PlotTestCase, line, write_run  # noqa: E402
from pinnplot import geometry, read, solution  # noqa: E402


def square_with_a_hole(group, n=21):
    """Masks /solution of [0, 1]^2 (n x n) to outside the disk of radius 0.25 about the
    centre; the stored fields keep finite values there, which the figures must not show.
    Returns the mask."""
    x, y = np.meshgrid(line(n), line(n), indexing="ij")
    inside = np.hypot(x - 0.5, y - 0.5) >= 0.25
    group["solution/inside"] = inside.astype(np.uint8)
    return inside


def write_geometry(group, dim=2, count=400):
    """/geometry of the unit square (cube) minus a disk (ball) of radius 0.25 about its
    centre: parts "outer" and "hole"."""
    rng = np.random.default_rng(3)
    interior = rng.uniform(size=(4 * count, dim))
    interior = interior[np.linalg.norm(interior - 0.5, axis=1) > 0.25][:count]
    on_hole = rng.normal(size=(count // 2, dim))
    on_hole /= np.linalg.norm(on_hole, axis=1)[:, None]
    outer = rng.uniform(size=(count - count // 2, dim))
    axis = rng.integers(0, dim, len(outer))
    side = rng.integers(0, 2, len(outer))
    outer[np.arange(len(outer)), axis] = side
    outer_normals = np.zeros_like(outer)
    outer_normals[np.arange(len(outer)), axis] = 2.0 * side - 1
    g = group.create_group("geometry")
    g["interior_points"] = interior
    g["boundary_points"] = np.vstack([outer, 0.5 + 0.25 * on_hole])
    g["boundary_normals"] = np.vstack([outer_normals, -on_hole])
    g["boundary_part"] = np.repeat(np.arange(2, dtype=np.int64), [len(outer), len(on_hole)])
    names = ["x", "y", "z"][:dim]
    g.attrs.update({"inputs": ",".join(names), "parts": "outer,hole",
                    "description": "box 'outer': [0, 1]^d\nminus ball 'hole': r = 0.25"})


class GeometryFigureTest(PlotTestCase):
    def result(self, axes, dim=2):
        path = self.dir / "run.h5"
        with h5py.File(path, "w") as f:
            write_run(f, axes)
            if dim == 2:
                square_with_a_hole(f, len(next(iter(axes.values()))))
            write_geometry(f, dim)
        return path

    def test_a_shape_domain_writes_the_geometry_figure_beside_the_others(self):
        out = self.dir / "figures"
        done = self.plot_ok(self.result({"x": line(21), "y": line(21)}), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_geometry.png", "run_loss.png",
                                      "run_slopes.png"])

    def test_three_spatial_inputs_are_a_3d_scatter(self):
        out = self.dir / "figures"
        axes = {"x": line(9), "y": line(9), "z": line(9)}
        done = self.plot_ok(self.result(axes, dim=3), "--out", out)
        self.assert_wrote(done, out, ["run_solution.png", "run_geometry.png", "run_loss.png",
                                      "run_slopes.png"])

    def test_a_box_domain_writes_no_geometry_figure(self):
        path = self.dir / "run.h5"
        with h5py.File(path, "w") as f:
            write_run(f, {"x": line(21), "y": line(21)})
        out = self.dir / "figures"
        done = self.plot_ok(path, "--out", out)
        self.assertFalse((out / "run_geometry.png").exists(), done.stdout)

    def test_a_geometry_without_its_normals_is_bad_input(self):
        path = self.result({"x": line(21), "y": line(21)})
        with h5py.File(path, "a") as f:
            del f["geometry/boundary_normals"]
        self.assert_bad_input(self.plot(path), "missing /geometry/boundary_normals")


class GeometryPartsTest(unittest.TestCase):
    def file(self):
        f = h5py.File("shape.h5", "w", driver="core", backing_store=False)
        write_run(f, {"x": line(21), "y": line(21)})
        self.inside = square_with_a_hole(f)
        write_geometry(f)
        return f

    def test_nodes_outside_are_blank_in_the_heat_maps(self):
        with self.file() as f:
            s = read.read_solution(f)
        field = s.fields[0]
        for values in (field.values, field.exact, field.error):
            self.assertTrue(np.all(np.isnan(values[~self.inside])))
            self.assertTrue(np.all(np.isfinite(values[self.inside])))
        fig = solution.plot_heat_maps(s, "title")
        # The panels u, u_exact and the error come first, their colour bars after.
        meshes = [ax.collections[0] for ax in fig.axes[:3]]
        for mesh in meshes:
            self.assertIsInstance(mesh, mcollections.QuadMesh)
            mask = np.ma.getmaskarray(mesh.get_array()).reshape(21, 21)
            np.testing.assert_array_equal(mask, ~self.inside.T)

    def test_the_figure_colours_each_part_and_draws_every_40th_normal(self):
        with self.file() as f:
            g = read.read_geometry(f)
        self.assertEqual(g.parts, ["outer", "hole"])
        self.assertEqual(len(g.description), 2)
        fig = geometry.plot_geometry(g, "title")
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        self.assertEqual(labels, ["interior (sample)", "outer", "hole", "outward normal"])
        scatters = [c for c in ax.collections if isinstance(c, mcollections.PathCollection)]
        self.assertEqual([len(c.get_offsets()) for c in scatters[1:]], [200, 200])
        self.assertNotEqual(tuple(scatters[1].get_facecolor()[0]),
                            tuple(scatters[2].get_facecolor()[0]))
        arrows = [c for c in ax.collections if isinstance(c, mquiver.Quiver)]
        self.assertEqual(len(arrows), 1)
        self.assertEqual(arrows[0].N, len(range(0, 400, geometry.NORMAL_EVERY)))
        self.assertEqual(ax.get_aspect(), 1.0)


class RealShapeResultTest(PlotTestCase):
    def test_plots_the_result_of_a_run_on_a_holed_square(self):
        binary = os.environ.get("PINN_SHAPE_OUTPUT_BIN", "")
        if not binary or not Path(binary).is_file():
            self.skipTest("PINN_SHAPE_OUTPUT_BIN is not set or not built")
        keep = self.dir / "run"
        keep.mkdir()
        done = subprocess.run(
            [binary, "--gtest_filter=ShapeOutput.ARunWritesMaskCellsAndGeometry"],
            capture_output=True, text=True, timeout=300,
            env=dict(os.environ, PINN_SHAPE_OUTPUT_KEEP=str(keep)))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        result = keep / "shape_run.h5"
        with h5py.File(result) as f:
            inside = f["solution/inside"][()]
            self.assertEqual(inside.shape, (9, 9, 3))
            self.assertTrue(np.all(np.isnan(f["solution/u"][()][inside == 0])))
            self.assertEqual(f["geometry/boundary_points"].shape, (2000, 2))
        out = self.dir / "figures"
        done = self.plot_ok(result, "--out", out)
        self.assert_wrote(done, out, ["shape_run_solution.png", "shape_run_geometry.png",
                                      "shape_run_loss.png"])


if __name__ == "__main__":
    unittest.main()
