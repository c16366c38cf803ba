"""Reading a run's groups (a train file's root or a study's runs/<variant>/seed_<s>)."""

import math
import re
from dataclasses import dataclass

import numpy as np


class InputError(Exception):
    """The result file or the command line cannot be plotted (exit status 2)."""


@dataclass(frozen=True)
class Field:
    """One quantity of /solution on the grid (a network output or a derived one)."""
    name: str
    values: np.ndarray
    exact: object  # np.ndarray or None
    error: object  # np.ndarray or None
    rel_l2: float = math.nan  # only with several fields: one field's is the run's own
    derived: bool = False
    mean_matched: bool = False  # determined up to a constant: exact shifted to the mean


@dataclass(frozen=True)
class Solution:
    names: list
    axes: list
    fields: list  # of Field, the network outputs first
    plane: str = ""  # which plane a 3-D solution was cut to, for the title
    inside: object = None  # the grid's mask of a domain with a shape (bool array), or None


@dataclass(frozen=True)
class Profile:
    name: str
    output: str
    axis: str  # the input it varies along
    column: int  # that input's index
    source: str
    max_abs_error: float
    published: tuple  # (coordinates along axis, reference values)
    line: tuple  # (coordinates along axis, network values)


@dataclass(frozen=True)
class History:
    iteration: np.ndarray
    phase: list
    losses: dict  # "loss" first, then "problem_loss" when slope recovery is on, then "loss_<term>"
    rel_l2: np.ndarray
    window: object = None  # the time window of each record (np.ndarray), or None without


def text(value):
    """An HDF5 string attribute as str (h5py gives bytes for fixed-length strings)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def require(group, name):
    if name not in group:
        raise InputError(f"{group.file.filename}: missing {group.name.rstrip('/')}/{name}")
    return group[name]


def read_strings(dataset):
    return [text(s) for s in dataset[()]]


def read_history(run):
    history = require(run, "history")
    iteration = np.asarray(require(history, "iteration")[()])
    losses = {"loss": np.asarray(require(history, "loss")[()], dtype=float)}
    if "loss_slope_recovery" in history and "problem_loss" in history:
        losses["problem_loss"] = np.asarray(history["problem_loss"][()], dtype=float)
    for name in history:
        if name.startswith("loss_"):
            losses[name] = np.asarray(history[name][()], dtype=float)
    phase = read_strings(history["phase"]) if "phase" in history else []
    rel_l2 = (np.asarray(history["rel_l2"][()], dtype=float) if "rel_l2" in history
              else np.full(len(iteration), np.nan))
    window = np.asarray(history["window"][()]) if "window" in history else None
    return History(iteration, phase, losses, rel_l2, window)


def layer_index(name):
    return int(name.rsplit("_", 1)[1])


def read_slopes(run):
    """Slope histories (records x neurons) of the hidden layers, in layer order."""
    if "activations" not in run:
        return []
    group = run["activations"]
    names = sorted((n for n in group if re.fullmatch(r"slopes_\d+", n)), key=layer_index)
    return [np.asarray(group[n][()], dtype=float).reshape(len(group[n]), -1) for n in names]


def slopes_are_fixed(slopes):
    """Every recorded effective slope exactly 1: a fixed activation."""
    return all(np.all(s == 1) for s in slopes)


def read_unknowns(run):
    """{name: values per record} from /history/unknown_*, and the true values."""
    history = require(run, "history")
    values = {name[len("unknown_"):]: np.asarray(history[name][()], dtype=float)
              for name in history if name.startswith("unknown_")}
    metrics = run["metrics"].attrs if "metrics" in run else {}
    truth = {name: float(metrics[f"unknown_{name}_true"]) for name in values
             if f"unknown_{name}_true" in metrics}
    return values, truth


def final_rel_l2(run):
    """The error a run is judged by: at its test points where it has them (PINNacle's
    L2RE), else on the grid."""
    metrics = run["metrics"].attrs if "metrics" in run else {}
    for name in ("test_rel_l2", "rel_l2"):
        if name in metrics:
            return float(metrics[name])
    return math.nan


def error_is_at_test_points(run):
    """/history/rel_l2 holds the error at the test points (where a run has them)."""
    return "metrics" in run and "test_rel_l2" in run["metrics"].attrs


def name_list(attrs, key, default=""):
    """A comma-separated name attribute as a list; empty where missing or blank."""
    return [n.strip() for n in text(attrs.get(key, default)).split(",") if n.strip()]


def input_names(group):
    names = name_list(group.attrs, "axes")
    if not names:
        raise InputError(f"{group.file.filename}: {group.name} has no 'axes' attribute")
    return names


def read_solution(run):
    if "solution" not in run:
        return None
    group = run["solution"]
    names = input_names(group)
    axes = [np.asarray(require(group, n)[()], dtype=float) for n in names]
    grid_shape = tuple(len(a) for a in axes)
    # A domain with a shape flags the nodes inside it; the rest are blank in every figure.
    inside = read_grid(group, "inside", grid_shape) != 0 if "inside" in group else None
    # Files from before several outputs lack `outputs` and hold the one field u.
    outputs = name_list(group.attrs, "outputs", "u")
    fields = [read_field(run, name, len(outputs) > 1, grid_shape, inside) for name in outputs]
    return Solution(names, axes, fields, inside=inside)


def field_datasets(name, several):
    """The datasets of a field: a one-field result keeps the names from before
    several outputs (u, u_exact, abs_error)."""
    return name, f"{name}_exact", f"{name}_abs_error" if several else "abs_error"


def read_grid(group, name, grid_shape):
    values = np.asarray(require(group, name)[()], dtype=float)
    if values.shape != grid_shape:
        axes = text(group.attrs.get("axes", ""))
        raise InputError(f"{group.file.filename}: {group.name}/{name} has shape "
                         f"{values.shape}, axes {axes} give {grid_shape}")
    return values


def read_field(run, name, several, grid_shape, inside=None):
    group = run["solution"]
    values_name, exact_name, error_name = field_datasets(name, several)

    def grid(dataset):
        values = read_grid(group, dataset, grid_shape)
        return values if inside is None else np.where(inside, values, np.nan)

    values = grid(values_name)
    exact = grid(exact_name) if exact_name in group else None
    if error_name in group:
        error = grid(error_name)
    else:
        error = None if exact is None else np.abs(values - exact)
    metrics = run["metrics"].attrs if "metrics" in run else {}
    rel_l2 = float(metrics.get(f"rel_l2_{name}", math.nan)) if several else math.nan
    return Field(name, values, exact, error, rel_l2,
                 derived=name in name_list(group.attrs, "derived"),
                 mean_matched=name in name_list(group.attrs, "up_to_constant"))


def read_profiles(run):
    """The /profiles subgroups in file order; [] where there are none."""
    if "profiles" not in run:
        return []
    names = input_names(require(run, "solution"))
    return [read_profile(group, names) for group in run["profiles"].values()]


def read_profile(group, names):
    axis = text(group.attrs.get("axis", ""))
    if axis not in names:
        raise InputError(f"{group.file.filename}: {group.name} has axis '{axis}', "
                         f"not one of the inputs {','.join(names)}")
    column = names.index(axis)

    def values(dataset):
        return np.asarray(require(group, dataset)[()], dtype=float)

    def along(dataset):
        points = values(dataset)
        if points.ndim != 2 or points.shape[1] != len(names):
            raise InputError(f"{group.file.filename}: {group.name}/{dataset} has shape "
                             f"{points.shape}, not (points x {len(names)} inputs)")
        return points[:, column]

    return Profile(group.name.rsplit("/", 1)[1], text(group.attrs.get("output", "?")), axis,
                   column, text(group.attrs.get("source", "published")),
                   float(group.attrs.get("max_abs_error", math.nan)),
                   (along("points"), values("reference").ravel()),
                   (along("line_points"), values("line_prediction").ravel()))


@dataclass(frozen=True)
class TestPoints:
    """/test_points: the network against reference values at scattered points."""
    names: list  # the inputs, in problem order
    points: np.ndarray  # N x inputs
    fields: list  # of Field, each with values, exact and error at the points
    source: str
    skipped_rows: int


def has_test_points(run):
    return "test_points" in run


def read_test_points(run):
    """The /test_points group; None where the run has none."""
    if not has_test_points(run):
        return None
    group = run["test_points"]
    names = input_names(group)
    points = np.asarray(require(group, "points")[()], dtype=float).reshape(-1, len(names))
    metrics = run["metrics"].attrs if "metrics" in run else {}
    fields = []
    for name in name_list(group.attrs, "outputs"):
        values, exact, error = (np.asarray(require(group, d)[()], dtype=float).ravel()
                                for d in (name, f"{name}_exact", f"{name}_abs_error"))
        if not len(values) == len(exact) == len(error) == len(points):
            raise InputError(f"{group.file.filename}: {group.name}/{name}, {name}_exact and "
                             f"{name}_abs_error must hold one value per point ({len(points)})")
        fields.append(Field(name, values, exact, error,
                            float(metrics.get(f"test_rel_l2_{name}", math.nan)),
                            mean_matched=name in name_list(group.attrs, "up_to_constant")))
    return TestPoints(names, points, fields, text(group.attrs.get("source", "")),
                      int(group.attrs.get("skipped_rows", 0)))


@dataclass(frozen=True)
class ErrorInTime:
    """/test_points/by_time: the error at each time among the test points."""
    t: np.ndarray  # the times (the input named t), increasing
    rel_l2: dict  # field -> relative L2 error at each time (NaN where the reference is 0)
    max_abs: dict  # field -> largest absolute error at each time


def read_error_in_time(run):
    """/test_points/by_time; None where the run has none."""
    if "test_points" not in run or "by_time" not in run["test_points"]:
        return None
    group = run["test_points/by_time"]
    t = np.asarray(require(group, "t")[()], dtype=float).ravel()
    rel_l2, max_abs = {}, {}
    for name in name_list(run["test_points"].attrs, "outputs"):
        for table, prefix in ((rel_l2, "rel_l2_"), (max_abs, "max_abs_error_")):
            values = np.asarray(require(group, prefix + name)[()], dtype=float).ravel()
            if len(values) != len(t):
                raise InputError(f"{group.file.filename}: {group.name}/{prefix}{name} holds "
                                 f"{len(values)} values, not one per time ({len(t)})")
            table[name] = values
    return ErrorInTime(t, rel_l2, max_abs)


@dataclass(frozen=True)
class Geometry:
    """/geometry: a sample of a domain's shape, its points' columns the spatial inputs."""
    names: list  # the spatial inputs
    parts: list  # the boundary parts' names
    description: list  # one line per shape
    interior: np.ndarray  # N x inputs
    boundary: np.ndarray  # M x inputs
    normals: np.ndarray  # M x inputs, outward unit normals
    part: np.ndarray  # M indices into parts


def read_geometry(run):
    """The /geometry group; None where the run has none (a box domain)."""
    if "geometry" not in run:
        return None
    group = run["geometry"]
    names = name_list(group.attrs, "inputs")
    if not names:
        raise InputError(f"{group.file.filename}: {group.name} has no 'inputs' attribute")

    def rows(dataset):
        values = np.asarray(require(group, dataset)[()], dtype=float)
        if values.ndim != 2 or values.shape[1] != len(names):
            raise InputError(f"{group.file.filename}: {group.name}/{dataset} has shape "
                             f"{values.shape}, not (points x {len(names)} inputs)")
        return values

    interior, boundary, normals = (rows(d) for d in
                                   ("interior_points", "boundary_points", "boundary_normals"))
    part = np.asarray(require(group, "boundary_part")[()], dtype=np.int64).ravel()
    if normals.shape != boundary.shape or len(part) != len(boundary):
        raise InputError(f"{group.file.filename}: {group.name}/boundary_normals and "
                         f"boundary_part must hold one row per boundary point "
                         f"({len(boundary)})")
    parts = name_list(group.attrs, "parts")
    description = [line for line in text(group.attrs.get("description", "")).splitlines()
                   if line.strip()]
    return Geometry(names, parts, description, interior, boundary, normals, part)
