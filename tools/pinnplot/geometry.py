"""The figure of a domain's shape (/geometry): the sampled boundary coloured by part, with
a legend of the parts' names, a light sample of the interior, and the outward normals as
arrows at about one boundary point in NORMAL_EVERY. Two spatial inputs: a plane with equal
aspect; three: a 3-D scatter; one: the points along a line."""

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from .style import variant_colours

NORMAL_EVERY = 40
INTERIOR_COLOUR = "0.78"
# Arrows as long as this share of the sample's bounding-box diagonal.
ARROW_SHARE = 0.05


def normal_rows(geometry):
    """About one boundary point in NORMAL_EVERY, chosen at random (seeded): a stride through
    a Sobol sample would pick correlated points, bunched on a few parts."""
    count = len(geometry.boundary)
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(count, size=max(1, count // NORMAL_EVERY), replace=False)) \
        if count else np.arange(0)


def part_label(geometry, k):
    return geometry.parts[k] if k < len(geometry.parts) else f"part {k}"


def arrow_length(geometry):
    points = np.vstack([geometry.interior, geometry.boundary])
    if not len(points):
        return 1.0
    diagonal = float(np.linalg.norm(points.max(axis=0) - points.min(axis=0)))
    return ARROW_SHARE * diagonal if diagonal > 0 else 1.0


def parts_drawn(geometry):
    """(label, colour, row mask) per part with boundary points, in the parts' order."""
    count = max(len(geometry.parts), int(geometry.part.max()) + 1 if len(geometry.part) else 0)
    colours = variant_colours(count)
    return [(part_label(geometry, k), colours[k], geometry.part == k) for k in range(count)
            if np.any(geometry.part == k)]


def plane_coordinates(points, dim):
    """Columns to draw: a 1-D sample at y = 0."""
    if dim == 1:
        return points[:, 0], np.zeros(len(points))
    return points[:, 0], points[:, 1]


def draw_plane(ax, geometry):
    dim = len(geometry.names)
    ax.scatter(*plane_coordinates(geometry.interior, dim), s=2, color=INTERIOR_COLOUR,
               linewidths=0, label="interior (sample)")
    for label, colour, on in parts_drawn(geometry):
        ax.scatter(*plane_coordinates(geometry.boundary[on], dim), s=5, color=colour,
                   linewidths=0, label=label)
    picked = normal_rows(geometry)
    x, y = plane_coordinates(geometry.boundary[picked], dim)
    u, v = plane_coordinates(geometry.normals[picked], dim)
    ax.quiver(x, y, u, v, angles="xy", scale_units="xy", scale=1 / arrow_length(geometry),
              width=0.003, color="black", label="outward normal")
    # Room for the arrows that leave the outer boundary.
    points = np.vstack([geometry.interior, geometry.boundary])
    if len(points) and dim > 1:
        margin = 1.3 * arrow_length(geometry)
        ax.set_xlim(points[:, 0].min() - margin, points[:, 0].max() + margin)
        ax.set_ylim(points[:, 1].min() - margin, points[:, 1].max() + margin)
    ax.set_aspect("equal")
    ax.set_xlabel(geometry.names[0])
    if dim > 1:
        ax.set_ylabel(geometry.names[1])
    else:
        ax.set_yticks([])


def draw_space(ax, geometry):
    ax.scatter(*geometry.interior.T, s=1, color=INTERIOR_COLOUR, alpha=0.4, linewidths=0,
               label="interior (sample)")
    for label, colour, on in parts_drawn(geometry):
        ax.scatter(*geometry.boundary[on].T, s=3, color=colour, linewidths=0, label=label)
    picked = normal_rows(geometry)
    ax.quiver(*geometry.boundary[picked].T, *geometry.normals[picked].T,
              length=arrow_length(geometry), color="black", linewidth=0.8,
              label="outward normal")
    points = np.vstack([geometry.interior, geometry.boundary])
    ranges = np.ptp(points, axis=0) if len(points) else np.ones(3)
    ax.set_box_aspect(np.where(ranges > 0, ranges, 1.0))
    ax.set_xlabel(geometry.names[0])
    ax.set_ylabel(geometry.names[1])
    ax.set_zlabel(geometry.names[2])


def plot_geometry(geometry, title):
    dim = len(geometry.names)
    fig = plt.figure(figsize=(7.6, 6.2), layout="constrained")
    if dim == 3:
        ax = fig.add_subplot(projection="3d")
        draw_space(ax, geometry)
    else:
        ax = fig.add_subplot()
        draw_plane(ax, geometry)
    if dim > 3:
        ax.set_title(f"({geometry.names[0]}, {geometry.names[1]}) of "
                     f"{dim} spatial inputs", fontsize="small")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small", markerscale=2.5)
    # The description's tree, flattened into a sentence or two.
    lines = textwrap.fill("; ".join(line.strip() for line in geometry.description), 100)
    fig.suptitle(f"{title}\n{lines}" if lines else title, fontsize="medium")
    return fig
