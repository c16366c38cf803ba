"""The study figure of the effective slopes n·a: one panel per hidden layer (numbered
from 1), in each per adaptive variant the mean over seeds and the min-max band of the
layer's slope. Where a layer has several slopes (neuron mode), a seed's curve is the
mean of their magnitudes |n·a| over the layer's neurons (drawn slopes of either sign
would cancel in a signed mean). Variants whose slopes are all exactly 1 (a fixed
activation) are left out, and named under the legend."""

import math

import matplotlib.pyplot as plt
import numpy as np

from .labels import variant_label
from .read import read_slopes, slopes_are_fixed
from .slopes import SLOPE_PANEL_COLUMNS
from .study_read import colours_by_variant, seed_groups, study_variant_names


def layer_mean(slopes):
    """records x neurons -> records: the slope itself, or the mean |n·a| of several."""
    return slopes[:, 0] if slopes.shape[1] == 1 else np.nanmean(np.abs(slopes), axis=1)


def layer_curves(variant):
    """(iterations, [per layer a seeds x records array]) over the seeds' common records;
    None where no seed recorded slopes, "fixed" where every slope is exactly 1."""
    seeds = []
    for seed in seed_groups(variant):
        slopes = read_slopes(seed)
        if slopes and "history/iteration" in seed:
            seeds.append((np.asarray(seed["history/iteration"][()]), slopes))
    if not seeds:
        return None
    if all(slopes_are_fixed(slopes) for _, slopes in seeds):
        return "fixed"
    layers = min(len(slopes) for _, slopes in seeds)
    records = min(min(len(iteration), *(len(s) for s in slopes)) for iteration, slopes in seeds)
    curves = [np.stack([layer_mean(slopes[k][:records]) for _, slopes in seeds])
              for k in range(layers)]
    return seeds[0][0][:records], curves


def draw_band(ax, iteration, values, colour, label):
    ax.plot(iteration, np.nanmean(values, axis=0), color=colour, linewidth=1.8, label=label)
    ax.fill_between(iteration, np.nanmin(values, axis=0), np.nanmax(values, axis=0),
                    color=colour, alpha=0.2, linewidth=0)


def plot_study_slopes(study, title, labels):
    """(figure or None, names of the fixed-slope variants left out)."""
    names = study_variant_names(study)
    adaptive, fixed = [], []
    for name in names:
        curves = layer_curves(study["runs"][name])
        if curves == "fixed":
            fixed.append(name)
        elif curves is not None:
            adaptive.append((name, *curves))
    if not adaptive:
        return None, fixed
    layers = max(len(curves) for _, _, curves in adaptive)
    columns = min(layers, SLOPE_PANEL_COLUMNS)
    rows = math.ceil(layers / columns)
    fig, axes = plt.subplots(rows, columns, sharex=True, sharey=True, squeeze=False,
                             figsize=(3.4 * columns + 3.2, 2.6 * rows + 1.0),
                             layout="constrained")
    colours = colours_by_variant(study)
    for k, ax in enumerate(axes.flat):
        if k >= layers:
            ax.set_visible(False)
            continue
        ax.axhline(1.0, color="0.75", linewidth=0.8, zorder=0)  # a fixed activation's slope
        for name, iteration, curves in adaptive:
            if k < len(curves):
                seeds = len(curves[k])
                draw_band(ax, iteration, curves[k], colours[name],
                          f"{variant_label(name, labels)} ({seeds} seed{'s' * (seeds != 1)})")
        ax.set_title(f"layer {k + 1}", fontsize="medium")
    legend_title = "mean over seeds, band min-max\n(neuron mode: mean |n·a| over the layer)"
    if fixed:
        legend_title += "\nleft out, fixed slopes: " + ", ".join(
            variant_label(name, labels) for name in fixed)
    axes[0, columns - 1].legend(loc="upper left", bbox_to_anchor=(1.03, 1), fontsize="small",
                                title=legend_title, title_fontsize="small")
    fig.supxlabel("iteration")
    fig.supylabel("effective slope n·a")
    fig.suptitle(title)
    return fig, fixed
