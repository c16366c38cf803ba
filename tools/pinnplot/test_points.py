"""The figure of a run's test points (/test_points): the network, the reference values and
the absolute error at the scattered points of a reference file.

One input: the network and the reference against the input, the error below (log scale).
Two inputs: a row of three panels per field; the values are drawn on a triangulation of
the points (matplotlib.tri, triangles much longer than the typical edge dropped, and those
whose centre the run's grid mask puts outside the domain's shape, so that holes stay holes), or as coloured dots where one input is t (an x-t
scatter) or the points cannot be triangulated. More inputs: dots over the first two inputs,
every point drawn (a projection)."""

import matplotlib.pyplot as plt
import matplotlib.tri as mtri
import numpy as np

from .solution import error_label, exact_label, field_title
from .style import positive_or_nan, use_log_y_if_possible

# A triangle with an edge longer than this many times the median edge spans a hole or a
# concave stretch of the boundary, where the points say nothing.
LONG_EDGE_FACTOR = 4.0


def test_points_title(title, points):
    count = len(points.points)
    rows = points.skipped_rows
    skipped = f", {rows} row{'' if rows == 1 else 's'} holding NaN skipped" if rows else ""
    return f"{title}\n{count} test points{skipped}"


def plot_test_points_1d(points, title):
    fields = points.fields
    order = np.argsort(points.points[:, 0], kind="stable")
    x = points.points[order, 0]
    fig, axes = plt.subplots(2, len(fields), sharex=True, squeeze=False,
                             figsize=(7 * len(fields), 6), layout="constrained")
    for (top, bottom), field in zip(axes.T, fields):
        top.plot(x, field.values[order], label=f"{field.name} (network)")
        top.plot(x, field.exact[order], "o", markersize=3, color="black",
                 label=exact_label(field))
        top.set_ylabel(field.name)
        top.set_title(field_title(field))
        top.legend()
        bottom.plot(x, positive_or_nan(field.error[order]), ".-", color="tab:red")
        use_log_y_if_possible(bottom, field.error)
        bottom.set_ylabel(error_label(field))
        bottom.set_xlabel(points.names[0])
    fig.suptitle(test_points_title(title, points))
    return fig


def outside_test(solution, names):
    """Where the run's grid has a shape's mask over the same two inputs: a function telling
    which points (x, y) lie outside the shape (their nearest grid node is outside), else
    None."""
    if solution is None or getattr(solution, "inside", None) is None:
        return None
    if list(solution.names) != list(names) or len(names) != 2:
        return None
    axes = [np.asarray(a, dtype=float) for a in solution.axes]
    inside = np.asarray(solution.inside, dtype=bool)

    def nearest(values, axis):
        span = axis[-1] - axis[0]
        if len(axis) < 2 or span <= 0:
            return np.zeros(len(values), dtype=int)
        index = np.rint((values - axis[0]) / span * (len(axis) - 1)).astype(int)
        return np.clip(index, 0, len(axis) - 1)

    return lambda x, y: ~inside[nearest(x, axes[0]), nearest(y, axes[1])]


def triangulation(x, y, outside=None):
    """A Delaunay triangulation without its long triangles, nor (given `outside`) those
    whose centre lies outside the domain's shape, or None where there is none."""
    if len(x) < 3:
        return None
    try:
        tri = mtri.Triangulation(x, y)
    except (ValueError, RuntimeError):  # collinear or repeated points
        return None
    edges = tri.edges
    lengths = np.hypot(x[edges[:, 0]] - x[edges[:, 1]], y[edges[:, 0]] - y[edges[:, 1]])
    limit = LONG_EDGE_FACTOR * np.median(lengths)
    corners = tri.triangles
    longest = np.max([np.hypot(x[corners[:, i]] - x[corners[:, (i + 1) % 3]],
                               y[corners[:, i]] - y[corners[:, (i + 1) % 3]])
                      for i in range(3)], axis=0)
    mask = longest > limit
    if outside is not None:
        mask |= outside(x[corners].mean(axis=1), y[corners].mean(axis=1))
    if mask.all():
        return None
    tri.set_mask(mask)
    return tri


def finite_limits(*arrays):
    values = np.concatenate([a[np.isfinite(a)] for a in arrays])
    return (values.min(), values.max()) if values.size else (None, None)


def draw_panel(ax, x, y, tri, values, label, cmap, limits):
    vmin, vmax = limits
    if tri is None:
        size = max(2.0, min(30.0, 6000.0 / max(len(x), 1)))
        art = ax.scatter(x, y, c=values, s=size, cmap=cmap, vmin=vmin, vmax=vmax,
                         linewidths=0, plotnonfinite=False)
    else:
        art = ax.tripcolor(tri, np.nan_to_num(values), shading="gouraud", cmap=cmap,
                           vmin=vmin, vmax=vmax)
    ax.figure.colorbar(art, ax=ax)
    ax.set_title(label)


def plot_test_points_2d(points, title, solution=None):
    """A row per field: the network and the reference on one colour scale, the error."""
    names = points.names
    x, y = points.points[:, 0], points.points[:, 1]
    scatter = "t" in names[:2] or len(names) > 2
    tri = None if scatter else triangulation(x, y, outside_test(solution, names))
    fields = points.fields
    fig, rows = plt.subplots(len(fields), 3, squeeze=False,
                             figsize=(13.8, 3.8 * len(fields)), layout="constrained")
    for axes, field in zip(rows, fields):
        shared = finite_limits(field.values, field.exact)
        draw_panel(axes[0], x, y, tri, field.values, field_title(field), "viridis", shared)
        draw_panel(axes[1], x, y, tri, field.exact, exact_label(field), "viridis", shared)
        draw_panel(axes[2], x, y, tri, field.error, error_label(field), "magma",
                   finite_limits(field.error))
        for ax in axes:
            ax.set_xlabel(names[0])
            ax.set_ylabel(names[1])
    extra = ""
    if len(names) > 2:
        extra = f"\nall points over ({names[0]}, {names[1]}), {', '.join(names[2:])} not shown"
    fig.suptitle(test_points_title(title, points) + extra)
    return fig


def plot_test_points(points, title, solution=None):
    """`solution` (optional): the run's grid, whose shape mask keeps holes empty."""
    if len(points.names) == 1:
        return plot_test_points_1d(points, title)
    return plot_test_points_2d(points, title, solution)

