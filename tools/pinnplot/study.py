"""Study figures: per variant the mean over its seeds with a min-max band, of the loss
and of the error against iteration and against training time."""

import math

import matplotlib.pyplot as plt
import numpy as np

from .labels import variant_label
from .read import InputError, require, text
from .style import note, positive_or_nan, save, use_log_y_if_possible
from .study_read import (colours_by_variant, mean_final_rel_l2, seed_curves,
                         seed_curves_in_time, seed_groups, study_problem, study_variant_names)
from .study_slopes import plot_study_slopes
from .study_table import write_summary


def draw_seed_band(ax, iteration, values, colour, label):
    finite = np.ma.masked_invalid(positive_or_nan(values))
    ax.plot(iteration, finite.mean(axis=0).filled(np.nan), color=colour, linewidth=1.8,
            label=label)
    ax.fill_between(iteration, finite.min(axis=0).filled(np.nan),
                    finite.max(axis=0).filled(np.nan), color=colour, alpha=0.2,
                    linewidth=0)


def legend_text(name, seeds, rel_l2, labels):
    label = f"{variant_label(name, labels)} ({seeds} seed{'s' if seeds != 1 else ''}"
    return label + (f", final rel L2 {rel_l2:.3g})" if math.isfinite(rel_l2) else ")")


def plot_study_metric(study, datasets, ylabel, title, labels):
    """Mean and min-max band over seeds per variant; None when no run recorded it."""
    names = study_variant_names(study)
    runs = study["runs"] if names else {}
    curves = [(name, *seed_curves(runs[name], datasets)) for name in names]
    curves = [c for c in curves if c[1] is not None and np.isfinite(c[2]).any()]
    return draw_study_bands(study, curves, "iteration", ylabel, title, labels)


def draw_study_bands(study, curves, xlabel, ylabel, title, labels):
    """One band per (variant, x, seeds x points) curve; None when there is none."""
    if not curves:
        return None
    colours = colours_by_variant(study)
    fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    for name, x, values in curves:
        label = legend_text(name, len(values), mean_final_rel_l2(study["runs"][name]), labels)
        draw_seed_band(ax, x, values, colours[name], label)
    use_log_y_if_possible(ax, *(values for _, _, values in curves))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small",
              title="variant (seeds; mean over seeds, band min-max)",
              title_fontsize="small")
    fig.suptitle(title)
    return fig


def plot_study_metric_in_time(study, dataset, ylabel, title, labels):
    """As plot_study_metric, against seconds of training instead of iterations."""
    names = study_variant_names(study)
    runs = study["runs"] if names else {}
    curves = [(name, *seed_curves_in_time(runs[name], dataset)) for name in names]
    curves = [c for c in curves if c[1] is not None]
    return draw_study_bands(study, curves, "training time (s)", ylabel, title, labels)


def study_title(study):
    """The problem studied; how far the study got is a note on stderr, not a title."""
    return f"study of {study_problem(study)}"


def note_study_status(study):
    status = text(study.attrs.get("status", "completed"))
    if status != "completed":
        note(f"study status '{status}': {int(study.attrs.get('runs_finished', 0))} of "
             f"{int(study.attrs.get('runs_planned', 0))} runs finished")


def check_labels_apply(study, labels):
    names = set(study_variant_names(study))
    unknown = [key for key in labels if key not in names]
    if unknown and names:
        note(f"labels for variants this study does not have: {', '.join(unknown)}")


def plot_study(study, stem, options):
    if options.times:
        raise InputError("--times applies to one run's solution; pick one with --run")
    title = study_title(study)
    note_study_status(study)
    check_labels_apply(study, options.labels)
    written = []
    # Variants are compared by the loss without the slope-recovery term, as in /summary;
    # results written before problem_loss existed only have the total.
    for datasets, ylabel, what in ((("problem_loss", "loss"), "loss (without slope recovery)",
                                    "loss"),
                                   (("rel_l2",), "relative L2 error", "rel_l2")):
        fig = plot_study_metric(study, datasets, ylabel, title, options.labels)
        if fig is None:
            note(f"no run recorded a finite {datasets[0]}; {stem}_{what} skipped")
        else:
            written.append(save(fig, f"{stem}_{what}", options))
    fig = plot_study_metric_in_time(study, "rel_l2", "relative L2 error", title,
                                    options.labels)
    if fig is not None:
        written.append(save(fig, f"{stem}_rel_l2_time", options))
    fig, fixed = plot_study_slopes(study, title, options.labels)
    if fixed:
        note(f"fixed-slope variants left out of {stem}_slopes: {', '.join(fixed)}")
    if fig is None:
        note(f"no variant has adaptive slopes; {stem}_slopes skipped")
    else:
        written.append(save(fig, f"{stem}_slopes", options))
    summary = write_summary(study, stem, options, fixed)
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
