"""Every figure of one run: a train file's root or a study's runs/<variant>/seed_<s>."""

import math

from .error_in_time import plot_error_in_time
from .geometry import plot_geometry
from .history import plot_loss, plot_unknowns
from .profiles import plot_profiles
from .read import (error_is_at_test_points, final_rel_l2, read_error_in_time, read_geometry,
                   read_history, read_profiles, read_slopes, read_solution, read_test_points,
                   read_unknowns, slopes_are_fixed, text)
from .slopes import plot_slopes
from .solution import check_times_apply, solution_figures
from .style import note, save
from .test_points import plot_test_points


def run_title(run, label):
    """Problem, variant and final error; the run's status stays out of the figure (a
    note on stderr says when it did not complete)."""
    parts = [text(run.attrs.get("problem", "?"))]
    if label:
        parts.append(label)
    rel_l2 = final_rel_l2(run)
    at = " at the test points" if error_is_at_test_points(run) else ""
    parts.append(f"final rel L2 {rel_l2:.3g}{at}" if math.isfinite(rel_l2) else "no reference")
    return "  ·  ".join(parts)


def note_status(run):
    status = text(run.attrs.get("status", "completed"))
    if status != "completed":
        message = text(run.attrs.get("message", ""))
        note(f"{run.name}: run status '{status}'" + (f" ({message})" if message else "") +
             "; figures show what it recorded")


def plot_run(run, label, stem, options):
    title = run_title(run, label)
    history = read_history(run)
    written = []
    # Read before any figure is written, so that bad input writes none.
    solution = read_solution(run)
    profiles = read_profiles(run)
    test_points = read_test_points(run)
    error_in_time = read_error_in_time(run)
    geometry = read_geometry(run)
    note_status(run)
    if solution is None:
        note(f"{run.name}: no /solution; solution figure skipped")
    else:
        check_times_apply(solution, options)
        for suffix, fig in solution_figures(solution, title, options):
            written.append(save(fig, f"{stem}_{suffix}", options))
    if geometry is not None:
        written.append(save(plot_geometry(geometry, title), f"{stem}_geometry", options))
    if test_points is not None:
        written.append(save(plot_test_points(test_points, title, solution), f"{stem}_test_points",
                            options))
    if error_in_time is not None:
        written.append(save(plot_error_in_time(error_in_time, title), f"{stem}_error_in_time",
                            options))
    if profiles:
        written.append(save(plot_profiles(profiles, title), f"{stem}_profiles", options))
    error_label = ("relative L2 error\nat the test points" if error_is_at_test_points(run)
                   else "relative L2 error")
    written.append(save(plot_loss(history, title, error_label), f"{stem}_loss", options))
    slopes = read_slopes(run)
    if not slopes:
        note(f"{run.name}: no /activations; slopes figure skipped")
    elif slopes_are_fixed(slopes):
        note("every slope is exactly 1 (fixed activation); slopes figure skipped")
    else:
        written.append(save(plot_slopes(history, slopes, title), f"{stem}_slopes", options))
    unknowns, truth = read_unknowns(run)
    if unknowns:
        written.append(save(plot_unknowns(history, unknowns, truth, title),
                            f"{stem}_unknowns", options))
    return written
