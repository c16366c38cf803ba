#!/usr/bin/python3
"""Keep the finished PINNacle runs in the repository, where the docs are made from.

Usage:
    tools/pinnacle_keep.py RUNS [--into DIR]

RUNS is where the runs were made from (the repository's root, as the configs expect).
Copies into DIR (default: tools/results/pinnacle/) every completed result of
    pinn train configs/pinnacle/<task>.yaml          RUNS/<its output.file>
    pinn study configs/studies/<a PINNacle study>    RUNS/<its output stem>.runs/*/seed_<s>.h5
and nothing else: no checkpoint, no interrupted or failed run, no study file (a study
run again on the kept .runs folder skips the finished runs and writes its study file
in seconds). A kept file is replaced only by a completed one. Prints what it copied.

The PINNacle table (tools/pinnacle_table.py) reads DIR by default, and a study resumes
across machines from it:
    cp -r tools/results/pinnacle/<study>.runs RUNS/ && pinn study configs/studies/<study>.yaml
"""

import argparse
import shutil
import sys
from pathlib import Path

import h5py

from pinnacle_table import RESULTS, TASKS, shipped_output, study_result_files
from pinnplot import read

# The studies of configs/pinnacle/README.md: the paper's set-up and the slopes compared.
STUDIES = sorted({t.paper_study for t in TASKS if t.paper_study} | {
    "pinnacle_adaptive_burgers1d", "pinnacle_adaptive_poisson2d_c", "pinnacle_adaptive_ns2d_c",
    "wave1d_exact_adaptive"})


def completed(path):
    try:
        with h5py.File(path, "r") as f:
            return read.text(f.attrs.get("status", "")) == "completed"
    except OSError:
        return False  # being written, or not HDF5


def candidates(runs):
    """(source, name relative to DIR) of every result file the PINNacle docs read."""
    for task in TASKS:
        for stem in task.configs:
            output = shipped_output(stem)
            yield runs / output, output
    for study in STUDIES:
        for path in study_result_files(study, runs):
            yield path, path.relative_to(runs)


def keep(runs, into):
    copied = []
    for source, name in candidates(runs):
        target = into / name
        if not source.is_file() or not completed(source):
            continue
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(name)
    return copied


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", help="where the runs were made from")
    parser.add_argument("--into", default=str(RESULTS), help="where to keep them (default: tools/results/pinnacle)")
    args = parser.parse_args(argv)
    runs = Path(args.runs)
    if not runs.is_dir():
        print(f"error: {args.runs}: not a directory", file=sys.stderr)
        return 2
    for name in keep(runs, Path(args.into)):
        print(f"kept {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
