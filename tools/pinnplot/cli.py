"""The command line of tools/plot.py.

    tools/plot.py RESULT.h5 [--out DIR] [--times T1,T2,...] [--run VARIANT/seed_S]
                            [--format png|pdf|svg] [--dpi N] [--labels FILE]

A single-run result (`pinn train`) gives, as <stem>_<what>.<format>:
    solution    the network's solution, the reference and the absolute error (lines for
                1 input, heat maps for 2 to 16 inputs, those of 3 or more on the plane of
                the first two through the middle node of each other input; with two
                inputs, one named t, also slices u(x, t_k)); with several fields one row
                of heat maps (1 input: one column) per field, or with two inputs, one
                named t, one image per field F, solution_<F>
    test_points where /test_points exists: the network, the reference values and the
                error at the test points (1 input: against it; 2 inputs: triangulated
                panels, an x-t scatter where one is t; more: dots over the first two)
    profiles    where /profiles exists: each profile against its published points
    loss        total and per-term loss against iteration, phase changes marked, and the
                relative L2 error where a reference exists (at the test points where the
                run has them)
    slopes      the effective slope n·a of each hidden layer (1..D) against iteration, on
                one y axis (not written when every slope stays exactly 1)
    unknowns    for an inverse problem, each identified coefficient against iteration
A study result (`pinn study`) gives
    loss, rel_l2  per variant the mean over its seeds with a min-max band
    rel_l2_time   the error against seconds of training
    slopes        per hidden layer, per adaptive variant the mean over seeds and min-max
                  band of the layer's slope (neuron mode: the mean |n·a| over its neurons);
                  fixed-slope variants left out and named in the legend
    summary.md    the study's summary table (also printed)
and with --run VARIANT/seed_S the single-run figures of that run instead, named
<stem>_<variant>_seed_S_<what>.<format>.

Legends name variants by --labels FILE (lines `VARIANT: legend text`), else by readable
text made from the key (mode=neuron,scale=10 reads "neuron, n = 10"). Titles name the
problem, not how the run ended; a run or study that did not complete gets a note on
stderr. Figures go into DIR (default: the result's folder); each path written is
printed. Bad input exits with status 2 and a one-line `error: ...` on stderr; a figure
that cannot be written, with status 1.
"""

import argparse
import math
import sys
from pathlib import Path

import h5py

from .labels import read_labels, variant_label
from .read import InputError, text
from .run import plot_run
from .study import plot_study, study_run
from .style import DEFAULT_DPI, FORMATS, Options, apply_paper_style, safe_file_part


def is_study(result):
    return text(result.attrs.get("kind", "")) == "study"


def plot_result(result, stem, run_choice, options):
    if is_study(result):
        if run_choice is None:
            return plot_study(result, stem, options)
        run, variant, seed = study_run(result, run_choice)
        return plot_run(run, f"{variant_label(variant, options.labels)} / {seed}",
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
    parser = OneLineErrorParser(
        description="Plot a pinn result file (HDF5) as figures for papers.",
        epilog=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("result", type=Path, help="a pinn train or pinn study result")
    parser.add_argument("--out", type=Path, help="output folder (default: beside the result)")
    parser.add_argument("--times", type=parse_times, default=(),
                        help="comma-separated times of the solution slices (default: 4 "
                             "evenly spaced, ends included)")
    parser.add_argument("--run", help="a study's run to plot, as VARIANT/seed_S")
    parser.add_argument("--format", choices=FORMATS, default="png",
                        help="file format of the figures (default png)")
    parser.add_argument("--dpi", type=positive_int, default=DEFAULT_DPI,
                        help=f"resolution of PNGs and of rasterised parts of PDF/SVG "
                             f"(default {DEFAULT_DPI})")
    parser.add_argument("--labels", type=Path,
                        help="file of 'VARIANT: legend text' lines naming a study's variants")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    apply_paper_style()
    try:
        labels = read_labels(args.labels) if args.labels else {}
        options = Options(args.out or args.result.parent, args.times, args.dpi, args.format,
                          labels)
        with open_result(args.result) as result:
            plot_result(result, args.result.stem, args.run, options)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write the figures: {error}", file=sys.stderr)
        return 1
    return 0
