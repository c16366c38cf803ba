"""A run's history figures: the loss (and error) against iteration, and the trajectories
of identified coefficients."""

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np

from .style import mark_phases, positive_or_nan, use_log_y_if_possible


def plot_loss(history, title, error_label="relative L2 error"):
    has_rel_l2 = np.isfinite(history.rel_l2).any()
    fig, axes = plt.subplots(2 if has_rel_l2 else 1, 1, sharex=True, squeeze=False,
                             figsize=(9, 7 if has_rel_l2 else 4.2), layout="constrained")
    ax = axes[0, 0]
    labels = {"loss": "total (weighted)", "problem_loss": "total without slope recovery"}
    for name, values in history.losses.items():
        total = name == "loss"
        ax.plot(history.iteration, positive_or_nan(values),
                label=labels.get(name, name[len("loss_"):]),
                linewidth=2.2 if total else 1.2, color="black" if total else None,
                linestyle="--" if name == "problem_loss" else "-")
    use_log_y_if_possible(ax, *history.losses.values())
    ax.set_ylabel("loss")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    if has_rel_l2:
        error_ax = axes[1, 0]
        error_ax.plot(history.iteration, positive_or_nan(history.rel_l2), color="tab:red")
        use_log_y_if_possible(error_ax, history.rel_l2)
        error_ax.set_ylabel(error_label)
    for row, ax in enumerate(axes[:, 0]):
        mark_phases_and_windows(ax, history, label=row == 0)
    axes[-1, 0].set_xlabel("iteration" if history.window is None
                           else "iteration (counted across the time windows)")
    fig.suptitle(title)
    return fig



def mark_phases_and_windows(ax, history, label):
    """The phase changes; with time windows, a solid line where each window begins (named
    above the frame) and the phase changes inside each window."""
    if history.window is None:
        mark_phases(ax, history.iteration, history.phase, label=label)
        return
    above = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    window = np.asarray(history.window)
    for k in np.unique(window):
        rows = np.flatnonzero(window == k)
        start = history.iteration[rows[0]]
        if k > 0:
            ax.axvline(start, color="black", linewidth=1.2)
        if label:
            ax.text(start, 1.01, f"window {k}", transform=above, ha="left", va="bottom",
                    fontsize="small")
        mark_phases(ax, history.iteration[rows], [history.phase[i] for i in rows], label=False)


def plot_unknowns(history, values, truth, title):
    fig, axes = plt.subplots(1, len(values), squeeze=False, figsize=(4.2 * len(values), 3.4),
                             layout="constrained")
    for ax, (name, trajectory) in zip(axes.flat, sorted(values.items())):
        records = min(len(history.iteration), len(trajectory))
        ax.plot(history.iteration[:records], trajectory[:records], color="navy", label="trained")
        if name in truth:
            ax.axhline(truth[name], color="tab:red", linestyle="--",
                       label=f"true {truth[name]:.6g}")
            error = abs(trajectory[-1] - truth[name]) / (abs(truth[name]) or 1.0)
            ax.set_title(f"{name}: {trajectory[-1]:.6g} ({100 * error:.3g} % off)",
                         fontsize="medium")
        else:
            ax.set_title(f"{name}: {trajectory[-1]:.6g}", fontsize="medium")
        mark_phases(ax, history.iteration, history.phase, label=False)
        ax.set_xlabel("iteration")
        ax.legend(fontsize="small")
    fig.suptitle(title)
    return fig
