"""The trained network of a pinn result file, evaluated at your own points in numpy.

    import sys; sys.path.insert(0, "tools")          # from the repository root
    import numpy as np, pinn_model
    model = pinn_model.load("burgers.h5")
    model.inputs, model.outputs                      # ['x', 't'], ['u']
    points = np.array([[0.1, 0.5], [0.2, 0.5]])      # N x inputs, columns in that order
    u = model(points)                                # (N x outputs) array
    u_xx = model.derivative(points, "u_xx")          # (N,) array, exact
    d = model.derivatives(points, ["u_x", "u_xt"])   # dict name -> (N,) array
    net = model.torch_module()                       # torch.nn.Module (needs PyTorch)

Derivatives are exact, not finite differences: the points are pushed through the
network as truncated multivariate Taylor polynomials (orders 1 to 4, mixed partials
included), using each activation's derivatives up to the fourth. A derivative spec is
OUTPUT_INPUTS (u_x, u_xt, v_yy, u_xxxx): an output name, "_", then input names.

The network is described by the attributes of the result's /network group; files
written before those existed are read from the resolved config (root attribute
`config`, needs PyYAML) and the /solution attributes. Needs numpy and h5py only;
torch_module() needs PyTorch and is the one place that imports it.

Bad input: points with the wrong number of columns raise ValueError naming the inputs;
points outside the training box are still computed, with a warning naming their rows.
A result whose outputs pass through an output transform (problem.transform: formulas of
the raw network outputs) is refused with ValueError: `pinn eval` evaluates it.
"""

import math
import warnings

import numpy as np

ADAPTIVE_MODES = ("fixed", "global", "layer", "neuron")
MAX_ORDER = 4
_DOMAIN_TOLERANCE = 1e-12  # relative to the box's width: points on its faces are inside
_WARN_ROWS = 5  # rows named in the outside-the-domain warning
_JET_ROWS = 8192  # points per block of the derivative engine
_erf = np.vectorize(math.erf, otypes=[np.float64])  # numpy has no erf; math.erf is exact


# ------------------------------------------------------------------ activations


def _step(y):
    return (y > 0).astype(y.dtype)


def _sigmoid(y):
    e = np.exp(-np.abs(y))  # never overflows
    return np.where(y >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid_series(s, order):
    """sigmoid and its derivatives up to `order`, from its value s."""
    if order == 0:
        return [s]
    d = s * (1 - s)
    g = [s, d, lambda: d * (1 - 2 * s), lambda: d * (1 - 6 * s + 6 * s * s),
         lambda: d * (1 - 2 * s) * (1 - 12 * s + 12 * s * s)]
    return g[:2] + [f() for f in g[2:order + 1]]


def _times_identity(y, f, order):
    """Derivatives of y f(y) from f's: (y f)^(m) = y f^(m) + m f^(m-1)."""
    return [y * f[0]] + [y * f[m] + m * f[m - 1] for m in range(1, order + 1)]


def _piecewise_linear(value, slope, order):
    return ([value, slope] + [np.zeros_like(value)] * (order - 1))[:order + 1]


def _softplus_tail(y):
    return np.log1p(np.exp(-np.abs(y)))


def _tanh(y, w, order):
    t = np.tanh(y)
    if order == 0:
        return [t]
    d = 1 - t * t
    rest = [lambda: -2 * t * d, lambda: d * (6 * t * t - 2), lambda: t * d * (16 - 24 * t * t)]
    return [t, d] + [f() for f in rest[:order - 1]]


def _sin(y, w, order):
    s = np.sin(y)
    if order == 0:
        return [s]
    c = np.cos(y)
    return [s, c, -s, -c, s][:order + 1]


def _relu(y, w, order):
    on = _step(y)
    return _piecewise_linear(y * on, on, order)


def _relu6(y, w, order):
    on, top = _step(y), _step(y - 6)
    return _piecewise_linear(y * on - (y - 6) * top, on - top, order)


def _leaky_relu(y, w, order):
    slope = 0.01 + 0.99 * _step(y)
    return _piecewise_linear(y * slope, slope, order)


def _prelu(y, w, order):
    on = _step(y)
    slope = on + w * (1 - on)
    return _piecewise_linear(y * slope, slope, order)


def _elu(y, w, order):  # also celu: both with alpha = 1
    on = _step(y)
    off, p = 1 - on, np.exp(np.minimum(y, 0))
    return ([y * on + (p - 1) * off, on + p * off] + [p * off] * (order - 1))[:order + 1]


def _softplus(y, w, order):
    g = _sigmoid_series(_sigmoid(y), max(order - 1, 0))
    return [np.maximum(y, 0) + _softplus_tail(y)] + g[:order]


def _logsigmoid(y, w, order):
    g = _sigmoid_series(_sigmoid(y), max(order - 1, 0))
    value = -(np.maximum(-y, 0) + _softplus_tail(y))
    return ([value, 1 - g[0]] + [-gm for gm in g[1:]])[:order + 1]


def _silu(y, w, order):
    return _times_identity(y, _sigmoid_series(_sigmoid(y), order), order)


def _gelu(y, w, order):
    phi = np.exp(-0.5 * y * y) / math.sqrt(2 * math.pi)
    f = [0.5 * (1 + _erf(y / math.sqrt(2))), phi, -y * phi, (y * y - 1) * phi,
         (3 - y * y) * y * phi]
    return _times_identity(y, f, order)


def _softshrink(y, w, order):
    above, below = _step(y - 0.5), _step(-0.5 - y)
    return _piecewise_linear((y - 0.5) * above + (y + 0.5) * below, above + below, order)


# sigma(y, w, order) -> [sigma, sigma', ..., sigma^(order)]; w: prelu's slope, else None.
ACTIVATIONS = {
    "celu": _elu, "elu": _elu, "gelu": _gelu, "leaky_relu": _leaky_relu,
    "logsigmoid": _logsigmoid, "prelu": _prelu, "relu": _relu, "relu6": _relu6,
    "sigmoid": lambda y, w, order: _sigmoid_series(_sigmoid(y), order), "silu": _silu,
    "sin": _sin, "softplus": _softplus, "softshrink": _softshrink, "tanh": _tanh,
}


# ------------------------------------------------------------------ Taylor jets


class _Jets:
    """Truncated multivariate Taylor arithmetic on a down-closed set of multi-indices.

    A jet is an array (len(index), N, width): entry k holds the coefficients
    D^alpha f / alpha! of multi-index alpha = index[k]. Products and compositions
    truncated to a down-closed set are exact on it, as the coefficient of alpha only
    involves those of multi-indices below it."""

    def __init__(self, targets, dims):
        index = {(0,) * dims}
        for alpha in targets:
            index.update(np.ndindex(*[a + 1 for a in alpha]))
        self.index = sorted(index, key=lambda a: (sum(a), a))
        self.position = {alpha: k for k, alpha in enumerate(self.index)}
        self.degree = np.array([sum(a) for a in self.index])
        self.order = int(self.degree.max())
        # For each alpha, the pairs (beta, alpha - beta) of positions with beta <= alpha.
        self.pairs = []
        for alpha in self.index:
            below = [b for b in self.index if all(x <= y for x, y in zip(b, alpha))]
            self.pairs.append([(self.position[b], self.position[tuple(
                y - x for x, y in zip(b, alpha))]) for b in below])

    def power_step(self, power, m, dz):
        """dz^(m+1) from power = dz^m, both without constant term: dz^m vanishes below
        degree m, so only the products that can be nonzero are formed."""
        out = np.zeros_like(power)
        for k, pairs in enumerate(self.pairs):
            if self.degree[k] > m:
                terms = [power[i] * dz[j] for i, j in pairs
                         if self.degree[i] >= m and self.degree[j] >= 1]
                out[k] = sum(terms[1:], terms[0])
        return out

    def compose(self, series_of, z):
        """series_of(z0, order) -> [s, s', ...] at the constant term z0; returns s(z)."""
        series = series_of(z[0], self.order)
        dz = z.copy()
        dz[0] = 0
        out = np.empty_like(z)
        out[0] = series[0]
        out[1:] = series[1] * dz[1:]
        power = dz
        for m in range(2, self.order + 1):
            power = self.power_step(power, m - 1, dz)
            rows = self.degree >= m
            out[rows] += (series[m] / math.factorial(m)) * power[rows]
        return out


# ------------------------------------------------------------------ reading a result


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _names(text):
    text = _text(text)
    return [n for n in text.split(",") if n] if text else []


def _describe_from_attributes(attrs):
    return {
        "inputs": _names(attrs["inputs"]), "outputs": _names(attrs["outputs"]),
        "input_lo": np.asarray(attrs["input_lo"], np.float64).ravel(),
        "input_hi": np.asarray(attrs["input_hi"], np.float64).ravel(),
        "hidden": [int(w) for w in np.asarray(attrs["hidden"]).ravel()],
        "activation": _text(attrs["activation"]), "mode": _text(attrs["mode"]),
        "scale": float(np.asarray(attrs["scale"]).ravel()[0]),
        "periodic": _names(attrs["periodic"]),
        "fourier_features": int(np.asarray(attrs.get("fourier_features", 0)).ravel()[0]),
        "fourier_inputs": _names(attrs.get("fourier_inputs", "")),
        "factorization": bool(np.asarray(attrs.get("factorization", 0)).ravel()[0]),
    }


def _describe_from_config(file, config):
    """Older files: the resolved YAML's network section, the /solution axes and fields."""
    try:
        import yaml
    except ImportError as e:
        raise ValueError("the file's /network group has no description attributes; reading "
                         "the resolved config instead needs PyYAML (Debian: python3-yaml)") from e
    network = (yaml.safe_load(config) or {}).get("network") or {}
    adaptive = network.get("adaptive") or {}
    solution = file["solution"]
    inputs = _names(solution.attrs["axes"])
    fields = _names(solution.attrs.get("outputs", "u"))
    derived = set(_names(solution.attrs.get("derived", "")))
    axes = [np.asarray(solution[name], np.float64) for name in inputs]
    return {
        "inputs": inputs, "outputs": [f for f in fields if f not in derived],
        # The solution grid runs over the input box, its endpoints exactly.
        "input_lo": np.array([a[0] for a in axes]), "input_hi": np.array([a[-1] for a in axes]),
        "hidden": [int(w) for w in network["hidden"]],
        "activation": str(network.get("activation", "tanh")),
        "mode": str(adaptive.get("mode", "fixed")),
        "scale": float(adaptive.get("scale", 1.0)),
        "periodic": [str(n) for n in network.get("periodic") or []],
        # Files without description attributes predate the input embeddings.
        "fourier_features": 0, "fourier_inputs": [], "factorization": False,
    }


def _describe(file, path):
    if "network" not in file:
        raise ValueError(f"'{path}' has no /network group: not a pinn training result")
    attrs = file["network"].attrs
    if "activation" in attrs:
        return _describe_from_attributes(attrs)
    config = _text(file.attrs.get("config", ""))
    try:
        return _describe_from_config(file, config)
    except ValueError:
        raise
    except Exception as e:  # a malformed or foreign file: say what was tried
        raise ValueError(f"'{path}': /network has no description attributes and the network "
                         f"cannot be read from the root attribute 'config' and /solution "
                         f"either ({type(e).__name__}: {e})") from e


def _check(spec, params, path):
    def fail(rule):
        raise ValueError(f"'{path}': network {rule}")
    if spec["activation"] not in ACTIVATIONS:
        fail(f"activation '{spec['activation']}' is not one of {', '.join(sorted(ACTIVATIONS))}")
    if spec["mode"] not in ADAPTIVE_MODES:
        fail(f"mode '{spec['mode']}' is not one of {', '.join(ADAPTIVE_MODES)}")
    unknown = [n for n in spec["periodic"] if n not in spec["inputs"]]
    if unknown:
        fail(f"periodic input(s) {', '.join(unknown)} not among inputs {', '.join(spec['inputs'])}")
    if not (len(spec["input_lo"]) == len(spec["input_hi"]) == len(spec["inputs"])):
        fail("input box needs one lower and one upper bound per input")
    m, read = spec["fourier_features"], spec["fourier_inputs"]
    unknown = [n for n in read if n not in spec["inputs"]]
    if unknown:
        fail(f"Fourier input(s) {', '.join(unknown)} not among inputs {', '.join(spec['inputs'])}")
    if m and params.get("fourier_frequencies", np.zeros(0)).shape != (m, len(read)):
        fail(f"fourier_frequencies must have shape {(m, len(read))}")
    unread = [n for n in spec["inputs"] if n not in read]
    width = 2 * m + len(unread) + len([n for n in spec["periodic"] if n in unread])
    layers = [f"hidden_{k}" for k in range(len(spec["hidden"]))] + ["output"]
    widths = list(spec["hidden"]) + [len(spec["outputs"])]
    for name, rows in zip(layers, widths):
        shapes = [(f"{name}.weight", (rows, width)), (f"{name}.bias", (rows,))]
        shapes += [(f"{name}.log_scale", (rows,))] if spec["factorization"] else []
        for key, shape in shapes:
            if key not in params:
                fail(f"parameter {key} is missing")
            if params[key].shape != shape:
                fail(f"parameter {key} has shape {params[key].shape}, expected {shape}")
        width = rows
    for k, rows in enumerate(spec["hidden"]):
        needed = {"fixed": [], "global": ["slope"], "layer": [f"slope_{k}"],
                  "neuron": [f"slope_{k}"]}[spec["mode"]]
        needed += [f"prelu_{k}"] if spec["activation"] == "prelu" else []
        for key in needed:
            if key not in params:
                fail(f"parameter {key} is missing ({spec['mode']} mode, {spec['activation']})")
            if params[key].size not in (1, rows):
                fail(f"parameter {key} has shape {params[key].shape}, expected (1,) or ({rows},)")


# ------------------------------------------------------------------ the model


class Model:
    """The network of one result; call it on an (N x inputs) array of points."""

    def __init__(self, spec, params, config):
        self.inputs = list(spec["inputs"])
        self.outputs = list(spec["outputs"])
        self.config = config
        self.hidden = list(spec["hidden"])
        self.activation = spec["activation"]
        self.mode = spec["mode"]
        self.scale = spec["scale"]
        self.periodic = list(spec["periodic"])
        self.input_lo, self.input_hi = spec["input_lo"], spec["input_hi"]
        self.parameters = params
        self._shift = (self.input_hi + self.input_lo) / 2
        self._input_scale = 2 / (self.input_hi - self.input_lo)
        self.fourier_inputs = list(spec["fourier_inputs"])
        self.factorization = spec["factorization"]
        # (w, phase or None): the first layer's columns, as in the C++ network
        # (solver/network/input_features.h): theta = x' . w, then sin(theta + phase) or
        # theta itself. Fourier features cos(B x'), sin(B x') first, then the other inputs.
        self._features = []
        dims = len(self.inputs)
        if spec["fourier_features"]:
            read = [self.inputs.index(n) for n in self.fourier_inputs]
            rows = np.zeros((spec["fourier_features"], dims))
            rows[:, read] = params["fourier_frequencies"]
            self._features += [(w, math.pi / 2) for w in rows] + [(w, 0.0) for w in rows]
        for i, name in enumerate(self.inputs):
            if name in self.fourier_inputs:
                continue
            unit = np.eye(dims)[i]
            self._features += ([(math.pi * unit, math.pi / 2), (math.pi * unit, 0.0)]
                               if name in self.periodic else [(unit, None)])
        self._sigma = ACTIVATIONS[self.activation]
        self._layers = []
        for k in range(len(self.hidden)):
            slope_name = "slope" if self.mode == "global" else f"slope_{k}"
            slope = None if self.mode == "fixed" else self.scale * params[slope_name]
            self._layers.append((self.weight(f"hidden_{k}"), params[f"hidden_{k}.bias"], slope,
                                 params.get(f"prelu_{k}")))

    def weight(self, layer):
        """The weight a layer applies: diag(exp(log_scale)) weight where factorised."""
        weight = self.parameters[f"{layer}.weight"]
        if not self.factorization:
            return weight
        return np.exp(self.parameters[f"{layer}.log_scale"])[:, None] * weight

    def __repr__(self):
        return (f"<pinn network {','.join(self.inputs)} -> {','.join(self.outputs)}: "
                f"hidden {self.hidden}, {self.activation}, {self.mode} mode>")

    def _points(self, points):
        x = np.asarray(points, dtype=np.float64)
        if x.ndim == 1 and len(self.inputs) == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[1] != len(self.inputs):
            raise ValueError(f"points must be an N x {len(self.inputs)} array with columns "
                             f"{', '.join(self.inputs)}; got shape {x.shape}")
        slack = _DOMAIN_TOLERANCE * (self.input_hi - self.input_lo)
        outside = np.flatnonzero(((x < self.input_lo - slack) | (x > self.input_hi + slack))
                                 .any(axis=1))
        if outside.size:
            rows = ", ".join(str(r) for r in outside[:_WARN_ROWS])
            more = f" and {outside.size - _WARN_ROWS} more" if outside.size > _WARN_ROWS else ""
            box = ", ".join(f"{n} in [{lo:g}, {hi:g}]" for n, lo, hi in
                            zip(self.inputs, self.input_lo, self.input_hi))
            warnings.warn(f"{outside.size} point(s) outside the training domain ({box}): "
                          f"row(s) {rows}{more}", stacklevel=3)
        return x

    def __call__(self, points):
        """Network outputs at the points: (N x outputs)."""
        x = (self._points(points) - self._shift) * self._input_scale
        h = np.stack([x @ w if phase is None else np.sin(x @ w + phase)
                      for w, phase in self._features], axis=1)
        for weight, bias, slope, w in self._layers:
            z = h @ weight.T + bias
            h = self._sigma(z if slope is None else slope * z, w, 0)[0]
        return h @ self.weight("output").T + self.parameters["output.bias"]

    def parse(self, spec):
        """(output index, multi-index over inputs) of a derivative spec such as u_xt."""
        valid = (f"outputs: {', '.join(self.outputs)}; inputs: {', '.join(self.inputs)}")
        heads = [o for o in self.outputs if spec.startswith(o + "_")]
        if not heads:
            raise ValueError(f"derivative '{spec}' does not start with an output name and '_' "
                             f"({valid})")
        output = max(heads, key=len)
        rest = spec[len(output) + 1:]
        # splits[k]: the ways to cut rest[:k] into input names (at most two are kept).
        splits = [[[]]] + [[] for _ in rest]
        for end in range(1, len(rest) + 1):
            for name in self.inputs:
                start = end - len(name)
                if start >= 0 and rest[start:end] == name:
                    splits[end] += [s + [name] for s in splits[start]]
            splits[end] = splits[end][:2]
        if not splits[-1]:
            raise ValueError(f"derivative '{spec}': '{rest}' is not a sequence of input names "
                             f"({valid})")
        if len(splits[-1]) > 1:
            raise ValueError(f"derivative '{spec}' is ambiguous: '{rest}' splits into input "
                             f"names in more than one way ({valid})")
        names = splits[-1][0]
        if not 1 <= len(names) <= MAX_ORDER:
            raise ValueError(f"derivative '{spec}' has order {len(names)}; orders 1 to "
                             f"{MAX_ORDER} are supported")
        return self.outputs.index(output), tuple(names.count(n) for n in self.inputs)

    def derivatives(self, points, specs):
        """Exact derivatives of the outputs: dict spec -> (N,) array."""
        parsed = {s: self.parse(s) for s in ([specs] if isinstance(specs, str) else specs)}
        x = (self._points(points) - self._shift) * self._input_scale
        if not parsed:
            return {}
        jets = _Jets([alpha for _, alpha in parsed.values()], len(self.inputs))
        # Blocks of rows bound the memory of the jets: (multi-indices, rows, width) each.
        blocks = [self._output_jets(jets, x[start:start + _JET_ROWS])
                  for start in range(0, max(len(x), 1), _JET_ROWS)]
        out = np.concatenate(blocks, axis=1)
        return {s: math.prod(math.factorial(a) for a in alpha) * out[jets.position[alpha], :, o]
                for s, (o, alpha) in parsed.items()}

    def _output_jets(self, jets, x):
        h = self._feature_jets(jets, x)
        for weight, bias, slope, w in self._layers:
            z = h @ weight.T
            z[0] += bias
            h = jets.compose(lambda y, order: self._sigma(y, w, order),
                             z if slope is None else slope * z)
        return h @ self.weight("output").T

    def derivative(self, points, spec):
        """One exact derivative (spec e.g. "u_xx"): an (N,) array."""
        return self.derivatives(points, [spec])[spec]

    def _feature_jets(self, jets, x):
        columns = []
        for w, phase in self._features:
            # theta = x' . w is linear: its first derivatives are w_i scale_i.
            column = np.zeros((len(jets.index), x.shape[0]))
            column[0] = x @ w
            for i in range(len(self.inputs)):
                unit = tuple(int(j == i) for j in range(len(self.inputs)))
                if unit in jets.position:
                    column[jets.position[unit]] = w[i] * self._input_scale[i]
            if phase is not None:
                column[0] += phase
                column = jets.compose(lambda y, order: _sin(y, None, order),
                                      column[:, :, None])[:, :, 0]
            columns.append(column)
        return np.stack(columns, axis=2)

    def torch_module(self):
        """The network as a float64 torch.nn.Module with the trained parameters (needs
        PyTorch): forward(x) on an (N x inputs) tensor, and derivative(x, spec) by autograd."""
        try:
            import torch  # only here: the rest of the module needs no torch
        except ImportError as e:
            raise ImportError("Model.torch_module() needs PyTorch (Debian: python3-torch); "
                              "everything else in pinn_model works without it") from e
        return _torch_module(torch, self)


def _torch_activation(torch, name):
    """sigma(z, w) in torch ops, written as in the C++ network so that autograd's
    higher derivatives match (softplus spelt out: torch's is linear above 20)."""
    def tail(z):
        return torch.log1p(torch.exp(-z.abs()))
    def phi_cdf(z):
        return 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    relu = torch.relu
    table = {
        "tanh": lambda z, w: torch.tanh(z), "sin": lambda z, w: torch.sin(z),
        "sigmoid": lambda z, w: torch.sigmoid(z), "relu": lambda z, w: relu(z),
        "relu6": lambda z, w: relu(z) - relu(z - 6),
        "leaky_relu": lambda z, w: torch.nn.functional.leaky_relu(z, 0.01),
        "prelu": lambda z, w: relu(z) - w * relu(-z),
        "elu": lambda z, w: torch.nn.functional.elu(z), "celu": lambda z, w: torch.celu(z),
        "softplus": lambda z, w: relu(z) + tail(z),
        "silu": lambda z, w: z * torch.sigmoid(z), "gelu": lambda z, w: z * phi_cdf(z),
        "logsigmoid": lambda z, w: -(relu(-z) + tail(z)),
        "softshrink": lambda z, w: relu(z - 0.5) - relu(-z - 0.5),
    }
    return table[name]


def _torch_module(torch, model):
    def tensor(a):
        return torch.nn.Parameter(torch.as_tensor(np.array(a), dtype=torch.float64))

    class PinnNetwork(torch.nn.Module):
        """The trained pinn network; parameters by the result file's names (dots as _)."""

        def __init__(self):
            super().__init__()
            self.inputs, self.outputs = list(model.inputs), list(model.outputs)
            self._model = model
            for name, value in model.parameters.items():
                if name != "fourier_frequencies":  # fixed, not trained
                    self.register_parameter(name.replace(".", "_"), tensor(value))
            self._columns = [(torch.as_tensor(w), phase) for w, phase in model._features]
            self.register_buffer("input_shift", torch.as_tensor(model._shift))
            self.register_buffer("input_scale", torch.as_tensor(model._input_scale))
            self._sigma = _torch_activation(torch, model.activation)

        def _p(self, name):
            return getattr(self, name.replace(".", "_"))

        def forward(self, x):
            x = (x - self.input_shift) * self.input_scale
            h = torch.stack([x @ w if phase is None else torch.sin(x @ w + phase)
                             for w, phase in self._columns], dim=1)
            for k in range(len(model.hidden)):
                z = h @ self._weight(f"hidden_{k}").T + self._p(f"hidden_{k}.bias")
                if model.mode != "fixed":
                    slope = self._p("slope" if model.mode == "global" else f"slope_{k}")
                    z = model.scale * slope * z
                w = self._p(f"prelu_{k}") if model.activation == "prelu" else None
                h = self._sigma(z, w)
            return h @ self._weight("output").T + self._p("output.bias")

        def _weight(self, layer):
            weight = self._p(f"{layer}.weight")
            if not model.factorization:
                return weight
            return torch.exp(self._p(f"{layer}.log_scale"))[:, None] * weight

        def derivative(self, x, spec):
            """d^k output / d inputs (spec as in Model.derivative) by autograd: (N,)."""
            o, alpha = model.parse(spec)
            x = x.detach().clone().requires_grad_(True)
            y = self.forward(x)[:, o]
            for i, count in enumerate(alpha):
                for _ in range(count):
                    y = torch.autograd.grad(y.sum(), x, create_graph=True)[0][:, i]
            return y

    return PinnNetwork()


class WindowedModel:
    """The networks of a time-marching run (training.windows), one per window: each point
    is evaluated by the window holding its time (a time on an inner edge by the later
    window), with the same calls as a Model."""

    def __init__(self, models, edges, time):
        self.windows, self.edges = models, np.asarray(edges, np.float64)
        self.inputs, self.outputs = models[0].inputs, models[0].outputs
        self.config = models[0].config
        self.time = self.inputs.index(time)
        self.input_lo, self.input_hi = models[0].input_lo.copy(), models[0].input_hi.copy()
        self.input_lo[self.time], self.input_hi[self.time] = self.edges[0], self.edges[-1]

    def __repr__(self):
        return f"<{len(self.windows)} time windows of {self.windows[0]!r}>"

    def _split(self, points):
        x = np.asarray(points, dtype=np.float64)
        if x.ndim == 1 and len(self.inputs) == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[1] != len(self.inputs):
            raise ValueError(f"points must be an N x {len(self.inputs)} array with columns "
                             f"{', '.join(self.inputs)}; got shape {x.shape}")
        window = np.searchsorted(self.edges, x[:, self.time], side="right") - 1
        return x, np.clip(window, 0, len(self.windows) - 1)

    def __call__(self, points):
        """Network outputs at the points: (N x outputs)."""
        x, window = self._split(points)
        out = np.empty((len(x), len(self.outputs)))
        for k in np.unique(window):
            out[window == k] = self.windows[k](x[window == k])
        return out

    def derivatives(self, points, specs):
        """Exact derivatives of the outputs: dict spec -> (N,) array."""
        x, window = self._split(points)
        specs = [specs] if isinstance(specs, str) else list(specs)
        out = {s: np.empty(len(x)) for s in specs}
        for k in np.unique(window):
            for s, values in self.windows[k].derivatives(x[window == k], specs).items():
                out[s][window == k] = values
        return out

    def derivative(self, points, spec):
        """One exact derivative (spec e.g. "u_xx"): an (N,) array."""
        return self.derivatives(points, [spec])[spec]

    def torch_module(self):
        raise ValueError("a result of time windows has one network per window; take one "
                         "window's: model.windows[k].torch_module()")


def load(path):
    """The trained network of the pinn result file at `path`, as a Model (a WindowedModel
    for a run trained in time windows)."""
    import h5py
    with h5py.File(path, "r") as file:
        spec = _describe(file, path)
        network = file["network"]
        if "transform" in network.attrs:
            raise ValueError(f"'{path}': the network's outputs pass through problem.transform "
                             "(formulas of its raw outputs), which this module does not "
                             "evaluate; pinn eval does")
        params = {name: np.asarray(d, np.float64) for name, d in network.items()
                  if isinstance(d, h5py.Dataset)}
        config = _text(file.attrs.get("config", ""))
        windows = []
        edges = np.asarray(network.attrs.get("window_edges", []), np.float64)
        time = _text(network.attrs.get("window_time", ""))
        for k in range(len(edges) - 1):
            if f"window_{k}" not in network:
                break  # a run stopped before this window
            group = network[f"window_{k}"]
            box = {"input_lo": np.asarray(group.attrs["input_lo"], np.float64),
                   "input_hi": np.asarray(group.attrs["input_hi"], np.float64)}
            windows.append(({**spec, **box},
                            {name: np.asarray(d, np.float64) for name, d in group.items()}))
    _check(spec, params, path)
    if not windows:
        return Model(spec, params, config)
    for window_spec, window_params in windows:
        _check(window_spec, window_params, path)
    return WindowedModel([Model(s, p, config) for s, p in windows], edges, time)
