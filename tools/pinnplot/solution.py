"""The solution figures of a run: lines for 1 input, heat maps for 2 (for 3 to 16 inputs,
the plane of the first two through the middle node of the others), and for two inputs, one
named t, also slices u(x, t_k) against the reference."""

import math
import textwrap
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np

from .read import InputError, Solution
from .style import positive_or_nan, safe_file_part, use_log_y_if_possible

DEFAULT_SLICE_COUNT = 4


def mid_plane(solution):
    """Cut a solution with more than 2 inputs to its first two, at the middle node of each
    of the rest (index n // 2 of n, the upper one of two middles, as the XDMF files cut)."""
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
    # With many inputs the plane's values would run past the figure's width.
    plane = textwrap.fill(solution.plane, 100)
    fig.suptitle(f"{title}\n{plane}" if plane else title)
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


def check_times_apply(solution, options):
    if options.times and not (len(solution.names) == 2 and "t" in solution.names):
        raise InputError(f"--times needs a solution with two inputs, one named t; "
                         f"this one has {','.join(solution.names)}")
