#!/usr/bin/env python3
"""Write the point cloud of an L-shaped bracket with a bolt hole: the files of
configs/point_cloud_bracket.yaml, standing in for a part meshed elsewhere.

The bracket: the vertical arm [0, 0.6] x [0, 2] and the horizontal arm [0, 2] x [0, 0.6],
less the bolt hole, a disk of radius 0.15 centred at (0.3, 1.6). Its boundary parts:

  clamp  the edge x = 0 (where the bracket is fixed to a wall)
  load   the end face x = 2 of the horizontal arm
  free   every other straight edge
  bolt   the hole's rim (its normal points into the hole, out of the bracket)

Interior points: one uniform point in each square cell of a grid of spacing --spacing,
kept where it lies inside the bracket at least --spacing / 4 from its boundary (as a
mesher keeps its interior nodes off the boundary). Boundary points: each edge and the
rim cut into pieces of length close to --boundary-spacing, one point at the middle of
each piece with the exact outward normal; no point sits on a corner, where the normal
is not defined. Same seed, same files.

    tools/make_point_cloud.py                      # configs/data/bracket_{interior,boundary}.txt
    tools/make_point_cloud.py --spacing 0.01 --out /tmp/fine
"""

import argparse
import math
import os
import random

ARM = 0.6  # width of both arms
SIZE = 2.0  # length of both arms
HOLE = (0.3, 1.6, 0.15)  # centre x, y and radius of the bolt hole

# Straight edges, counter-clockwise around the bracket: start, end, outward normal, part.
EDGES = [
    ((0, 0), (SIZE, 0), (0, -1), "free"),
    ((SIZE, 0), (SIZE, ARM), (1, 0), "load"),
    ((SIZE, ARM), (ARM, ARM), (0, 1), "free"),
    ((ARM, ARM), (ARM, SIZE), (1, 0), "free"),
    ((ARM, SIZE), (0, SIZE), (0, 1), "free"),
    ((0, SIZE), (0, 0), (-1, 0), "clamp"),
]


def distance_to_boundary(x, y):
    """Distance from a point of the bracket to its boundary."""
    edges = []
    for (x0, y0), (x1, y1), _, _ in EDGES:
        dx, dy = x1 - x0, y1 - y0
        s = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        edges.append(math.hypot(x - x0 - s * dx, y - y0 - s * dy))
    cx, cy, r = HOLE
    return min(min(edges), abs(math.hypot(x - cx, y - cy) - r))


def inside(x, y):
    cx, cy, r = HOLE
    in_l = 0 < x < SIZE and 0 < y < SIZE and (x < ARM or y < ARM)
    return in_l and math.hypot(x - cx, y - cy) > r


def interior_points(spacing, seed):
    rng = random.Random(seed)
    cells = int(round(SIZE / spacing))
    points = []
    for j in range(cells):
        for i in range(cells):
            x = (i + rng.random()) * spacing
            y = (j + rng.random()) * spacing
            if inside(x, y) and distance_to_boundary(x, y) >= spacing / 4:
                points.append((x, y))
    return points


def boundary_points(spacing):
    rows = []
    clamp = [e for e in EDGES if e[3] == "clamp"]
    # The clamp first, so that it is the first part a config lists.
    for (x0, y0), (x1, y1), (nx, ny), part in clamp + [e for e in EDGES if e[3] != "clamp"]:
        pieces = max(1, round(math.hypot(x1 - x0, y1 - y0) / spacing))
        for k in range(pieces):
            s = (k + 0.5) / pieces
            rows.append((x0 + s * (x1 - x0), y0 + s * (y1 - y0), nx, ny, part))
    cx, cy, r = HOLE
    pieces = max(3, round(2 * math.pi * r / spacing))
    for k in range(pieces):
        a = 2 * math.pi * (k + 0.5) / pieces
        c, s = math.cos(a), math.sin(a)
        rows.append((cx + r * c, cy + r * s, -c, -s, "bolt"))
    return rows


def number(v):
    return "%.12g" % v if v != 0 else "0"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spacing", type=float, default=0.02, help="interior grid spacing")
    parser.add_argument("--boundary-spacing", type=float, default=0.0075,
                        help="distance between boundary points")
    parser.add_argument("--seed", type=int, default=1, help="seed of the interior jitter")
    parser.add_argument("--out", default=os.path.join(root, "configs", "data", "bracket"),
                        help="path prefix: writes PREFIX_interior.txt and PREFIX_boundary.txt")
    args = parser.parse_args()

    command = "tools/make_point_cloud.py --spacing %g --boundary-spacing %g --seed %d" % (
        args.spacing, args.boundary_spacing, args.seed)
    interior = interior_points(args.spacing, args.seed)
    with open(args.out + "_interior.txt", "w") as f:
        f.write("# L-shaped bracket with a bolt hole, interior points: x y\n")
        f.write("# %d points, written by %s\n" % (len(interior), command))
        for x, y in interior:
            f.write("%s %s\n" % (number(x), number(y)))
    boundary = boundary_points(args.boundary_spacing)
    with open(args.out + "_boundary.txt", "w") as f:
        f.write("# L-shaped bracket with a bolt hole, boundary points: x y n_x n_y part\n")
        f.write("# %d points, written by %s\n" % (len(boundary), command))
        for row in boundary:
            f.write("%s %s %s %s %s\n" % (tuple(number(v) for v in row[:4]) + (row[4],)))
    counts = {}
    for row in boundary:
        counts[row[4]] = counts.get(row[4], 0) + 1
    print("%s_interior.txt: %d points" % (args.out, len(interior)))
    print("%s_boundary.txt: %d points (%s)" % (
        args.out, len(boundary), ", ".join("%s %d" % kv for kv in counts.items())))


if __name__ == "__main__":
    main()
