"""A run's effective slopes n·a against iteration: one panel per hidden layer, all on
one y axis so that layers compare by eye, layers numbered 1..D (the datasets
slopes_0.. count from 0). A layer of several slopes (neuron mode) also shows the mean
of their magnitudes |n·a|: a neuron's sign only flips its row of weights, and slopes
drawn with either sign (network.adaptive.init) would cancel in a signed mean."""

import math

import matplotlib.pyplot as plt
import numpy as np

from .style import mark_phases

SLOPE_PANEL_COLUMNS = 4


def layer_title(layer, neurons):
    """`layer` counts from 0, as the datasets do; titles count from 1."""
    return f"layer {layer + 1}" + (f" ({neurons} neurons)" if neurons > 1 else "")


def draw_layer_slopes(ax, iteration, slopes, layer):
    records = min(len(iteration), len(slopes))
    iteration, slopes = iteration[:records], slopes[:records]
    neurons = slopes.shape[1]
    if neurons > 1:
        ax.plot(iteration, slopes, color="tab:blue", linewidth=0.5, alpha=0.35)
        ax.plot(iteration, np.nanmean(np.abs(slopes), axis=1), color="navy", linewidth=2.2,
                label="layer mean |n·a|")
    else:
        ax.plot(iteration, slopes[:, 0], color="navy", linewidth=1.8)
    ax.set_title(layer_title(layer, neurons), fontsize="medium")


def plot_slopes(history, slopes, title):
    columns = min(len(slopes), SLOPE_PANEL_COLUMNS)
    rows = math.ceil(len(slopes) / columns)
    fig, axes = plt.subplots(rows, columns, sharex=True, sharey=True, squeeze=False,
                             figsize=(3.4 * columns + 0.8, 2.6 * rows + 1.0),
                             layout="constrained")
    for layer, (ax, layer_slopes) in enumerate(zip(axes.flat, slopes)):
        draw_layer_slopes(ax, history.iteration, layer_slopes, layer)
        mark_phases(ax, history.iteration, history.phase, label=False)
    for ax in list(axes.flat)[len(slopes):]:
        ax.set_visible(False)
    if any(s.shape[1] > 1 for s in slopes):
        axes[0, 0].legend(fontsize="small", loc="lower right")
    fig.supxlabel("iteration")
    fig.supylabel("effective slope n·a")
    fig.suptitle(title)
    return fig
