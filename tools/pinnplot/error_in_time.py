"""The figure of the error against time at a run's test points (/test_points/by_time):
the relative L2 error over the points of each time, and the largest absolute error, one
line per field, on log scales. Where a run's error grows with time (a chaotic flow, a
long integration), this shows when the network stops following the reference."""

import matplotlib.pyplot as plt

from .style import positive_or_nan, use_log_y_if_possible


def plot_error_in_time(errors, title):
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7, 6), layout="constrained")
    for name in errors.rel_l2:
        top.plot(errors.t, positive_or_nan(errors.rel_l2[name]), ".-", label=name)
        bottom.plot(errors.t, positive_or_nan(errors.max_abs[name]), ".-", label=name)
    use_log_y_if_possible(top, *errors.rel_l2.values())
    use_log_y_if_possible(bottom, *errors.max_abs.values())
    top.set_ylabel("relative L2 error\nat each time")
    bottom.set_ylabel("largest absolute error\nat each time")
    bottom.set_xlabel("t")
    for ax in (top, bottom):
        ax.grid(True, which="major", alpha=0.3)
        if len(errors.rel_l2) > 1:
            ax.legend()
    fig.suptitle(f"{title}\nerror against time at the test points")
    return fig
