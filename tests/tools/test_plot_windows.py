"""Results of runs trained in time windows (training.windows) read by the tools: plot.py
draws the stitched solution and the history across the windows, tools/pinn_model.py and
`pinn eval` evaluate each point by its window's network, and `pinn check` refuses bad
windows with exit status 2 at their key.

Run with Debian's Python 3 (h5py, matplotlib, numpy), with PINN_EXECUTABLE set to the
pinn binary:
    PINN_EXECUTABLE=../../build/pinn /usr/bin/python3 -m unittest -v test_plot_windows
"""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

TOOLS = Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))
import pinn_model  # noqa: E402
from pinnplot import read  # noqa: E402

HEAT = """problem:
  name: heat
  inputs: {x: [0, 1], t: [0, 1]}
  time: t
  equations: [u_t - 0.1*u_xx]
  conditions:
    initial: {on: initial, equation: u - sin(pi*x)}
    walls: {on: [x_min, x_max], equation: u}
  reference: {exact: {u: sin(pi*x)*exp(-0.1*pi^2*t)}}
network: {hidden: [8, 8]}
sampling: {residual: {points: 100}, initial: {points: 20}, walls: {points: 20}}
training:
  threads: 1
  log_every: 5
  phases: [{optimizer: adam, iterations: 20, lr: 0.01}, {optimizer: lbfgs, iterations: 10}]
  windows: WINDOWS
output: {grid: {x: 11, t: 21}}
"""


class WindowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.executable = os.environ.get("PINN_EXECUTABLE", "")
        if not cls.executable or not Path(cls.executable).is_file():
            raise unittest.SkipTest("PINN_EXECUTABLE is not set or not built")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.config = cls.dir / "heat.yaml"
        cls.config.write_text(HEAT.replace("WINDOWS", "{edges: [0, 0.3, 1]}"))
        cls.result = cls.dir / "heat.h5"
        trained = subprocess.run([cls.executable, "train", str(cls.config),
                                  f"output.file={cls.result}"],
                                 capture_output=True, text=True, timeout=300)
        assert trained.returncode == 0, trained.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def grid_points(self, file):
        x, t = file["solution/x"][()], file["solution/t"][()]
        X, T = np.meshgrid(x, t, indexing="ij")
        return np.stack([X.ravel(), T.ravel()], axis=1)

    def test_plot_draws_the_stitched_solution_and_the_history_across_windows(self):
        out = self.dir / "figures"
        done = subprocess.run([sys.executable, str(TOOLS / "plot.py"), str(self.result),
                               "--out", str(out), "--dpi", "60"],
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        for name in ("heat_solution.png", "heat_loss.png"):
            self.assertGreater((out / name).stat().st_size, 1000, name)
        with h5py.File(self.result) as f:
            history = read.read_history(f)
        # Two windows of 30 iterations: records 0..30, then 30..60.
        self.assertEqual(list(history.window), [0] * 7 + [1] * 7)
        self.assertEqual(list(history.iteration), list(range(0, 31, 5)) + list(range(30, 61, 5)))

    def test_layout_and_pinn_model_reproduce_the_solution(self):
        with h5py.File(self.result) as f:
            network = f["network"]
            np.testing.assert_array_equal(network.attrs["window_edges"], [0, 0.3, 1])
            self.assertEqual(network.attrs["window_time"], "t")
            self.assertEqual(list(network.attrs["input_lo"]), [0, 0.3])  # the last window's
            np.testing.assert_array_equal(network["window_0"].attrs["input_hi"], [1, 0.3])
            np.testing.assert_array_equal(network["window_1"].attrs["input_lo"], [0, 0.3])
            self.assertEqual(network["window_1"].attrs["first_iteration"], 30)
            points = self.grid_points(f)
            u = f["solution/u"][()].ravel()
        model = pinn_model.load(self.result)
        self.assertIsInstance(model, pinn_model.WindowedModel)
        np.testing.assert_allclose(model(points)[:, 0], u, rtol=0, atol=1e-13)
        # The later window holds t = 0.3; the earlier one alone would differ there.
        on_edge = points[np.isclose(points[:, 1], 0.3)]
        np.testing.assert_array_equal(model(on_edge), model.windows[1](on_edge))
        self.assertGreater(np.abs(model.windows[0](on_edge) - model(on_edge)).max(), 0)

    def test_pinn_eval_uses_each_points_window(self):
        points = np.array([[0.5, 0.1], [0.5, 0.3], [0.25, 0.9], [0.5, 0.2]])
        table = self.dir / "points.txt"
        np.savetxt(table, points, header="x t", comments="")
        done = subprocess.run([self.executable, "eval", str(self.result), str(table),
                               "-d", "u_t"], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "")  # every point inside the windows' span
        values = np.loadtxt(done.stdout.splitlines()[1:])
        model = pinn_model.load(self.result)
        np.testing.assert_allclose(values[:, 2], model(points)[:, 0], rtol=0, atol=1e-13)
        np.testing.assert_allclose(values[:, 3], model.derivative(points, "u_t"), rtol=1e-10,
                                   atol=1e-12)

    def test_bad_windows_exit_2_at_their_key(self):
        for windows, text in (("{count: 0}", "key 'training.windows.count'"),
                              ("{edges: [0, 0.5, 0.9]}",
                               "windows that do not cover the time interval")):
            config = self.dir / "bad.yaml"
            config.write_text(HEAT.replace("WINDOWS", windows))
            done = subprocess.run([self.executable, "check", str(config)],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn(f"{config}:16:", done.stderr)  # the windows line
            self.assertIn(text, done.stderr)


if __name__ == "__main__":
    unittest.main()
