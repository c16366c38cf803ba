"""Tests of tools/plot.py's options for papers: file formats and resolution, titles
without run status, variant labels (readable defaults and a labels file), slope panels
on one y axis, the study figure of the slopes and the tidied study table.

Run with Debian's Python 3 (h5py, matplotlib, numpy):
    /usr/bin/python3 -m unittest -v test_plot_paper      (from tests/tools)
"""

import os
import subprocess
import sys
import unittest

import h5py
import numpy as np
from matplotlib.collections import PolyCollection

from test_plot import (PNG_MAGIC, PLOT, VARIANTS, PlotTestCase, line, png_size,
                       write_study)

sys.path.insert(0, str(PLOT.parent))
from pinnplot import labels, read, slopes, study, study_slopes, study_table  # noqa: E402

MAGIC = {"png": (PNG_MAGIC,), "pdf": (b"%PDF",), "svg": (b"<?xml", b"<svg")}
STATUS_WORDS = ("completed", "interrupted", "diverged", "incomplete")


def layer_slopes(records, layers, neurons):
    """Layer k's slopes drift to 1 + k: the layers' ranges differ."""
    ramp = np.linspace(0, 1, records)[:, None]
    return [1 + k * ramp + 0.1 * ramp * np.arange(neurons) for k in range(layers)]


class FormatTest(PlotTestCase):
    def test_each_format_writes_files_of_that_type(self):
        result = self.run_file({"x": line(50)})
        for fmt, magic in MAGIC.items():
            with self.subTest(format=fmt):
                out = self.dir / fmt
                done = self.plot_ok(result, "--out", out, "--format", fmt)
                names = [f"run_{what}.{fmt}" for what in ("solution", "loss", "slopes")]
                self.assert_wrote(done, out, names)
                for name in names:
                    head = (out / name).read_bytes()[:16]
                    self.assertTrue(head.startswith(magic), f"{name} starts {head!r}")

    def test_study_figures_in_svg(self):
        result = self.dir / "study.h5"
        write_study(result)
        out = self.dir / "svg"
        done = self.plot_ok(result, "--out", out, "--format", "svg")
        self.assert_wrote(done, out, ["study_loss.svg", "study_rel_l2.svg",
                                      "study_rel_l2_time.svg", "study_slopes.svg",
                                      "study_summary.md"])

    def test_default_dpi_is_300_and_dpi_reaches_the_png(self):
        result = self.run_file({"x": line(50)}, fixed_slopes=True)
        default, low = self.dir / "default", self.dir / "low"
        # Without --dpi: plot() would add one.
        done = subprocess.run([sys.executable, str(PLOT), str(result), "--out", str(default)],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, MPLCONFIGDIR=str(self.dir / "mplconfig")))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.plot_ok(result, "--out", low, "--dpi", "100")
        high_size, low_size = png_size(default / "run_loss.png"), png_size(low / "run_loss.png")
        for k in range(2):
            self.assertAlmostEqual(high_size[k] / low_size[k], 3, delta=0.05)

    def test_default_dpi_without_the_option(self):
        from pinnplot import cli, style
        self.assertEqual(cli.parse_arguments(["r.h5"]).dpi, style.DEFAULT_DPI)
        self.assertEqual(style.DEFAULT_DPI, 300)
        self.assertEqual(cli.parse_arguments(["r.h5"]).format, "png")

    def test_bad_dpi_and_format(self):
        result = self.run_file({"x": line(20)})
        for option, value in (("--dpi", "0"), ("--dpi", "-5"), ("--dpi", "1.5"),
                              ("--format", "jpg")):
            with self.subTest(value=value):
                self.assert_bad_input(self.plot(result, option, value), option)


class TitleTest(PlotTestCase):
    def svg_text(self, path):
        return path.read_text(encoding="utf-8")

    def test_run_titles_carry_no_status(self):
        result = self.run_file({"x": line(50)}, status="interrupted")
        out = self.dir / "svg"
        done = self.plot_ok(result, "--out", out, "--format", "svg")
        self.assertIn("status 'interrupted'", done.stderr)
        for path in out.iterdir():
            content = self.svg_text(path)
            self.assertIn("poisson", content)  # text is kept as text, so this can fail
            for word in STATUS_WORDS:
                self.assertNotIn(word, content, path.name)

    def test_study_titles_carry_no_status(self):
        result = self.dir / "study.h5"
        write_study(result, status="interrupted")
        out = self.dir / "svg"
        done = self.plot_ok(result, "--out", out, "--format", "svg")
        self.assertIn("study status 'interrupted'", done.stderr)
        for path in out.glob("*.svg"):
            content = self.svg_text(path)
            self.assertIn("study of poisson", content)
            for word in STATUS_WORDS:
                self.assertNotIn(word, content, path.name)
            self.assertNotIn("6/6 runs", content)


class LabelsTest(PlotTestCase):
    def setUp(self):
        super().setUp()
        self.result = self.dir / "study.h5"
        write_study(self.result)

    def legend_texts(self, given):
        with h5py.File(self.result, "r") as f:
            fig = study.plot_study_metric(f, ("loss",), "loss", "title", given)
            return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]

    def test_default_labels_are_readable(self):
        for key, label in (("mode=neuron,scale=10", "neuron, n = 10"),
                           ("mode=layer,scale=10,slope_recovery=1",
                            "layer, n = 10, slope recovery"),
                           ("mode=layer,slope_recovery=0", "layer, no slope recovery"),
                           ("optimizer=bfgs,loss_transform=log", "bfgs, loss transform = log"),
                           ("phases.1.optimizer=lbfgs", "lbfgs"),
                           ("sizes=[20,20],mode=fixed", "sizes = [20,20], fixed"),
                           ("base", "base")):
            with self.subTest(key=key):
                self.assertEqual(labels.default_label(key), label)
        texts = self.legend_texts({})
        self.assertEqual([t.split(" (")[0] for t in texts],
                         ["fixed", "global, n = 5", "neuron, n = 10"])

    def test_labels_file_applies(self):
        path = self.dir / "labels.txt"
        path.write_text("# legend text of the variants\n\nmode=fixed: fixed tanh\n"
                        "mode=neuron,scale=10: \"neuron-wise: $n = 10$\"\n")
        given = labels.read_labels(path)
        self.assertEqual(given, {"mode=fixed": "fixed tanh",
                                 "mode=neuron,scale=10": "neuron-wise: $n = 10$"})
        texts = self.legend_texts(given)
        self.assertEqual([t.split(" (")[0] for t in texts],
                         ["fixed tanh", "global, n = 5", "neuron-wise: $n = 10$"])
        out = self.dir / "svg"
        done = self.plot_ok(self.result, "--out", out, "--format", "svg", "--labels", path)
        self.assertIn("fixed tanh", (out / "study_loss.svg").read_text(encoding="utf-8"))
        self.assertNotIn("labels for variants", done.stderr)

    def test_labels_of_unknown_variants_are_noted(self):
        path = self.dir / "labels.txt"
        path.write_text("mode=local: local\n")
        done = self.plot_ok(self.result, "--out", self.dir / "out", "--labels", path)
        self.assertIn("labels for variants this study does not have: mode=local", done.stderr)

    def test_bad_labels_file_names_file_and_line(self):
        path = self.dir / "labels.txt"
        for content, line_number, fragment in (
                ("mode=fixed: fixed\nmode=global no separator\n", 2, "expected 'VARIANT: "),
                ("# c\nmode=fixed: a\nmode=fixed: b\n", 3, "already labelled on line 2"),
                ("mode=fixed:\n", 1, "no legend text"),
                (": text\n", 1, "no variant")):
            with self.subTest(content=content):
                path.write_text(content)
                done = self.plot(self.result, "--out", self.dir / "out", "--labels", path)
                self.assert_bad_input(done, f"{path}:{line_number}: ")
                self.assertIn(fragment, done.stderr)
        self.assert_bad_input(self.plot(self.result, "--labels", self.dir / "absent.txt"),
                              "no such labels file")


class SlopePanelsTest(unittest.TestCase):
    def test_panels_share_y_limits_and_count_layers_from_1(self):
        history = read.History(np.arange(12) * 10, ["adam"] * 12, {}, np.full(12, np.nan))
        for neurons in (1, 5):
            with self.subTest(neurons=neurons):
                fig = slopes.plot_slopes(history, layer_slopes(12, 5, neurons), "t")
                visible = [ax for ax in fig.axes if ax.get_visible()]
                self.assertEqual(len(visible), 5)
                limits = {ax.get_ylim() for ax in visible}
                self.assertEqual(len(limits), 1, limits)
                low, high = limits.pop()
                self.assertLessEqual(low, 1.0)
                self.assertGreaterEqual(high, 5.0)  # layer 5 reaches 1 + 4 (+ neurons)
                titles = [ax.get_title().split(" (")[0] for ax in visible]
                self.assertEqual(titles, [f"layer {k}" for k in range(1, 6)])

    def test_signed_neuron_slopes_show_their_mean_magnitude(self):
        """Slopes drawn with either sign (network.adaptive.init) would cancel in a signed
        mean: the layer's bold line is the mean of |n·a|."""
        history = read.History(np.arange(4), ["adam"] * 4, {}, np.full(4, np.nan))
        signed = np.array([[-3.0, 1.0, 2.0], [-2.0, 0.0, 2.0], [-1.0, -1.0, 2.0],
                           [0.0, -2.0, 2.0]])
        fig = slopes.plot_slopes(history, [signed], "t")
        mean_line = next(drawn for drawn in fig.axes[0].get_lines()
                         if drawn.get_label() == "layer mean |n·a|")
        np.testing.assert_allclose(mean_line.get_ydata(), [2.0, 4 / 3, 4 / 3, 4 / 3])
        np.testing.assert_allclose(study_slopes.layer_mean(signed), [2.0, 4 / 3, 4 / 3, 4 / 3])
        # One slope per layer keeps its sign.
        np.testing.assert_array_equal(study_slopes.layer_mean(signed[:, :1]), signed[:, 0])


class StudySlopesTest(PlotTestCase):
    def test_one_band_per_adaptive_variant_in_each_layer(self):
        result = self.dir / "study.h5"
        write_study(result)
        with h5py.File(result, "r") as f:
            fig, fixed = study_slopes.plot_study_slopes(f, "t", {"mode=fixed": "fixed tanh"})
        self.assertEqual(fixed, ["mode=fixed"])
        visible = [ax for ax in fig.axes if ax.get_visible()]
        self.assertEqual([ax.get_title() for ax in visible], ["layer 1", "layer 2", "layer 3"])
        self.assertEqual(len({ax.get_ylim() for ax in visible}), 1)
        for ax in visible:
            bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
            self.assertEqual(len(bands), 2, ax.get_title())
        legend = next(ax.get_legend() for ax in visible if ax.get_legend())
        self.assertEqual([t.get_text() for t in legend.get_texts()],
                         ["global, n = 5 (2 seeds)", "neuron, n = 10 (2 seeds)"])
        self.assertIn("fixed tanh", legend.get_title().get_text())

    def test_band_spans_the_seeds(self):
        result = self.dir / "study.h5"
        write_study(result)
        with h5py.File(result, "a") as f:
            f["runs/mode=global,scale=5/seed_2/activations/slopes_0"][:] = 2.0
            iteration, curves = study_slopes.layer_curves(f["runs/mode=global,scale=5"])
            self.assertEqual(study_slopes.layer_curves(f["runs/mode=fixed"]), "fixed")
            neuron_iteration, neuron_curves = study_slopes.layer_curves(
                f["runs/mode=neuron,scale=10"])
            layer_1 = f["runs/mode=neuron,scale=10/seed_1/activations/slopes_1"][()]
        np.testing.assert_array_equal(iteration, np.arange(12) * 10)
        np.testing.assert_array_equal(curves[0][1], np.full(12, 2.0))
        self.assertEqual(len(neuron_iteration), 8)  # the seeds' common records
        np.testing.assert_allclose(neuron_curves[1][0], layer_1[:8].mean(axis=1))

    def test_study_without_adaptive_variants_skips_the_figure(self):
        result = self.dir / "study.h5"
        write_study(result)
        with h5py.File(result, "a") as f:
            for name in VARIANTS[1:]:
                del f[f"runs/{name}"]
        done = self.plot_ok(result, "--out", self.dir / "out")
        self.assertFalse((self.dir / "out" / "study_slopes.png").exists())
        self.assertIn("no variant has adaptive slopes", done.stderr)


class StudyTableTest(unittest.TestCase):
    TABLE = ("| variant | runs | loss < 1e-01: iter. / s (runs) | loss < 1e-05: iter. / s (runs) "
             "| wall time (s) | final slopes n·a per layer |\n"
             "|---|---:|---:|---:|---:|---|\n"
             "| mode=fixed | 2 | 40 / 0.4 (2/2) | never (0/2) | 1.0 | 1.00, 1.00 |\n"
             "| mode=layer | 2 | 30 / 0.3 (2/2) | never (0/2) | 1.0 | 1.20, 0.90 |\n")

    def test_unreached_columns_dropped_and_fixed_slopes_dashed(self):
        tidy = study_table.tidy_table(self.TABLE, {"mode=fixed"})
        self.assertEqual(tidy, (
            "| variant | runs | loss < 1e-01: iter. / s (runs) | wall time (s) "
            "| final slopes n·a per layer |\n|---|---:|---:|---:|---|\n"
            "| mode=fixed | 2 | 40 / 0.4 (2/2) | 1.0 | - |\n"
            "| mode=layer | 2 | 30 / 0.3 (2/2) | 1.0 | 1.20, 0.90 |\n"))

    def test_only_fixed_variants_lose_the_slopes_column(self):
        tidy = study_table.tidy_table(self.TABLE, {"mode=fixed", "mode=layer"})
        self.assertNotIn("final slopes", tidy)
        self.assertTrue(tidy.splitlines()[-1].endswith("| 30 / 0.3 (2/2) | 1.0 |"), tidy)

    def test_a_tidy_table_is_left_as_it_is(self):
        tidy = study_table.tidy_table(self.TABLE, {"mode=fixed"})
        self.assertEqual(study_table.tidy_table(tidy, {"mode=fixed"}), tidy)
        self.assertEqual(study_table.tidy_table("no table\n", set()), "no table\n")


if __name__ == "__main__":
    unittest.main()
