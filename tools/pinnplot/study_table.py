"""The study's summary table (/summary attribute `table`, as `pinn summary` prints it),
printed and written as <stem>_summary.md. Tables of files written before pinn tidied
them are tidied the same way here: threshold columns no run reached are dropped, and
fixed-slope variants show "-" for their slopes (all 1, which says nothing), as the
`pinn summary` table does."""

import re

from .read import text
from .style import note

NEVER = re.compile(r"never \(0/\d+\)")
SLOPES_HEADER = "final slopes"


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def tidy_table(table, fixed_variants):
    """`table` (Markdown) without the columns where every row says "never (0/N)", and
    "-" as the slopes of `fixed_variants` (no slopes column where all are fixed);
    unchanged where there is nothing to tidy."""
    lines = table.splitlines()
    if len(lines) < 3 or not lines[0].startswith("|"):
        return table
    header, rule, rows = cells(lines[0]), cells(lines[1]), [cells(r) for r in lines[2:]]
    if any(len(r) != len(header) for r in rows) or len(rule) != len(header):
        return table  # not a table this code wrote; leave it as it is
    drop = {c for c in range(len(header)) if all(NEVER.fullmatch(r[c]) for r in rows)}
    slope_columns = [c for c, h in enumerate(header) if SLOPES_HEADER in h]
    changed = bool(drop)
    for row in rows:
        for c in slope_columns:
            if row[0] in fixed_variants and row[c] != "-":
                row[c], changed = "-", True
    # A slopes column of "-" alone (every variant fixed) says nothing either.
    drop |= {c for c in slope_columns if rows and all(r[c] == "-" for r in rows)}
    changed = changed or bool(drop)
    if not changed:
        return table

    def keep(values):
        return [v for c, v in enumerate(values) if c not in drop]

    out = ["| " + " | ".join(keep(header)) + " |", "|" + "|".join(keep(rule)) + "|"]
    out += ["| " + " | ".join(keep(r)) + " |" for r in rows]
    return "\n".join(out) + ("\n" if table.endswith("\n") else "")


def write_summary(study, stem, options, fixed_variants):
    if "summary" not in study or "table" not in study["summary"].attrs:
        note(f"{study.filename} has no /summary table; {stem}_summary.md skipped")
        return None
    table = tidy_table(text(study["summary"].attrs["table"]), set(fixed_variants))
    print(table, end="" if table.endswith("\n") else "\n")
    options.out_dir.mkdir(parents=True, exist_ok=True)
    path = options.out_dir / f"{stem}_summary.md"
    path.write_text(table)
    print(path)
    return path
