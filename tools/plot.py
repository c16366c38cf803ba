#!/usr/bin/python3
"""Turn a pinn result file (HDF5) into PNG figures.

Usage:
    tools/plot.py RESULT.h5 [--out DIR] [--times T1,T2,...] [--run VARIANT/seed_S] [--dpi N]

A single-run result (`pinn train`) gives
    <stem>_solution.png  the network's solution, the reference and the absolute error
                         (heat maps for 2 and 3 inputs, the 3-D ones on the mid-plane of
                         the last axis; with an input named t also slices u(x, t_k)).
                         With several fields (/solution attribute `outputs`, e.g. u,v,p):
                         one row of heat maps per field, or for 1 input one column each
    <stem>_solution_<F>.png  instead, with several fields and an input named t: one
                         image per field F, each its heat maps over its time slices
    <stem>_profiles.png  where /profiles exists: each profile (e.g. the lid-driven
                         cavity's centre lines) as the network's line against the
                         published points (labelled short, e.g. "Ghia et al. (1982)",
                         the full citation as a note under the panels); a profile along
                         the second input is drawn upright, as that input runs upwards
                         in the heat maps
    <stem>_loss.png      total and per-term loss against iteration, phase changes marked,
                         and the relative L2 error where a reference exists
    <stem>_slopes.png    the effective slope n·a of every hidden layer against iteration
                         (not written when every slope stays exactly 1)
    <stem>_unknowns.png  for an inverse problem, each identified coefficient against
                         iteration, with its true value where known

A study result (`pinn study`) gives
    <stem>_loss.png      per variant the mean total loss over its seeds, min-max band
    <stem>_rel_l2.png    the same for the relative L2 error, where recorded
    <stem>_rel_l2_time.png  the relative L2 error against seconds of training (each
                         seed interpolated onto a common time axis)
    <stem>_summary.md    the study's summary table (also printed)
and with --run VARIANT/seed_S the single-run figures of that run instead, named
<stem>_<variant>_seed_S_<what>.png.

A field's panel titles give its relative L2 error (metrics rel_l2_<F>) when there are
several; a field without a reference (where another has one) gets no reference or
error panel (1 input: its error panel says "no reference").

Figures go into DIR (default: the result's folder); each path written is printed.
--times picks the times of the solution slices (nearest grid times are used).
Bad input exits with status 2 and a one-line `error: ...` on stderr; a figure that
cannot be written, with status 1.
Needs only Python 3 with h5py, matplotlib and numpy (Debian: python3-h5py
python3-matplotlib), not a pinn build.
"""

import argparse
import math
import re
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.transforms as mtransforms  # noqa: E402
import numpy as np  # noqa: E402

DEFAULT_SLICE_COUNT = 4
SLOPE_PANEL_COLUMNS = 4


class InputError(Exception):
    """The result file or the command line cannot be plotted (exit status 2)."""


@dataclass(frozen=True)
class Options:
    out_dir: Path
    times: tuple
    dpi: int


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


# ---------------------------------------------------------------- reading


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
    return History(iteration, phase, losses, rel_l2)


def layer_index(name):
    return int(name.rsplit("_", 1)[1])


def read_slopes(run):
    """Slope histories (records x neurons) of the hidden layers, in layer order."""
    if "activations" not in run:
        return []
    group = run["activations"]
    names = sorted((n for n in group if re.fullmatch(r"slopes_\d+", n)), key=layer_index)
    return [np.asarray(group[n][()], dtype=float).reshape(len(group[n]), -1) for n in names]


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
    # Files from before several outputs lack `outputs` and hold the one field u.
    outputs = name_list(group.attrs, "outputs", "u")
    fields = [read_field(run, name, len(outputs) > 1, grid_shape) for name in outputs]
    return Solution(names, axes, fields)


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


def read_field(run, name, several, grid_shape):
    group = run["solution"]
    values_name, exact_name, error_name = field_datasets(name, several)
    values = read_grid(group, values_name, grid_shape)
    exact = read_grid(group, exact_name, grid_shape) if exact_name in group else None
    if error_name in group:
        error = read_grid(group, error_name, grid_shape)
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


def final_rel_l2(run):
    if "metrics" in run and "rel_l2" in run["metrics"].attrs:
        return float(run["metrics"].attrs["rel_l2"])
    return math.nan


def run_title(run, label):
    parts = [text(run.attrs.get("problem", "?"))]
    if label:
        parts.append(label)
    parts.append(text(run.attrs.get("status", "?")))
    rel_l2 = final_rel_l2(run)
    parts.append(f"final rel L2 {rel_l2:.3g}" if math.isfinite(rel_l2) else "no reference")
    return "  ·  ".join(parts)


# ---------------------------------------------------------------- helpers


def positive_or_nan(values):
    """Values a log axis can show; the rest become NaN, which breaks the line there."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def use_log_y_if_possible(ax, *series):
    if any(np.isfinite(positive_or_nan(s)).any() for s in series):
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "no positive finite values", transform=ax.transAxes,
                ha="center", va="center", color="gray")


def note(message):
    print(f"note: {message}", file=sys.stderr)


def save(fig, name, options):
    options.out_dir.mkdir(parents=True, exist_ok=True)
    path = options.out_dir / name
    fig.savefig(path, dpi=options.dpi, bbox_inches="tight")
    plt.close(fig)
    print(path)
    return path


def safe_file_part(name):
    return re.sub(r"[^A-Za-z0-9._=-]+", "_", name).strip("_") or "run"


def mark_phases(ax, iteration, phase, label=True):
    """A dashed line where the optimiser changes, named above the frame (e.g. adam → lbfgs)."""
    n = min(len(iteration), len(phase))
    above = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for i in range(1, n):
        if phase[i] == phase[i - 1]:
            continue
        ax.axvline(iteration[i], color="gray", linestyle="--", linewidth=1)
        if label:
            ax.text(iteration[i], 1.01, f"{phase[i - 1]} → {phase[i]}", transform=above,
                    ha="center", va="bottom", fontsize="small", color="dimgray")


# ---------------------------------------------------------------- solution figures


def mid_plane(solution):
    """Cut a solution with more than 2 inputs to its first two, at the middle of the rest."""
    if len(solution.names) <= 2:
        return solution
    index = (slice(None), slice(None)) + tuple(len(a) // 2 for a in solution.axes[2:])
    plane = ", ".join(f"{n} = {a[len(a) // 2]:.3g}"
                      for n, a in zip(solution.names[2:], solution.axes[2:]))

    def cut(array):
        return None if array is None else array[index]

    fields = [replace(f, values=cut(f.values), exact=cut(f.exact), error=cut(f.error))
              for f in solution.fields]
    return Solution(solution.names[:2], solution.axes[:2], fields, f"mid-plane {plane}")


def field_title(field):
    notes = (["derived"] if field.derived else []) + (
        [f"rel L2 {field.rel_l2:.3g}"] if math.isfinite(field.rel_l2) else [])
    return f"{field.name} ({', '.join(notes)})" if notes else field.name


def exact_label(field):
    # Says why a field known up to a constant may differ from published values by one.
    return f"{field.name}_exact" + (" (mean-matched)" if field.mean_matched else "")


def error_label(field):
    return f"|{field.name} − {field.name}_exact|"


def plot_solution_1d(solution, title):
    """One column per field: the network and the reference, below them the error."""
    fields = solution.fields
    has_error = any(f.error is not None for f in fields)
    fig, axes = plt.subplots(2 if has_error else 1, len(fields), sharex=True, squeeze=False,
                             figsize=(7 * len(fields), 6 if has_error else 3.6),
                             layout="constrained")
    for column, field in zip(axes.T, fields):
        draw_field_1d(column, solution.axes[0], field)
        if len(fields) > 1:  # one field is named by its axis labels alone
            column[0].set_title(field_title(field))
    for ax in axes[-1]:
        ax.set_xlabel(solution.names[0])
    fig.suptitle(title)
    return fig


def draw_field_1d(column, x, field):
    ax = column[0]
    ax.plot(x, field.values, label=f"{field.name} (network)")
    if field.exact is not None:
        ax.plot(x, field.exact, "--", color="black", label=exact_label(field))
    if field.error is not None:
        error_ax = column[1]
        error_ax.plot(x, positive_or_nan(field.error), color="tab:red")
        use_log_y_if_possible(error_ax, field.error)
        error_ax.set_ylabel(error_label(field))
    elif len(column) > 1:  # another field has a reference, this one not
        column[1].text(0.5, 0.5, "no reference", transform=column[1].transAxes,
                       ha="center", va="center", color="gray")
    ax.set_ylabel(field.name)
    ax.legend()


def heat_map(ax, solution, values, label, vmin, vmax, cmap):
    x, y = solution.axes
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(values.T), shading="auto",
                         vmin=vmin, vmax=vmax, cmap=cmap)
    ax.figure.colorbar(mesh, ax=ax)
    ax.set_xlabel(solution.names[0])
    ax.set_ylabel(solution.names[1])
    ax.set_title(label)


def finite_range(*arrays):
    values = np.concatenate([a[np.isfinite(a)].ravel() for a in arrays])
    return (values.min(), values.max()) if values.size else (None, None)


def heat_map_panels(field):
    """(label, values, colour map, colour range) per panel: the network and the reference
    on one colour scale, so that they compare by eye; the error on its own."""
    maps = [(field_title(field), field.values)]
    if field.exact is not None:
        maps.append((exact_label(field), field.exact))
    shared = finite_range(*(values for _, values in maps))
    panels = [(label, values, "viridis", shared) for label, values in maps]
    if field.error is not None:
        panels.append((error_label(field), field.error, "magma", finite_range(field.error)))
    return panels


def draw_heat_maps(axes, solution, field):
    """The field's panels into the first of `axes` (a row); the rest stay hidden."""
    panels = heat_map_panels(field)
    for ax, (label, values, cmap, (vmin, vmax)) in zip(axes, panels):
        heat_map(ax, solution, values, label, vmin, vmax, cmap)
    for ax in axes[len(panels):]:
        ax.set_visible(False)


def panel_count(fields):
    return max(len(heat_map_panels(f)) for f in fields)


def nearest_indices(grid, wanted):
    """Grid indices nearest to each wanted value, without repeats, in order."""
    indices = []
    for value in wanted:
        index = int(np.argmin(np.abs(grid - value)))
        if index not in indices:
            indices.append(index)
    return indices


def slice_times(t, requested):
    wanted = requested or np.linspace(t[0], t[-1], DEFAULT_SLICE_COUNT)
    return nearest_indices(t, wanted)


def draw_time_slices(fig, solution, field, t_axis, requested_times):
    space_axis = 1 - t_axis
    t, x = solution.axes[t_axis], solution.axes[space_axis]
    indices = slice_times(t, requested_times)
    axes = fig.subplots(1, len(indices), sharey=True, squeeze=False)[0]
    for ax, k in zip(axes, indices):
        ax.plot(x, field.values.take(k, axis=t_axis), label=f"{field.name} (network)")
        if field.exact is not None:
            ax.plot(x, field.exact.take(k, axis=t_axis), "--", color="black",
                    label=exact_label(field))
        ax.set_title(f"t = {t[k]:.3g}")
        ax.set_xlabel(solution.names[space_axis])
    axes[0].set_ylabel(field.name)
    axes[0].legend(fontsize="small")


def time_axis(solution):
    """Where the input t is in a 2-D solution; None without one, or on a 3-D mid-plane."""
    return solution.names.index("t") if "t" in solution.names and not solution.plane else None


def plot_heat_maps(solution, title):
    """A 2-D solution (or a 3-D one's mid-plane) without time: a row per field."""
    columns = panel_count(solution.fields)
    fig = plt.figure(figsize=(4.6 * columns, 3.8 * len(solution.fields)),
                     layout="constrained")
    rows = fig.subplots(len(solution.fields), columns, squeeze=False)
    for axes, field in zip(rows, solution.fields):
        draw_heat_maps(axes, solution, field)
    fig.suptitle(f"{title}\n{solution.plane}" if solution.plane else title)
    return fig


def plot_field_in_time(solution, field, t_axis, title, requested_times):
    """One field over (space, t): its heat maps above, its time slices below."""
    columns = panel_count([field])
    fig = plt.figure(figsize=(max(4.6 * columns, 10), 7.2), layout="constrained")
    maps, slices = fig.subfigures(2, 1, height_ratios=[1.15, 1])
    draw_heat_maps(maps.subplots(1, columns, squeeze=False)[0], solution, field)
    draw_time_slices(slices, solution, field, t_axis, requested_times)
    fig.suptitle(title)
    return fig


def solution_figures(solution, title, options):
    """(file name suffix, figure) per solution image, made one at a time. Heat maps and
    time slices of several fields would not fit one figure, so with time each field
    gets its own image."""
    if len(solution.names) == 1:
        yield "solution", plot_solution_1d(solution, title)
        return
    solution = mid_plane(solution)
    t_axis = time_axis(solution)
    if t_axis is None:
        yield "solution", plot_heat_maps(solution, title)
        return
    several = len(solution.fields) > 1
    for field in solution.fields:
        suffix = f"solution_{safe_file_part(field.name)}" if several else "solution"
        yield suffix, plot_field_in_time(solution, field, t_axis, title, options.times)


# ---------------------------------------------------------------- profiles figure


PROFILE_PANEL_INCHES = 4.2  # each profile panel is square, this wide
SHORT_SOURCE_CHARACTERS = 28  # a source up to this long is its own legend label


AUTHOR_JOIN = re.compile(r"&|\band\b|\bet al\b")


def short_source(source):
    """A legend label for a profile's published points: a short source as it is, a
    citation cut to its first author (or "A & B"), "et al." where it names more, and its
    year (e.g. "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) ..." gives "Ghia et al. (1982)")."""
    source = " ".join(source.split())
    if not source:
        return "published"
    if len(source) <= SHORT_SOURCE_CHARACTERS and "," not in source:
        return source
    first, *rest = [part.strip() for part in source.split(",")]
    if not first or len(first) > SHORT_SOURCE_CHARACTERS:
        return "published"
    several = False
    if not AUTHOR_JOIN.search(first):
        # More authors follow while the parts are names (short, no digits): "Ghia, Ghia & Shin".
        for part in rest:
            if re.search(r"\d", part) or len(part) > SHORT_SOURCE_CHARACTERS:
                break
            if AUTHOR_JOIN.search(part):
                several = True
                break
    year = re.search(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)", source)
    return first + (" et al." if several else "") + (f" ({year.group(1)})" if year else "")


def draw_profile(ax, profile):
    # Along the second input the profile stands upright, as that input runs upwards in
    # the heat maps (and as the lid-driven cavity's vertical centre line is usually drawn).
    upright = profile.column == 1

    def placed(coordinate, value):
        return (value, coordinate) if upright else (coordinate, value)

    ax.plot(*placed(*profile.line), color="tab:blue", label=f"{profile.output} (network)")
    ax.plot(*placed(*profile.published), "o", color="black", markerfacecolor="none",
            label=short_source(profile.source))
    xlabel, ylabel = placed(profile.axis, profile.output)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"{profile.name}\nmax |error| {profile.max_abs_error:.3g}",
                 fontsize="medium")
    ax.set_box_aspect(1)
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="best", fontsize="small", framealpha=0.9)


def source_note(profiles, width_inches):
    """The profiles' full citations, each once, wrapped to the figure's width; with
    several, each named by its legend label."""
    sources = list(dict.fromkeys(" ".join(p.source.split()) for p in profiles))
    sources = [s for s in sources if s and s != short_source(s)]
    columns = max(40, int(width_inches * 15))
    if len(sources) == 1:
        lines = [f"Published points: {sources[0]}"]
    else:
        lines = [f"{short_source(s)}: {s}" for s in sources]
    return "\n".join(textwrap.fill(line, columns) for line in lines)


def plot_profiles(profiles, title):
    count = len(profiles)
    note_text = source_note(profiles, PROFILE_PANEL_INCHES * count)
    fig, axes = plt.subplots(1, count, squeeze=False,
                             figsize=(PROFILE_PANEL_INCHES * count + 0.4,
                                      PROFILE_PANEL_INCHES + 1.0 + 0.2 * note_text.count("\n")),
                             layout="constrained")
    for ax, profile in zip(axes[0], profiles):
        draw_profile(ax, profile)
    if note_text:
        # As the figure's lower label, constrained layout keeps room for it under the panels.
        fig.supxlabel(note_text, fontsize="small", color="dimgray")
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------- history figures


def plot_loss(history, title):
    has_rel_l2 = np.isfinite(history.rel_l2).any()
    fig, axes = plt.subplots(2 if has_rel_l2 else 1, 1, sharex=True, squeeze=False,
                             figsize=(9, 7 if has_rel_l2 else 4.2), layout="constrained")
    ax = axes[0, 0]
    labels = {"loss": "total (weighted)", "problem_loss": "total without slope recovery"}
    for name, values in history.losses.items():
        total = name == "loss"
        ax.plot(history.iteration, positive_or_nan(values),
                label=labels.get(name, name[len("loss_"):]),
                linewidth=2.2 if total else 1.2, color="black" if total else None,
                linestyle="--" if name == "problem_loss" else "-")
    use_log_y_if_possible(ax, *history.losses.values())
    ax.set_ylabel("loss")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    if has_rel_l2:
        error_ax = axes[1, 0]
        error_ax.plot(history.iteration, positive_or_nan(history.rel_l2), color="tab:red")
        use_log_y_if_possible(error_ax, history.rel_l2)
        error_ax.set_ylabel("relative L2 error")
    for row, ax in enumerate(axes[:, 0]):
        mark_phases(ax, history.iteration, history.phase, label=row == 0)
    axes[-1, 0].set_xlabel("iteration")
    fig.suptitle(title)
    return fig


def slopes_are_fixed(slopes):
    return all(np.all(s == 1) for s in slopes)


def draw_layer_slopes(ax, iteration, slopes, layer):
    records = min(len(iteration), len(slopes))
    iteration, slopes = iteration[:records], slopes[:records]
    neurons = slopes.shape[1]
    if neurons > 1:
        ax.plot(iteration, slopes, color="tab:blue", linewidth=0.5, alpha=0.35)
        ax.plot(iteration, np.nanmean(slopes, axis=1), color="navy", linewidth=2.2,
                label="layer mean")
        ax.set_title(f"layer {layer} ({neurons} neurons)", fontsize="medium")
    else:
        ax.plot(iteration, slopes[:, 0], color="navy", linewidth=1.8)
        ax.set_title(f"layer {layer}", fontsize="medium")


def plot_slopes(history, slopes, title):
    columns = min(len(slopes), SLOPE_PANEL_COLUMNS)
    rows = math.ceil(len(slopes) / columns)
    fig, axes = plt.subplots(rows, columns, sharex=True, squeeze=False,
                             figsize=(3.4 * columns + 0.8, 2.6 * rows + 1.0),
                             layout="constrained")
    for layer, (ax, layer_slopes) in enumerate(zip(axes.flat, slopes)):
        draw_layer_slopes(ax, history.iteration, layer_slopes, layer)
        mark_phases(ax, history.iteration, history.phase, label=False)
    for ax in list(axes.flat)[len(slopes):]:
        ax.set_visible(False)
    if any(s.shape[1] > 1 for s in slopes):
        axes[0, 0].legend(fontsize="small", loc="lower right")
    fig.supxlabel("iteration")
    fig.supylabel("effective slope n·a")
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------- one run


def read_unknowns(run):
    """{name: values per record} from /history/unknown_*, and the true values."""
    history = require(run, "history")
    values = {name[len("unknown_"):]: np.asarray(history[name][()], dtype=float)
              for name in history if name.startswith("unknown_")}
    metrics = run["metrics"].attrs if "metrics" in run else {}
    truth = {name: float(metrics[f"unknown_{name}_true"]) for name in values
             if f"unknown_{name}_true" in metrics}
    return values, truth


def plot_unknowns(history, values, truth, title):
    fig, axes = plt.subplots(1, len(values), squeeze=False, figsize=(4.2 * len(values), 3.4),
                             layout="constrained")
    for ax, (name, trajectory) in zip(axes.flat, sorted(values.items())):
        records = min(len(history.iteration), len(trajectory))
        ax.plot(history.iteration[:records], trajectory[:records], color="navy", label="trained")
        if name in truth:
            ax.axhline(truth[name], color="tab:red", linestyle="--", label=f"true {truth[name]:.6g}")
            error = abs(trajectory[-1] - truth[name]) / (abs(truth[name]) or 1.0)
            ax.set_title(f"{name}: {trajectory[-1]:.6g} ({100 * error:.3g} % off)", fontsize="medium")
        else:
            ax.set_title(f"{name}: {trajectory[-1]:.6g}", fontsize="medium")
        mark_phases(ax, history.iteration, history.phase, label=False)
        ax.set_xlabel("iteration")
        ax.legend(fontsize="small")
    fig.suptitle(title)
    return fig


def plot_run(run, label, stem, options):
    """All figures of one run group: a train file's root or a study's runs/<v>/seed_<s>."""
    title = run_title(run, label)
    history = read_history(run)
    written = []
    # Read before any figure is written, so that bad input writes none.
    solution = read_solution(run)
    profiles = read_profiles(run)
    if solution is None:
        note(f"{run.name}: no /solution; solution figure skipped")
    else:
        check_times_apply(solution, options)
        for suffix, fig in solution_figures(solution, title, options):
            written.append(save(fig, f"{stem}_{suffix}.png", options))
    if profiles:
        written.append(save(plot_profiles(profiles, title), f"{stem}_profiles.png", options))
    written.append(save(plot_loss(history, title), f"{stem}_loss.png", options))
    slopes = read_slopes(run)
    if not slopes:
        note(f"{run.name}: no /activations; slopes figure skipped")
    elif slopes_are_fixed(slopes):
        note("every slope is exactly 1 (fixed activation); slopes figure skipped")
    else:
        written.append(save(plot_slopes(history, slopes, title), f"{stem}_slopes.png",
                            options))
    unknowns, truth = read_unknowns(run)
    if unknowns:
        written.append(save(plot_unknowns(history, unknowns, truth, title),
                            f"{stem}_unknowns.png", options))
    return written


def check_times_apply(solution, options):
    if options.times and not (len(solution.names) == 2 and "t" in solution.names):
        raise InputError(f"--times needs a solution with two inputs, one named t; "
                         f"this one has {','.join(solution.names)}")


# ---------------------------------------------------------------- study


def study_variant_names(study):
    """Variants in study order (the summary's), then any run group it does not list."""
    if "runs" not in study:
        return []
    runs = study["runs"]
    ordered = []
    if "summary" in study and "variant" in study["summary"]:
        ordered = [v for v in read_strings(study["summary"]["variant"]) if v in runs]
    return ordered + sorted(v for v in runs if v not in ordered)


def seed_number(name):
    match = re.fullmatch(r"seed_(-?\d+)", name)
    return int(match.group(1)) if match else math.inf


def seed_groups(variant):
    names = sorted((n for n in variant if n.startswith("seed_")), key=seed_number)
    return [variant[n] for n in names]


def first_present(seed, datasets):
    return next((f"history/{d}" for d in datasets if f"history/{d}" in seed), None)


def seed_curves(variant, datasets):
    """Record iterations and a seeds x records array over the seeds' common prefix, each
    seed's curve from the first of `datasets` it holds."""
    curves = [(np.asarray(s["history/iteration"][()]),
               np.asarray(s[first_present(s, datasets)][()], dtype=float))
              for s in seed_groups(variant) if first_present(s, datasets)]
    if not curves:
        return None, None
    records = min(min(len(i), len(v)) for i, v in curves)
    return curves[0][0][:records], np.stack([v[:records] for _, v in curves])


def draw_seed_band(ax, iteration, values, colour, label):
    finite = np.ma.masked_invalid(positive_or_nan(values))
    ax.plot(iteration, finite.mean(axis=0).filled(np.nan), color=colour, linewidth=1.8,
            label=label)
    ax.fill_between(iteration, finite.min(axis=0).filled(np.nan),
                    finite.max(axis=0).filled(np.nan), color=colour, alpha=0.2,
                    linewidth=0)


def variant_colours(count):
    if count <= 10:
        return [plt.cm.tab10(i) for i in range(count)]
    return list(plt.cm.viridis(np.linspace(0, 0.95, count)))


def variant_label(name, seeds, rel_l2):
    label = f"{name} ({seeds} seed{'s' if seeds != 1 else ''}"
    return label + (f", final rel L2 {rel_l2:.3g})" if math.isfinite(rel_l2) else ")")


def mean_final_rel_l2(variant):
    values = [final_rel_l2(s) for s in seed_groups(variant)]
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) / len(finite) if finite else math.nan


def plot_study_metric(study, datasets, ylabel, title):
    """Mean and min-max band over seeds per variant; None when no run recorded it."""
    names = study_variant_names(study)
    runs = study["runs"] if names else {}
    curves = [(name, *seed_curves(runs[name], datasets)) for name in names]
    curves = [c for c in curves if c[1] is not None and np.isfinite(c[2]).any()]
    return draw_study_bands(runs, curves, "iteration", ylabel, title)


def draw_study_bands(runs, curves, xlabel, ylabel, title):
    """One band per (variant, x, seeds x points) curve; None when there is none."""
    if not curves:
        return None
    fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    for (name, x, values), colour in zip(curves, variant_colours(len(curves))):
        label = variant_label(name, len(values), mean_final_rel_l2(runs[name]))
        draw_seed_band(ax, x, values, colour, label)
    use_log_y_if_possible(ax, *(values for _, _, values in curves))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small",
              title="variant (seeds; mean over seeds, band min-max)",
              title_fontsize="small")
    fig.suptitle(title)
    return fig


def seed_curves_in_time(variant, dataset):
    """A common time axis (up to the shortest seed's last record) and a seeds x times
    array: each seed's curve interpolated, in log space, at those times."""
    curves = []
    for seed in seed_groups(variant):
        if f"history/{dataset}" not in seed or "history/time_s" not in seed:
            continue
        t = np.asarray(seed["history/time_s"][()], dtype=float)
        v = positive_or_nan(np.asarray(seed[f"history/{dataset}"][()], dtype=float))
        keep = np.isfinite(t) & np.isfinite(v)
        if keep.sum() >= 2:
            curves.append((t[keep], v[keep]))
    if not curves:
        return None, None
    end = min(t[-1] for t, _ in curves)
    start = max(t[0] for t, _ in curves)
    if not end > start:
        return None, None
    times = np.linspace(start, end, 200)
    return times, np.stack([np.exp(np.interp(times, t, np.log(v))) for t, v in curves])


def plot_study_metric_in_time(study, dataset, ylabel, title):
    """As plot_study_metric, against seconds of training instead of iterations."""
    names = study_variant_names(study)
    runs = study["runs"] if names else {}
    curves = [(name, *seed_curves_in_time(runs[name], dataset)) for name in names]
    curves = [c for c in curves if c[1] is not None]
    return draw_study_bands(runs, curves, "training time (s)", ylabel, title)


def study_problem(study):
    for name in study_variant_names(study):
        for seed in seed_groups(study["runs"][name]):
            return text(seed.attrs.get("problem", "?"))
    return "?"


def study_title(study):
    return "  ·  ".join([
        f"study of {study_problem(study)}",
        text(study.attrs.get("status", "?")),
        f"{int(study.attrs.get('runs_finished', 0))}/{int(study.attrs.get('runs_planned', 0))}"
        " runs",
    ])


def write_summary(study, stem, options):
    if "summary" not in study or "table" not in study["summary"].attrs:
        note(f"{study.filename} has no /summary table; {stem}_summary.md skipped")
        return None
    table = text(study["summary"].attrs["table"])
    print(table, end="" if table.endswith("\n") else "\n")
    options.out_dir.mkdir(parents=True, exist_ok=True)
    path = options.out_dir / f"{stem}_summary.md"
    path.write_text(table)
    print(path)
    return path


def plot_study(study, stem, options):
    if options.times:
        raise InputError("--times applies to one run's solution; pick one with --run")
    title = study_title(study)
    written = []
    # Variants are compared by the loss without the slope-recovery term, as in /summary;
    # results written before problem_loss existed only have the total.
    for datasets, ylabel, what in ((("problem_loss", "loss"), "loss (without slope recovery)",
                                    "loss"),
                                   (("rel_l2",), "relative L2 error", "rel_l2")):
        fig = plot_study_metric(study, datasets, ylabel, title)
        if fig is None:
            note(f"no run recorded a finite {datasets[0]}; {stem}_{what}.png skipped")
        else:
            written.append(save(fig, f"{stem}_{what}.png", options))
    fig = plot_study_metric_in_time(study, "rel_l2", "relative L2 error", title)
    if fig is not None:
        written.append(save(fig, f"{stem}_rel_l2_time.png", options))
    summary = write_summary(study, stem, options)
    return written + ([summary] if summary else [])


def study_run(study, choice):
    variant, _, seed = choice.rpartition("/")
    if not variant or not seed.startswith("seed_"):
        raise InputError(f"--run '{choice}': expected VARIANT/seed_S")
    runs = require(study, "runs")
    if variant not in runs or seed not in runs[variant]:
        available = [f"{v}/{s.name.rsplit('/', 1)[1]}" for v in study_variant_names(study)
                     for s in seed_groups(runs[v])]
        shown = ", ".join(available[:6]) + (", ..." if len(available) > 6 else "")
        raise InputError(f"--run '{choice}': no such run in {study.filename}; "
                         f"runs: {shown or 'none'}")
    return runs[variant][seed], variant, seed


# ---------------------------------------------------------------- command line


def is_study(result):
    return text(result.attrs.get("kind", "")) == "study"


def plot_result(result, stem, run_choice, options):
    if is_study(result):
        if run_choice is None:
            return plot_study(result, stem, options)
        run, variant, seed = study_run(result, run_choice)
        return plot_run(run, f"{variant} / {seed}",
                        f"{stem}_{safe_file_part(variant)}_{seed}", options)
    if run_choice is not None:
        raise InputError(f"--run applies to study results; {result.filename} is a single run")
    if "history" not in result:
        raise InputError(f"{result.filename}: not a pinn result (no /history and not a study)")
    return plot_run(result, "", stem, options)


def open_result(path):
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not h5py.is_hdf5(path):
        raise InputError(f"{path}: not an HDF5 file")
    try:
        return h5py.File(path, "r")
    except OSError as error:
        raise InputError(f"{path}: cannot be read as HDF5 ({error})") from None


def parse_times(value):
    try:
        times = tuple(float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a comma-separated list of numbers")
    if not all(math.isfinite(t) for t in times):
        raise argparse.ArgumentTypeError(f"'{value}' has a non-finite time")
    return times


def positive_int(value):
    if not value.isdigit() or int(value) == 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a positive integer")
    return int(value)


class OneLineErrorParser(argparse.ArgumentParser):
    def error(self, message):
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def parse_arguments(argv):
    parser = OneLineErrorParser(description="Plot a pinn result file (HDF5) as PNG figures.")
    parser.add_argument("result", type=Path, help="a pinn train or pinn study result")
    parser.add_argument("--out", type=Path, help="output folder (default: beside the result)")
    parser.add_argument("--times", type=parse_times, default=(),
                        help="comma-separated times of the solution slices (default: 4 "
                             "evenly spaced, ends included)")
    parser.add_argument("--run", help="a study's run to plot, as VARIANT/seed_S")
    parser.add_argument("--dpi", type=positive_int, default=120, help="resolution (default 120)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    options = Options(args.out or args.result.parent, args.times, args.dpi)
    try:
        with open_result(args.result) as result:
            plot_result(result, args.result.stem, args.run, options)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write the figures: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
