#!/usr/bin/env pvpython
"""Checks that ParaView reads pinn's XDMF files as the HDF5 results hold them.

    pvpython tools/check_xdmf_paraview.py results/burgers.h5 results/poisson_3d.h5 ...

For each result, the XDMF files beside it (burgers.xmf and, for a result with a `t`
input, burgers.space-time.xmf) are opened with each of ParaView's XDMF readers
(Xdmf3ReaderS, Xdmf3ReaderT, XDMFReader), by bare file name (from the file's directory),
as ./name and by absolute path. Each open checks the time steps the reader offers, the
bounds of the data at the first, a middle and the last time, and that every point's u,
u_exact and abs_error (every field's, for several outputs) equal the stored values at that point's coordinates, the viewer's
X, Y, Z being the first, second and third input (time excluded in the temporal file;
above three inputs the section's, the other inputs at their middle node).

An Xdmf3 reader can abort the whole process on a file it cannot read, so every open runs
in a child process. Needs ParaView's Python (pvpython or pvbatch) with numpy and h5py;
exits 0, printing why, when ParaView is not importable. Exit status 1 when a check fails.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

READERS = ("Xdmf3ReaderS", "Xdmf3ReaderT", "XDMFReader")
PATH_FORMS = ("bare", "dot", "absolute")
def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def field_datasets(group):
    """Every dataset the XDMF files show: a lone u as u, u_exact, abs_error; with several
    fields (attribute outputs) each F as F, F_exact, F_abs_error."""
    names = text(group.attrs["outputs"]).split(",") if "outputs" in group.attrs else ["u"]
    if len(names) == 1:
        return [names[0], names[0] + "_exact", "abs_error"]
    return [d for n in names for d in (n, n + "_exact", n + "_abs_error")]


def stored_solution(h5_path):
    """Axis names, axes and fields of a result's /solution group."""
    import h5py
    import numpy as np

    with h5py.File(h5_path, "r") as f:
        group = f["solution"]
        names = text(group.attrs["axes"]).split(",")
        axes = [np.asarray(group[name][:], dtype=float) for name in names]
        fields = {k: np.asarray(group[k][:], dtype=float)
                  for k in field_datasets(group) if k in group}
    return names, axes, fields


def expected_views(h5_path, xmf_path):
    """What the viewer should show: (time axis or None, the spatial inputs, the held ones).
    Above three inputs a section: the first three inputs other than t, the others held at
    their middle node (index n // 2)."""
    names, _, _ = stored_solution(h5_path)
    temporal = "t" in names and len(names) > 1 and not xmf_path.endswith(".space-time.xmf")
    time_axis = names.index("t") if temporal else None
    space = [i for i in range(len(names)) if i != time_axis][:3]
    held = [i for i in range(len(names)) if i != time_axis and i not in space]
    return time_axis, space, held


def open_reader(simple, reader_name, path):
    ctor = getattr(simple, reader_name)
    try:
        return ctor(FileName=path)
    except AttributeError:  # the legacy reader takes a list of file names
        return ctor(FileNames=[path])


def first_dataset(data):
    if data.IsA("vtkCompositeDataSet"):
        iterator = data.NewIterator()
        iterator.InitTraversal()
        return iterator.GetCurrentDataObject()
    return data


def check_one(h5_path, xmf_path, reader_name, path_form):
    """Runs in the child: opens one file one way and returns a dict of findings."""
    import numpy as np
    from paraview import servermanager
    from paraview import simple
    from vtkmodules.numpy_interface import dataset_adapter

    names, axes, fields = stored_solution(h5_path)
    time_axis, space, held = expected_views(h5_path, xmf_path)
    directory, file_name = os.path.split(os.path.abspath(xmf_path))
    if path_form == "bare":
        os.chdir(directory)
        path = file_name
    elif path_form == "dot":
        os.chdir(directory)
        path = "./" + file_name
    else:
        os.chdir("/")
        path = os.path.join(directory, file_name)

    reader = open_reader(simple, reader_name, path)
    reader.UpdatePipelineInformation()
    times = [float(t) for t in reader.TimestepValues] if reader.TimestepValues else []
    findings = {"times": len(times), "problems": []}
    problems = findings["problems"]
    if time_axis is None:
        if times:
            problems.append("offers %d time steps, expected none" % len(times))
        steps = [None]
    else:
        expected_times = axes[time_axis]
        if len(times) != len(expected_times) or not np.allclose(times, expected_times):
            problems.append("times %s, expected %s" % (times, list(expected_times)))
            return findings
        steps = sorted({0, len(times) // 2, len(times) - 1})

    for step in steps:
        at = "" if step is None else " at t=%g" % times[step]
        reader.UpdatePipeline(0.0 if step is None else times[step])
        bounds = reader.GetDataInformation().GetBounds()
        expected_bounds = [0.0] * 6
        for viewer_axis, i in enumerate(space):
            expected_bounds[2 * viewer_axis] = axes[i].min()
            expected_bounds[2 * viewer_axis + 1] = axes[i].max()
        if not np.allclose(bounds, expected_bounds):
            problems.append("bounds%s %s, expected %s" % (at, list(bounds), expected_bounds))
        data = dataset_adapter.WrapDataObject(first_dataset(servermanager.Fetch(reader)))
        count = data.GetNumberOfPoints()
        expected_count = int(np.prod([len(axes[i]) for i in space]))
        if count != expected_count:
            problems.append("%d points%s, expected %d" % (count, at, expected_count))
            continue
        points = np.array([data.GetPoint(p) for p in range(count)])
        # The stored index of each point, from its coordinates along each input.
        columns = [None] * len(names)
        for viewer_axis, i in enumerate(space):
            columns[i] = np.abs(points[:, viewer_axis][:, None] - axes[i][None, :]).argmin(axis=1)
            if not np.allclose(axes[i][columns[i]], points[:, viewer_axis]):
                problems.append("point coordinates%s off the %s axis" % (at, names[i]))
        if time_axis is not None:
            columns[time_axis] = np.full(count, step)
        for i in held:
            columns[i] = np.full(count, len(axes[i]) // 2)
        index = tuple(columns)
        for name, values in fields.items():
            if name not in data.PointData.keys():
                problems.append("no point array %s%s" % (name, at))
                continue
            shown = np.asarray(data.PointData[name], dtype=float).ravel()
            stored = values[index]
            # A domain with a shape stores NaN at the nodes outside it: shown as NaN too.
            if not np.allclose(shown, stored, equal_nan=True):
                worst = int(np.nan_to_num(np.abs(shown - stored), nan=np.inf).argmax())
                problems.append(
                    "%s%s at %s is %g, stored %g"
                    % (name, at, tuple(points[worst]), shown[worst], stored[worst]))
    return findings


def paraview_python():
    """The interpreter to run children with: sys.executable is not always runnable in
    ParaView's Python (it may name vtkpython), so look for pvpython, then pvbatch."""
    if os.path.basename(sys.executable).startswith(("pvpython", "pvbatch")):
        return sys.executable
    for name in ("pvpython", "pvbatch"):
        path = shutil.which(name)
        if path:
            return path
    return sys.executable


def run_child(h5_path, xmf_path, reader_name, path_form):
    # Reading needs no rendering; offscreen keeps a child from needing a display.
    command = [paraview_python(), "--force-offscreen-rendering", os.path.abspath(__file__),
               "--child",
               json.dumps([os.path.abspath(h5_path), os.path.abspath(xmf_path), reader_name,
                           path_form])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    for line in done.stdout.splitlines():
        if line.startswith("FINDINGS "):
            return json.loads(line[len("FINDINGS "):])
    tail = (done.stderr.strip().splitlines() or ["no output"])
    reason = next((l for l in tail if "Unable to open file" in l or "name = '" in l), tail[-1])
    return {"times": None, "problems": ["reader failed (exit %d): %s" % (done.returncode,
                                                                         reason.strip())]}


def companion_files(h5_path):
    stem = os.path.splitext(h5_path)[0]
    return [p for p in (stem + ".xmf", stem + ".space-time.xmf") if os.path.exists(p)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="*", help="pinn result files (.h5)")
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--paths", default=",".join(PATH_FORMS),
                        help="how to name the file: bare, dot (./name), absolute")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    try:
        import paraview.simple  # noqa: F401
    except ImportError as error:
        print("skipped: ParaView's Python is not importable here (%s); run this with "
              "pvpython or pvbatch" % error)
        return 0
    if args.child:
        print("FINDINGS " + json.dumps(check_one(*json.loads(args.child))))
        return 0
    try:
        import h5py  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as error:
        print("skipped: this ParaView's Python lacks numpy or h5py (%s)" % error)
        return 0
    if not args.results:
        parser.error("give one or more result files")

    failures = 0
    print("%-28s %-13s %-9s %6s  %s" % ("file", "reader", "path", "times", "result"))
    for h5_path in args.results:
        xmf_paths = companion_files(h5_path)
        if not xmf_paths:
            print("%s: no XDMF file beside it" % h5_path)
            failures += 1
        for xmf_path in xmf_paths:
            for reader_name in args.readers.split(","):
                for path_form in args.paths.split(","):
                    findings = run_child(h5_path, xmf_path, reader_name, path_form)
                    problems = findings["problems"]
                    failures += bool(problems)
                    print("%-28s %-13s %-9s %6s  %s" % (
                        os.path.basename(xmf_path), reader_name, path_form,
                        "-" if findings["times"] is None else findings["times"],
                        "ok" if not problems else "; ".join(problems)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
