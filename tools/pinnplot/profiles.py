"""Published profiles (e.g. the lid-driven cavity's centre lines) against the network."""

import re
import textwrap

import matplotlib.pyplot as plt

PROFILE_PANEL_INCHES = 4.2  # each profile panel is square, this wide
SHORT_SOURCE_CHARACTERS = 28  # a source up to this long is its own legend label


AUTHOR_JOIN = re.compile(r"&|\band\b|\bet al\b")


def short_source(source):
    """A legend label for a profile's published points: a short source as it is, a
    citation cut to its first author (or "A & B"), "et al." where it names more, and its
    year (e.g. "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) ..." gives "Ghia et al. (1982)")."""
    source = " ".join(source.split())
    if not source:
        return "published"
    if len(source) <= SHORT_SOURCE_CHARACTERS and "," not in source:
        return source
    first, *rest = [part.strip() for part in source.split(",")]
    if not first or len(first) > SHORT_SOURCE_CHARACTERS:
        return "published"
    several = False
    if not AUTHOR_JOIN.search(first):
        # More authors follow while the parts are names (short, no digits): "Ghia, Ghia & Shin".
        for part in rest:
            if re.search(r"\d", part) or len(part) > SHORT_SOURCE_CHARACTERS:
                break
            if AUTHOR_JOIN.search(part):
                several = True
                break
    year = re.search(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)", source)
    return first + (" et al." if several else "") + (f" ({year.group(1)})" if year else "")


def draw_profile(ax, profile):
    # Along the second input the profile stands upright, as that input runs upwards in
    # the heat maps (and as the lid-driven cavity's vertical centre line is usually drawn).
    upright = profile.column == 1

    def placed(coordinate, value):
        return (value, coordinate) if upright else (coordinate, value)

    ax.plot(*placed(*profile.line), color="tab:blue", label=f"{profile.output} (network)")
    ax.plot(*placed(*profile.published), "o", color="black", markerfacecolor="none",
            label=short_source(profile.source))
    xlabel, ylabel = placed(profile.axis, profile.output)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"{profile.name}\nmax |error| {profile.max_abs_error:.3g}",
                 fontsize="medium")
    ax.set_box_aspect(1)
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="best", fontsize="small", framealpha=0.9)


def source_note(profiles, width_inches):
    """The profiles' full citations, each once, wrapped to the figure's width; with
    several, each named by its legend label."""
    sources = list(dict.fromkeys(" ".join(p.source.split()) for p in profiles))
    sources = [s for s in sources if s and s != short_source(s)]
    columns = max(40, int(width_inches * 15))
    if len(sources) == 1:
        lines = [f"Published points: {sources[0]}"]
    else:
        lines = [f"{short_source(s)}: {s}" for s in sources]
    return "\n".join(textwrap.fill(line, columns) for line in lines)


def plot_profiles(profiles, title):
    count = len(profiles)
    note_text = source_note(profiles, PROFILE_PANEL_INCHES * count)
    fig, axes = plt.subplots(1, count, squeeze=False,
                             figsize=(PROFILE_PANEL_INCHES * count + 0.4,
                                      PROFILE_PANEL_INCHES + 1.0 + 0.2 * note_text.count("\n")),
                             layout="constrained")
    for ax, profile in zip(axes[0], profiles):
        draw_profile(ax, profile)
    if note_text:
        # As the figure's lower label, constrained layout keeps room for it under the panels.
        fig.supxlabel(note_text, fontsize="small", color="dimgray")
    fig.suptitle(title)
    return fig
