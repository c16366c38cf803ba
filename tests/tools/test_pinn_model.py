"""Tests of tools/pinn_model.py: the network of a result file at arbitrary points.

Run with Debian's Python 3 (h5py, numpy; PyYAML for the older-file fallback):
    /usr/bin/python3 -m unittest -v test_pinn_model      (from tests/tools)
Hand-built network files check values and derivatives against closed forms. With
PINN_EXECUTABLE and PINN_SOURCE_DIR set, tiny float64 `pinn train` runs check that the
model reproduces /solution on its grid for every adaptive mode, a periodic input, several
outputs, non-tanh activations and ten inputs. The torch_module() test runs only where PyTorch is.
"""

import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import unittest
import warnings
from pathlib import Path
from unittest import mock

import h5py
import numpy as np

TOOLS = Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))
import pinn_model  # noqa: E402

HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_YAML = importlib.util.find_spec("yaml") is not None
SMOOTH = ("tanh", "sin", "sigmoid", "softplus", "silu", "gelu", "logsigmoid")


def write_network(path, weights, activation="tanh", mode="fixed", scale=1.0, periodic=(),
                  inputs=("x", "t"), outputs=("u",), lo=(-1.0, 0.0), hi=(2.0, 0.5),
                  attributes=True, config=""):
    """A /network group in the result layout; `weights` maps parameter names to arrays."""
    hidden = [np.shape(weights[f"hidden_{k}.weight"])[0]
              for k in range(sum(n.endswith(".weight") for n in weights) - 1)]
    with h5py.File(path, "w") as f:
        f.attrs["config"] = config
        network = f.create_group("network")
        for name, value in weights.items():
            network[name] = np.asarray(value, np.float64)
        if attributes:
            network.attrs.update({
                "inputs": ",".join(inputs), "outputs": ",".join(outputs),
                "input_lo": np.array(lo), "input_hi": np.array(hi),
                "hidden": np.array(hidden, np.int64), "activation": activation, "mode": mode,
                "scale": float(scale), "periodic": ",".join(periodic)})
    return path


def random_weights(rng, widths, mode="fixed", prelu=False, size=0.7):
    """Parameters of an MLP with layer widths `widths` (features first, outputs last)."""
    w = {}
    for k, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        name = "output" if k == len(widths) - 2 else f"hidden_{k}"
        w[f"{name}.weight"] = rng.normal(0, size, (fan_out, fan_in))
        w[f"{name}.bias"] = rng.normal(0, 0.3, fan_out)
        if name == "output":
            continue
        if mode == "layer":
            w[f"slope_{k}"] = rng.uniform(0.2, 0.4, 1)
        elif mode == "neuron":
            w[f"slope_{k}"] = rng.uniform(0.2, 0.4, fan_out)
        if prelu:
            w[f"prelu_{k}"] = np.array([0.3])
    if mode == "global":
        w["slope"] = np.array([0.3])
    return w


def central(model, points, output, alpha, h):
    """Nested central differences of the model: d^alpha output, error O(h^2); the step
    along each input is h in normalised units (h times half the box's width)."""
    if not any(alpha):
        return model(points)[:, output]
    i = next(j for j, a in enumerate(alpha) if a)
    lower = tuple(a - (j == i) for j, a in enumerate(alpha))
    step = np.zeros(points.shape[1])
    step[i] = h * (model.input_hi[i] - model.input_lo[i]) / 2
    return (central(model, points + step, output, lower, h)
            - central(model, points - step, output, lower, h)) / (2 * step[i])


def richardson(model, points, output, alpha, h):
    """Central differences at h and h/2 combined: error O(h^4)."""
    coarse = central(model, points, output, alpha, h)
    fine = central(model, points, output, alpha, h / 2)
    return (4 * fine - coarse) / 3


def points_in_box(model, seed, count, low, high):
    """`count` random points of the model's box, each coordinate in [low, high] of its
    interval."""
    lo, hi = model.input_lo, model.input_hi
    return lo + (hi - lo) * np.random.default_rng(seed).uniform(low, high, (count, len(lo)))


class Temporary(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()


# ---------------------------------------------------------------- closed forms


class ClosedForm(Temporary):
    """u = sum_j c_j tanh(s_j (w_j . x' + b_j)) + d, x' the normalised inputs."""

    def setUp(self):
        super().setUp()
        rng = np.random.default_rng(7)
        self.W = rng.normal(0, 0.8, (3, 2))
        self.b = rng.normal(0, 0.3, 3)
        self.c = rng.normal(0, 1.0, (1, 3))
        self.d = np.array([0.25])
        self.a = np.array([0.3, 0.45, 0.2])
        self.n = 4.0
        weights = {"hidden_0.weight": self.W, "hidden_0.bias": self.b, "slope_0": self.a,
                   "output.weight": self.c, "output.bias": self.d}
        self.path = write_network(self.dir / "n.h5", weights, mode="neuron", scale=self.n)
        self.points = np.array([[-1.0, 0.0], [0.3, 0.1], [1.7, 0.45], [2.0, 0.5]])

    def test_values_and_derivatives_match_the_hand_derived_formulas(self):
        model = pinn_model.load(self.path)
        kx, kt = 2 / 3, 2 / 0.5  # d x'/dx, d t'/dt on the box [-1, 2] x [0, 0.5]
        xn = (self.points - [0.5, 0.25]) * [kx, kt]
        s = self.n * self.a
        y = (xn @ self.W.T + self.b) * s
        th, sech2 = np.tanh(y), 1 / np.cosh(y) ** 2
        d1, d2 = sech2, -2 * th * sech2
        d3 = 4 * th ** 2 * sech2 - 2 * sech2 ** 2
        d4 = 16 * th * sech2 ** 2 - 8 * th ** 3 * sech2
        gx, gt = s * self.W[:, 0] * kx, s * self.W[:, 1] * kt  # d y_j / dx, d y_j / dt
        c = self.c[0]
        expected = {
            "u_x": (d1 * gx) @ c, "u_t": (d1 * gt) @ c, "u_xx": (d2 * gx ** 2) @ c,
            "u_xt": (d2 * gx * gt) @ c, "u_tx": (d2 * gx * gt) @ c,
            "u_xxx": (d3 * gx ** 3) @ c, "u_xxt": (d3 * gx ** 2 * gt) @ c,
            "u_xxxx": (d4 * gx ** 4) @ c, "u_xtxt": (d4 * gx ** 2 * gt ** 2) @ c,
        }
        np.testing.assert_allclose(model(self.points)[:, 0], th @ c + self.d[0],
                                   rtol=0, atol=1e-12)
        got = model.derivatives(self.points, list(expected))
        self.assertEqual(sorted(got), sorted(expected))
        for spec, value in expected.items():
            scale = max(1.0, np.abs(value).max())
            np.testing.assert_allclose(got[spec], value, rtol=0, atol=1e-12 * scale,
                                       err_msg=spec)
        np.testing.assert_allclose(model.derivative(self.points, "u_xx"), expected["u_xx"],
                                   rtol=0, atol=1e-12 * max(1.0, np.abs(expected["u_xx"]).max()))

    def test_periodic_input_matches_the_hand_derived_formula(self):
        # x periodic: the layer reads cos(pi x'), sin(pi x'), t' (three columns).
        rng = np.random.default_rng(3)
        W, b, c = rng.normal(0, 0.8, (2, 3)), rng.normal(0, 0.3, 2), rng.normal(0, 1, (1, 2))
        weights = {"hidden_0.weight": W, "hidden_0.bias": b, "output.weight": c,
                   "output.bias": np.zeros(1)}
        path = write_network(self.dir / "p.h5", weights, periodic=("x",), lo=(0.0, 0.0),
                             hi=(2.0, 1.0))
        model = pinn_model.load(path)
        x, t = self.points[:, 0] % 2, self.points[:, 1]
        p = np.pi * (x - 1)  # pi x', x' = x - 1 on [0, 2]
        y = np.cos(p)[:, None] * W[:, 0] + np.sin(p)[:, None] * W[:, 1] \
            + (2 * t - 1)[:, None] * W[:, 2] + b
        g = np.pi * (-np.sin(p)[:, None] * W[:, 0] + np.cos(p)[:, None] * W[:, 1])  # dy/dx
        g2 = -np.pi ** 2 * (np.cos(p)[:, None] * W[:, 0] + np.sin(p)[:, None] * W[:, 1])
        th, sech2 = np.tanh(y), 1 / np.cosh(y) ** 2
        pts = np.column_stack([x, t])
        np.testing.assert_allclose(model(pts)[:, 0], th @ c[0], rtol=0, atol=1e-12)
        got = model.derivatives(pts, ["u_x", "u_xx", "u_xt"])
        np.testing.assert_allclose(got["u_x"], (sech2 * g) @ c[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(got["u_xx"], (-2 * th * sech2 * g ** 2 + sech2 * g2) @ c[0],
                                   rtol=0, atol=1e-11)
        np.testing.assert_allclose(got["u_xt"], (-2 * th * sech2 * g * 2 * W[:, 2]) @ c[0],
                                   rtol=0, atol=1e-11)
        # Periodic in x with the box's length as period, derivatives included.
        shifted = pts + [2.0, 0.0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.testing.assert_allclose(model.derivative(shifted, "u_xx"), got["u_xx"],
                                       rtol=0, atol=1e-11)

    @unittest.skipUnless(HAS_YAML, "PyYAML (python3-yaml) is not installed")
    def test_older_file_is_read_from_config_and_solution(self):
        config = ("problem:\n  name: burgers\nnetwork:\n  hidden: [3]\n  activation: tanh\n"
                  "  adaptive:\n    mode: neuron\n    scale: 4\n")
        with h5py.File(self.path, "r") as f:
            weights = {k: f["network"][k][()] for k in f["network"]}
        old = write_network(self.dir / "old.h5", weights, attributes=False, config=config)
        with h5py.File(old, "a") as f:
            solution = f.create_group("solution")
            solution.attrs.update({"axes": "x,t", "outputs": "u,speed", "derived": "speed"})
            solution["x"], solution["t"] = np.linspace(-1, 2, 4), np.linspace(0, 0.5, 3)
        new, older = pinn_model.load(self.path), pinn_model.load(old)
        self.assertEqual((older.inputs, older.outputs), (["x", "t"], ["u"]))
        self.assertEqual((older.mode, older.scale, older.hidden), ("neuron", 4.0, [3]))
        self.assertEqual(older.config, config)
        np.testing.assert_array_equal(older(self.points), new(self.points))
        np.testing.assert_array_equal(older.derivative(self.points, "u_xt"),
                                      new.derivative(self.points, "u_xt"))


# ---------------------------------------------------------------- every activation and mode


class Activations(unittest.TestCase):
    def test_each_derivative_is_the_slope_of_the_one_below(self):
        y = np.array([-2.3, -0.9, -0.2, 0.35, 1.1, 2.7])  # no kinks (0, +-0.5, 6) nearby
        h = 1e-5
        for name, sigma in pinn_model.ACTIVATIONS.items():
            w = 0.3 if name == "prelu" else None
            series = sigma(y, w, 4)
            self.assertEqual(len(series), 5, name)
            up, down = sigma(y + h, w, 4), sigma(y - h, w, 4)
            for m in range(1, 5):
                slope = (up[m - 1] - down[m - 1]) / (2 * h)
                np.testing.assert_allclose(series[m], slope, rtol=0, atol=1e-7,
                                           err_msg=f"{name} derivative {m}")

    def test_values_are_the_activations(self):
        y = np.array([-30.0, -1.5, -0.25, 0.0, 0.7, 3.0, 7.0, 40.0])
        sig = 1 / (1 + np.exp(-y))
        expected = {
            "tanh": np.tanh(y), "sin": np.sin(y), "sigmoid": sig, "relu": np.maximum(y, 0),
            "relu6": np.clip(y, 0, 6), "leaky_relu": np.where(y > 0, y, 0.01 * y),
            "prelu": np.where(y > 0, y, 0.3 * y), "elu": np.where(y > 0, y, np.expm1(y)),
            "celu": np.where(y > 0, y, np.expm1(y)), "softplus": np.log1p(np.exp(y)),
            "silu": y * sig, "logsigmoid": np.log(sig),
            "gelu": y * 0.5 * (1 + np.array([math.erf(v / math.sqrt(2)) for v in y])),
            "softshrink": np.where(np.abs(y) > 0.5, y - 0.5 * np.sign(y), 0),
        }
        self.assertEqual(sorted(expected), sorted(pinn_model.ACTIVATIONS))
        for name, value in expected.items():
            got = pinn_model.ACTIVATIONS[name](y, 0.3 if name == "prelu" else None, 0)
            np.testing.assert_allclose(got[0], value, rtol=1e-14, atol=1e-15, err_msg=name)


class NetworkDerivatives(Temporary):
    """Two hidden layers, two outputs: exact derivatives against Richardson-extrapolated
    central differences of the model, for every activation and adaptive mode."""

    def check(self, activation, mode, periodic):
        rng = np.random.default_rng(11)
        features = 2 + len(periodic)
        weights = random_weights(rng, [features, 5, 4, 2], mode, prelu=activation == "prelu")
        path = write_network(self.dir / f"{activation}_{mode}.h5", weights, activation, mode,
                             scale=3.0, periodic=periodic, outputs=("u", "v"))
        model = pinn_model.load(path)
        points = np.column_stack([rng.uniform(-0.9, 1.9, 5), rng.uniform(0.05, 0.45, 5)])
        orders = ["u_x", "v_t", "u_xx", "v_xt", "u_ttx", "v_xxx", "u_xxtt", "v_tttt"]
        # Differences across elu's kinks (second derivative jumps) or relu's are meaningless.
        smooth = activation in SMOOTH
        got = model.derivatives(points, orders if smooth else orders[:2])
        for spec, value in got.items():
            output, alpha = model.parse(spec)
            # Steps balancing truncation (h^4) against rounding (eps / h^order).
            h = {1: 1e-3, 2: 3e-3, 3: 5e-3, 4: 7e-3}[sum(alpha)]
            reference = richardson(model, points, output, alpha, h)
            scale = max(1.0, np.abs(reference).max())
            np.testing.assert_allclose(value, reference, rtol=0, atol=1e-4 * scale,
                                       err_msg=f"{activation} {mode} {periodic} {spec}")
        if activation in ("relu", "relu6", "leaky_relu", "prelu", "softshrink"):
            np.testing.assert_array_equal(model.derivative(points, "u_xt"), 0)

    def test_every_activation_and_mode(self):
        for activation in sorted(pinn_model.ACTIVATIONS):
            for mode in pinn_model.ADAPTIVE_MODES:
                with self.subTest(activation=activation, mode=mode):
                    self.check(activation, mode, ())
        for activation in ("tanh", "gelu"):
            with self.subTest(activation=activation, periodic="x"):
                self.check(activation, "neuron", ("x",))


# ---------------------------------------------------------------- real pinn results

TINY = ["training.dtype=float64", "training.threads=1", "training.log_every=1",
        "training.phases=[{optimizer: adam, iterations: 4, lr: 0.01}]",
        "sampling.residual.points=64", "network.hidden=[6, 5]"]
# name: (config, overrides): every adaptive mode, periodic inputs, several outputs (with
# a derived field), a 1-D problem, activations other than tanh and ten inputs.
RUNS = {
    "fixed": ("burgers.yaml", ["network.adaptive={mode: fixed, scale: 1}",
                               "output.grid={x: 11, t: 7}"]),
    "global": ("burgers.yaml", ["network.adaptive={mode: global, scale: 10}",
                                "output.grid={x: 11, t: 7}"]),
    "layer": ("burgers.yaml", ["network.adaptive={mode: layer, scale: 10}",
                               "network.activation=sin", "output.grid={x: 11, t: 7}"]),
    "neuron": ("burgers.yaml", ["network.adaptive={mode: neuron, scale: 10}",
                                "output.grid={x: 11, t: 7}"]),
    # Slopes drawn as PINNacle's LAAF draws them: of either sign.
    "neuron_xavier": ("burgers.yaml", ["network.hidden=[6, 6]", "network.adaptive={mode: neuron, "
                                       "scale: 10, init: xavier_uniform, gain: 1.4}",
                                       "output.grid={x: 11, t: 7}"]),
    "schrodinger": ("schrodinger.yaml", ["network.adaptive={mode: neuron, scale: 2}",
                                         "output.grid={x: 12, t: 5}"]),
    "kovasznay": ("kovasznay.yaml", ["network.activation=silu", "output.grid={x: 7, y: 9}"]),
    "poisson_1d": ("poisson_1d.yaml", ["network.activation=gelu", "output.grid={x: 33}"]),
    "regression": ("paper/tutorial_regression_smooth.yaml", [
        "problem.dim=2", "problem.target=sin(3*x)*y", "sampling.data.points=64",
        "network.activation=prelu", "network.adaptive={mode: layer, scale: 3}",
        "output.grid={x: 9, y: 8}"]),
    # Ten inputs x1 .. x10 on the default grid for ten (3 points per axis).
    "regression_10": ("paper/tutorial_regression_smooth.yaml", [
        "problem.dim=10", "problem.target=sin(3*x1)*x10 + x5^2", "sampling.data.points=64",
        "network.adaptive={mode: neuron, scale: 2}", "network.activation=tanh",
        "output.grid=~"]),
    # Input embeddings: Fourier features of x and t with factorised weights; Fourier
    # features of t beside the periodic x's cos and sin.
    "fourier": ("burgers.yaml", ["network.fourier={scale: 1.5, features: 4}",
                                 "network.factorization={}", "output.grid={x: 11, t: 7}"]),
    "fourier_periodic": ("schrodinger.yaml", ["network.fourier={scale: 2, features: 3}",
                                              "network.factorization={mean: 0.5, std: 0.2}",
                                              "output.grid={x: 12, t: 5}"]),
}


def train_all(executable, source_dir, out_dir):
    """Trains every run of RUNS, two at a time; returns name -> result path."""
    results, running = {}, []
    for name, (config, overrides) in RUNS.items():
        result = out_dir / f"{name}.h5"
        overrides = TINY + overrides
        if name.startswith("regression"):  # no residual term there
            overrides = [o for o in overrides if not o.startswith("sampling.residual")]
        command = [executable, "train", str(source_dir / "configs" / config), *overrides,
                   f"output.file={result}", "--force"]
        running.append((name, subprocess.Popen(command, stdout=subprocess.PIPE,
                                               stderr=subprocess.PIPE, text=True)))
        results[name] = result
        if len(running) == 2 or name == list(RUNS)[-1]:
            for run_name, process in running:
                _, err = process.communicate(timeout=300)
                if process.returncode != 0:
                    raise AssertionError(f"pinn train ({run_name}) exited "
                                         f"{process.returncode}: {err}")
            running = []
    return results


def solution_grid(path):
    """Inputs, network outputs and the tensor grid (first axis slowest) of /solution."""
    with h5py.File(path, "r") as f:
        solution = f["solution"]
        inputs = solution.attrs["axes"].split(",")
        derived = [n for n in solution.attrs["derived"].split(",") if n]
        outputs = [n for n in solution.attrs["outputs"].split(",") if n not in derived]
        axes = [solution[name][()] for name in inputs]
        fields = {name: solution[name][()] for name in outputs}
    grid = np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)
    return inputs, outputs, grid, fields


class TrainedResults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        executable = os.environ.get("PINN_EXECUTABLE", "")
        if not executable or not Path(executable).is_file():
            raise unittest.SkipTest("PINN_EXECUTABLE is not set or not built")
        source_dir = Path(os.environ.get("PINN_SOURCE_DIR", TOOLS.parent))
        cls._tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls._tmp.name)
        cls.results = train_all(executable, source_dir, cls.dir)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_the_model_reproduces_the_solution_grid(self):
        for name, path in self.results.items():
            with self.subTest(run=name):
                model = pinn_model.load(path)
                inputs, outputs, grid, fields = solution_grid(path)
                self.assertEqual((model.inputs, model.outputs), (inputs, outputs))
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # the grid lies in the domain
                    values = model(grid)
                self.assertEqual(values.shape, (len(grid), len(outputs)))
                for k, field in enumerate(outputs):
                    expected = fields[field].ravel()
                    scale = max(1.0, np.abs(expected).max())
                    np.testing.assert_allclose(values[:, k], expected, rtol=0,
                                               atol=1e-12 * scale, err_msg=f"{name} {field}")
                with h5py.File(path, "r") as f:
                    self.assertEqual(model.config, f.attrs["config"])

    def test_the_description_matches_the_config(self):
        expected = {"fixed": ("fixed", 1.0, "tanh", []), "global": ("global", 10.0, "tanh", []),
                    "layer": ("layer", 10.0, "sin", []), "neuron": ("neuron", 10.0, "tanh", []),
                    "schrodinger": ("neuron", 2.0, "tanh", ["x"]),
                    "regression": ("layer", 3.0, "prelu", []),
                    "regression_10": ("neuron", 2.0, "tanh", [])}
        for name, (mode, scale, activation, periodic) in expected.items():
            model = pinn_model.load(self.results[name])
            self.assertEqual((model.mode, model.scale, model.activation, model.periodic,
                              model.hidden), (mode, scale, activation, periodic, [6, 5]), name)
        self.assertEqual(pinn_model.load(self.results["kovasznay"]).outputs, ["u", "v", "p"])
        self.assertEqual(pinn_model.load(self.results["schrodinger"]).outputs, ["u", "v"])
        ten = pinn_model.load(self.results["regression_10"])
        self.assertEqual(ten.inputs, [f"x{i}" for i in range(1, 11)])
        np.testing.assert_array_equal(ten.input_lo, np.full(10, -1.0))
        np.testing.assert_array_equal(ten.input_hi, np.full(10, 1.0))

    def test_drawn_slopes_take_either_sign(self):
        with h5py.File(self.results["neuron_xavier"], "r") as f:
            slopes = np.concatenate([f["network"][f"slope_{k}"][()].ravel() for k in range(2)])
        self.assertTrue((slopes < 0).any() and (slopes > 0).any(), slopes)
        self.assertEqual(pinn_model.load(self.results["neuron_xavier"]).mode, "neuron")

    @unittest.skipUnless(HAS_YAML, "PyYAML (python3-yaml) is not installed")
    def test_files_without_the_description_read_the_config(self):
        for name in ("neuron", "neuron_xavier", "schrodinger", "regression", "regression_10"):
            with self.subTest(run=name):
                path = self.results[name]
                stripped = self.dir / f"{name}_older.h5"
                stripped.write_bytes(path.read_bytes())
                with h5py.File(stripped, "a") as f:
                    for key in list(f["network"].attrs):
                        del f["network"].attrs[key]
                _, _, grid, _ = solution_grid(path)
                new, older = pinn_model.load(path), pinn_model.load(stripped)
                self.assertEqual((older.inputs, older.outputs, older.periodic, older.mode),
                                 (new.inputs, new.outputs, new.periodic, new.mode))
                np.testing.assert_array_equal(older.input_lo, new.input_lo)
                np.testing.assert_array_equal(older.input_hi, new.input_hi)
                np.testing.assert_array_equal(older(grid), new(grid))

    def test_derivatives_agree_with_differences_of_the_model(self):
        cases = {"neuron": ["u_x", "u_t", "u_xx", "u_xt", "u_xxx"],
                 "schrodinger": ["u_x", "v_t", "v_xx", "u_xt"],
                 "kovasznay": ["u_x", "v_y", "p_xy", "u_yy"], "poisson_1d": ["u_x", "u_xxxx"],
                 "regression_10": ["u_x1", "u_x10", "u_x1x10", "u_x5x5", "u_x1x2x10"],
                 "fourier": ["u_x", "u_t", "u_xx", "u_xt", "u_xxxt"],
                 "fourier_periodic": ["u_x", "v_t", "u_xt", "v_xxtt"]}
        for name, specs in cases.items():
            with self.subTest(run=name):
                model = pinn_model.load(self.results[name])
                points = points_in_box(model, seed=1, count=6, low=0.1, high=0.9)
                got = model.derivatives(points, specs)
                for spec in specs:
                    output, alpha = model.parse(spec)
                    h = {1: 1e-3, 2: 3e-3, 3: 5e-3, 4: 7e-3}[sum(alpha)]
                    reference = richardson(model, points, output, alpha, h)
                    scale = max(1.0, np.abs(reference).max())
                    np.testing.assert_allclose(got[spec], reference, rtol=0,
                                               atol=1e-4 * scale, err_msg=f"{name} {spec}")

    def test_values_and_derivatives_agree_with_pinn_eval(self):
        """Two implementations, Taylor arithmetic in numpy and nested autograd in LibTorch."""
        cases = {"neuron": ["u_x", "u_xt", "u_xxx"], "neuron_xavier": ["u_x", "u_xt", "u_xxx"],
                 "schrodinger": ["u_xx", "v_t"],
                 "kovasznay": ["p_xy", "u_yy"], "poisson_1d": ["u_xxxx"],
                 "regression": ["u_xy"], "regression_10": ["u_x1x10", "u_x10x10x10", "u_x3"],
                 "fourier": ["u_xx", "u_xttt"], "fourier_periodic": ["u_xxxx", "v_xt"]}
        for name, specs in cases.items():
            with self.subTest(run=name):
                model = pinn_model.load(self.results[name])
                points = points_in_box(model, seed=2, count=20, low=0, high=1)
                points_file = self.dir / f"{name}_points.txt"
                np.savetxt(points_file, points, fmt="%.17g", header=" ".join(model.inputs),
                           comments="")
                table = subprocess.run(
                    [os.environ["PINN_EXECUTABLE"], "eval", str(self.results[name]),
                     str(points_file), "-d", ",".join(specs)],
                    capture_output=True, text=True, check=True).stdout.splitlines()
                self.assertEqual(table[0].split(), model.inputs + model.outputs + specs)
                columns = np.loadtxt(table[1:], ndmin=2).T
                np.testing.assert_array_equal(columns[:len(model.inputs)], points.T)
                values = model(points)
                got = model.derivatives(points, specs)
                expected = [values[:, k] for k in range(len(model.outputs))]
                expected += [got[spec] for spec in specs]
                for label, column, mine in zip(model.outputs + specs,
                                               columns[len(model.inputs):], expected):
                    scale = max(1.0, np.abs(column).max())
                    np.testing.assert_allclose(mine, column, rtol=0, atol=1e-12 * scale,
                                               err_msg=f"{name} {label}")


# ---------------------------------------------------------------- bad input


class BadInput(Temporary):
    def model(self, **kwargs):
        rng = np.random.default_rng(5)
        weights = random_weights(rng, [2, 3, 2])
        return pinn_model.load(write_network(self.dir / "m.h5", weights, outputs=("u", "v"),
                                             **kwargs))

    def test_wrong_column_count_names_the_inputs(self):
        model = self.model()
        for points in (np.zeros((4, 3)), np.zeros(4), np.zeros((2, 2, 2))):
            with self.assertRaisesRegex(ValueError, r"N x 2 array with columns x, t"):
                model(points)
        with self.assertRaisesRegex(ValueError, r"columns x, t; got shape \(4, 1\)"):
            model.derivative(np.zeros((4, 1)), "u_x")

    def test_points_outside_the_domain_warn_with_their_rows(self):
        model = self.model()
        points = np.array([[0.0, 0.1], [2.5, 0.1], [0.0, 0.1], [0.0, -0.2], [2.0, 0.5]]
                          + [[-1.5, 0.2]] * 6)
        with self.assertWarnsRegex(UserWarning, r"8 point\(s\) outside .*x in \[-1, 2\], "
                                   r"t in \[0, 0.5\]\): row\(s\) 1, 3, 5, 6, 7 and 3 more"):
            values = model(points)
        self.assertTrue(np.isfinite(values).all())  # still computed
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the box's faces are inside
            model(np.array([[-1.0, 0.0], [2.0, 0.5]]))
            model.derivative(np.array([[-1.0, 0.0], [2.0, 0.5]]), "v_t")

    def test_bad_derivative_specs_name_outputs_and_inputs(self):
        model = self.model()
        points = np.zeros((1, 2))
        cases = {"w_x": "does not start with an output name",
                 "u_": "order 0; orders 1 to 4",
                 "u_xy": "'xy' is not a sequence of input names", "ux": "does not start",
                 "u_xxtxt": "order 5; orders 1 to 4"}
        for spec, message in cases.items():
            with self.subTest(spec=spec):
                with self.assertRaisesRegex(ValueError, message) as caught:
                    model.derivative(points, spec)
                if "order" not in message:
                    self.assertIn("outputs: u, v; inputs: x, t", str(caught.exception))

    def test_names_are_split_against_the_known_ones(self):
        rng = np.random.default_rng(2)
        weights = random_weights(rng, [2, 3, 2])
        model = pinn_model.load(write_network(self.dir / "names.h5", weights,
                                              inputs=("x", "xy"), outputs=("u", "u_x")))
        # The longest output followed by "_" wins; the rest splits one way only.
        self.assertEqual(model.parse("u_x_xy"), (1, (0, 1)))
        self.assertEqual(model.parse("u_xxy"), (0, (1, 1)))
        self.assertEqual(model.parse("u_x_xyxx"), (1, (2, 1)))
        model = pinn_model.load(write_network(self.dir / "names.h5", weights,
                                              inputs=("x", "xx"), outputs=("u", "u_x")))
        self.assertEqual(model.parse("u_x_x"), (1, (1, 0)))
        with self.assertRaisesRegex(ValueError, "ambiguous: 'xx' splits into input names"):
            model.parse("u_xx")

    def test_files_that_describe_no_network_are_refused(self):
        plain = self.dir / "plain.h5"
        with h5py.File(plain, "w") as f:
            f.attrs["config"] = "network: {}\n"
        with self.assertRaisesRegex(ValueError, "has no /network group: not a pinn training"):
            pinn_model.load(plain)
        rng = np.random.default_rng(4)
        bare = write_network(self.dir / "bare.h5", random_weights(rng, [2, 3, 1]),
                             attributes=False, config="problem: {name: burgers}\n")
        with self.assertRaisesRegex(ValueError, "no description attributes and the network "
                                    "cannot be read from the root attribute 'config'"):
            pinn_model.load(bare)

    def test_outputs_through_a_transform_are_refused(self):
        rng = np.random.default_rng(4)
        path = write_network(self.dir / "transform.h5", random_weights(rng, [2, 3, 1]))
        with h5py.File(path, "a") as f:
            f["network"].attrs["transform"] = "transform: {u: \"x*N_u\"}"
        with self.assertRaisesRegex(ValueError, "pass through problem.transform .* pinn eval"):
            pinn_model.load(path)

    def test_inconsistent_descriptions_are_refused(self):
        rng = np.random.default_rng(4)
        weights = random_weights(rng, [2, 3, 1], mode="layer")
        cases = [({"activation": "swish"}, "activation 'swish' is not one of celu, elu"),
                 ({"mode": "cell"}, "mode 'cell' is not one of fixed, global, layer, neuron"),
                 ({"periodic": ("y",)}, "periodic input\\(s\\) y not among inputs x, t"),
                 ({"mode": "global"}, "parameter slope is missing \\(global mode, tanh\\)"),
                 ({"mode": "layer", "periodic": ("x",)},
                  r"hidden_0.weight has shape \(3, 2\), expected \(3, 3\)")]
        for k, (options, message) in enumerate(cases):
            with self.subTest(options=options):
                path = write_network(self.dir / f"bad{k}.h5", weights, **options)
                with self.assertRaisesRegex(ValueError, message):
                    pinn_model.load(path)
        del weights["output.bias"]
        with self.assertRaisesRegex(ValueError, "parameter output.bias is missing"):
            pinn_model.load(write_network(self.dir / "nobias.h5", weights, mode="layer"))

    def test_torch_module_without_torch_says_what_it_needs(self):
        model = self.model()
        with mock.patch.dict(sys.modules, {"torch": None}):  # import torch fails
            with self.assertRaisesRegex(ImportError, "needs PyTorch"):
                model.torch_module()

    def test_the_model_does_not_import_torch(self):
        self.model()
        script = (f"import sys; sys.path.insert(0, {str(TOOLS)!r}); import pinn_model\n"
                  f"m = pinn_model.load({str(self.dir / 'm.h5')!r})\n"
                  "m([[0.0, 0.1]]); m.derivative([[0.0, 0.1]], 'u_xt')\n"
                  "print('torch' in sys.modules)")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual((done.returncode, done.stdout.strip()), (0, "False"), done.stderr)


@unittest.skipUnless(HAS_TORCH, "PyTorch is not installed (Debian: python3-torch)")
class TorchModule(Temporary):
    def test_module_matches_the_numpy_model(self):
        import torch
        rng = np.random.default_rng(9)
        for activation, mode, periodic in [("tanh", "neuron", ("x",)), ("prelu", "layer", ()),
                                           ("gelu", "global", ()), ("softplus", "fixed", ())]:
            with self.subTest(activation=activation, mode=mode):
                weights = random_weights(rng, [2 + len(periodic), 4, 3, 2], mode,
                                         prelu=activation == "prelu")
                model = pinn_model.load(write_network(
                    self.dir / "t.h5", weights, activation, mode, scale=2.0, periodic=periodic,
                    outputs=("u", "v")))
                net = model.torch_module()
                self.assertIsInstance(net, torch.nn.Module)
                points = np.column_stack([rng.uniform(-1, 2, 6), rng.uniform(0, 0.5, 6)])
                x = torch.tensor(points, dtype=torch.float64)
                np.testing.assert_allclose(net(x).detach().numpy(), model(points), rtol=0,
                                           atol=1e-12)
                specs = ["u_x", "v_xt"] + (["u_xxtt"] if activation != "prelu" else [])
                for spec in specs:
                    np.testing.assert_allclose(net.derivative(x, spec).detach().numpy(),
                                               model.derivative(points, spec), rtol=0,
                                               atol=1e-10, err_msg=spec)
