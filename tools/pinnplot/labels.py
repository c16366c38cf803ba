"""Legend text of a study's variants: from a labels file, else made readable from the key.

A labels file has one `VARIANT: TEXT` line per variant, e.g.

    # variant: legend text
    mode=fixed: fixed tanh
    mode=neuron,scale=10: "neuron-wise, $n = 10$"

split at the first ": " (variant names hold no spaces). Blank lines and lines starting
with # are skipped; TEXT may be quoted, and matplotlib's $...$ mathtext works in it.
"""

import re

from .read import InputError

# Settings whose value alone names them ("mode=neuron" reads "neuron").
VALUE_ONLY_KEYS = {"mode", "optimizer", "activation", "problem"}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
# A new key=value part starts after a comma; a comma inside a value ([1,2]) does not split.
PART_SPLIT = re.compile(r",(?=[A-Za-z_][\w.]*=)")


def default_label(variant):
    """Readable legend text from a variant key: `mode=neuron,scale=10` gives
    `neuron, n = 10`, `slope_recovery=1` gives `slope recovery`."""
    if not variant or variant == "base":
        return variant or "base"
    return ", ".join(readable_part(part) for part in PART_SPLIT.split(variant))


def readable_part(part):
    key, equals, value = part.partition("=")
    if not equals:
        return part
    key = key.rsplit(".", 1)[-1]
    if key in VALUE_ONLY_KEYS:
        return value
    if key == "scale":
        return f"n = {value}"
    words = key.replace("_", " ")
    if value.lower() in TRUE_WORDS:
        return words
    if value.lower() in FALSE_WORDS:
        return f"no {words}"
    return f"{words} = {value}"


def variant_label(variant, labels):
    """The legend text of `variant`: the labels file's where it names it."""
    return labels.get(variant) or default_label(variant)


def read_labels(path):
    """{variant: legend text} from a labels file; a bad line is an InputError naming
    file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such labels file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read as a UTF-8 labels file ({error})") from None
    labels, first_line = {}, {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        key, separator, legend = line.partition(": ")
        key, legend = key.strip(), unquote(legend.strip())
        if not separator and line.endswith(":"):
            key, legend = line[:-1].strip(), ""
        elif not separator:
            raise InputError(f"{where}: expected 'VARIANT: legend text', got '{line}'")
        if not key:
            raise InputError(f"{where}: no variant before ': '")
        if not legend:
            raise InputError(f"{where}: variant '{key}' has no legend text")
        if key in first_line:
            raise InputError(f"{where}: variant '{key}' is already labelled on line "
                             f"{first_line[key]}")
        labels[key], first_line[key] = legend, number
    return labels


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
