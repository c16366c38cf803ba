#include "solver/run/run_config.h"

#include <torch/cuda.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <thread>

#include "solver/autodiff/taylor_engine.h"
#include "solver/common/text.h"
#include "solver/config/reader.h"
#include "solver/config/yaml_text.h"
#include "solver/formula_problem/problem_section.h"
#include "solver/network/activation.h"
#include "solver/network/mlp.h"
#include "solver/run/embedding_config.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/inverse_config.h"
#include "solver/run/point_sets.h"
#include "solver/run/slope_init_config.h"
#include "solver/run/time_windows.h"
#include "solver/run/weighting_config.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string order_name(int order) {
  switch (order) {
    case 1:
      return "first";
    case 2:
      return "second";
    case 3:
      return "third";
    case 4:
      return "fourth";
    default:
      return "order-" + std::to_string(order);
  }
}

// The names of the unknowns section, which a formula problem needs before it compiles.
std::vector<std::string> unknown_names(const Reader& root) {
  if (!root.has("unknowns") || !root.node("unknowns").IsMap()) return {};
  std::vector<std::string> names;
  // A key that is not a scalar names no parameter: read_unknowns reports it.
  for (const auto& entry : root.node("unknowns")) {
    if (entry.first.IsScalar()) names.push_back(entry.first.Scalar());
  }
  return names;
}

// Reads problem.*; returns the parameters `unknowns` may name.
std::vector<std::string> read_problem(const Reader& root, const ProblemRegistry& registry,
                                      RunConfig& config) {
  const auto section = root.section("problem");
  if (is_formula_problem(section)) {
    auto formula = read_formula_problem(section, unknown_names(root));
    config.problem_name = formula.name;
    config.problem = std::move(formula.problem);
    return formula.parameters;
  }
  config.problem_name = section.required_choice("name", registry.names());
  const auto& entry = registry.find(config.problem_name);
  for (const auto& spec : entry.parameters) {
    const ParameterValue value = std::visit(
        Overloaded{[&](double d) -> ParameterValue { return section.number(spec.name, d); },
                   [&](int64_t i) -> ParameterValue { return section.integer(spec.name, i); },
                   [&](const std::string& s) -> ParameterValue {
                     return spec.choices.empty() ? section.string(spec.name, s)
                                                 : section.choice(spec.name, s, spec.choices);
                   },
                   [&](const std::vector<double>& v) -> ParameterValue {
                     return section.numbers(spec.name, v);
                   }},
        spec.default_value);
    config.problem_parameters.set(spec.name, value);
  }
  section.finish();
  try {
    config.problem = entry.create(config.problem_parameters);
    config.problem->domain().validate();
  } catch (const ParameterError& e) {
    section.fail(e.name(), e.what());
  }
  for (const auto& note : config.problem->warnings()) {
    config.warnings.push_back(section.location(note.parameter) + ": key '" +
                              section.path(note.parameter) + "': " + note.text);
  }
  std::vector<std::string> coefficients;
  for (const auto& p : entry.parameters) {
    if (p.coefficient) coefficients.push_back(p.name);
  }
  return coefficients;
}

void read_network(const Reader& section, RunConfig& config) {
  auto& net = config.network;
  net.hidden = section.integers("hidden", net.hidden, Rule<int64_t>::positive());
  net.activation = section.choice("activation", net.activation, activation_names());
  net.init = section.choice("init", net.init, init_names());
  net.transform = config.problem->output_transform();
  const auto domain = config.problem->domain();
  for (const auto& name : section.choices("periodic", {}, domain.names)) {
    const auto axis = std::find(domain.names.begin(), domain.names.end(), name);
    const auto index = static_cast<int64_t>(axis - domain.names.begin());
    if (std::count(net.periodic.begin(), net.periodic.end(), index) > 0) {
      section.fail("periodic", "input '" + name + "' is listed twice");
    }
    net.periodic.push_back(index);
  }
  read_embeddings(section, domain, net);
  const auto adaptive = section.section("adaptive");
  net.mode =
      parse_adaptive_mode(adaptive.choice("mode", to_string(net.mode), adaptive_mode_names()));
  net.scale = adaptive.number("scale", net.scale, Rule<double>::at_least(1.0));
  read_slope_init(adaptive, net);
  config.slope_recovery =
      adaptive.number("slope_recovery", config.slope_recovery, Rule<double>::non_negative());
  if (config.slope_recovery > 0 && net.mode == AdaptiveMode::Fixed) {
    adaptive.fail("slope_recovery",
                  "value " + config::format_number(config.slope_recovery) +
                      " needs adaptive slopes, but network.adaptive.mode is fixed; set the mode "
                      "to global, layer or neuron, or slope_recovery to 0");
  }
  // A fixed activation has no slope for the scale to multiply: accepting it would make runs
  // that differ only in scale, e.g. a study's duplicate fixed variants.
  if (net.scale != 1.0 && net.mode == AdaptiveMode::Fixed) {
    adaptive.fail("scale", "value " + config::format_number(net.scale) +
                               " with network.adaptive.mode fixed: scale applies to adaptive "
                               "slopes only; use mode global, layer or neuron, or drop scale "
                               "(or set it to 1)");
  }
  adaptive.finish();
  section.finish();

  const int needed = max_derivative_order(*config.problem);
  const auto& activation = find_activation(net.activation);
  if (needed > activation.informative_order) {
    std::vector<std::string> usable;
    for (const auto& name : activation_names()) {
      if (find_activation(name).informative_order >= needed) usable.push_back(name);
    }
    section.fail("activation",
                 "value '" + net.activation + "': problem '" + config.problem_name + "' needs " +
                     order_name(needed) + " derivatives, and the " + order_name(needed) +
                     " derivative of " + net.activation +
                     " is zero almost everywhere, so the residual could not train; use one "
                     "of: " +
                     join(usable));
  }
  net.inputs = domain.dim();
  net.outputs = static_cast<int64_t>(config.problem->outputs().size());
  net.input_lo = domain.lo;
  net.input_hi = domain.hi;
}

// `limit`: the most distinct points the term can draw (drawable_points), with its reason.
ResampleSpec read_resample(const Reader& s, int64_t points, std::optional<int64_t> limit,
                           const std::string& why_limit) {
  ResampleSpec r;
  r.every = s.required_integer("every", Rule<int64_t>::positive());
  r.method = s.choice("method", "rad", {"rad", "uniform"}) == "rad" ? ResampleSpec::Method::Rad
                                                                    : ResampleSpec::Method::Uniform;
  if (r.method == ResampleSpec::Method::Rad) {
    const int64_t most = limit.value_or(std::numeric_limits<int64_t>::max());
    r.candidates = s.integer(
        "candidates", std::min(10 * points, most),
        Rule<int64_t>([points, most](const int64_t& v) { return v >= points && v <= most; },
                      "must be >= the term's points (" + std::to_string(points) + ")" +
                          (limit ? " and <= " + std::to_string(most) + why_limit : "")));
    r.k = s.number("k", r.k, Rule<double>::non_negative());
    r.c = s.number("c", r.c, Rule<double>::non_negative());
    if (r.k == 0 && r.c == 0) s.fail("c", "k and c are both 0: every weight would be 0");
  }
  s.finish();
  return r;
}

// The most distinct points term `index` can draw in each time window (the whole interval
// without windows), or nothing where any number can.
std::optional<int64_t> drawable_in_each_window(const RunConfig& config, const LossTerm& term,
                                               size_t index, SamplingMethod method) {
  const auto domain = config.problem->domain();
  const auto& edges = config.window_edges;
  if (edges.size() <= 2) {
    return drawable_points(domain, term, method, term_seed(config.seed, index));
  }
  std::optional<int64_t> least;
  for (size_t k = 0; k + 1 < edges.size(); ++k) {
    const auto n = drawable_points(window_domain(domain, edges, k), term, method,
                                   term_seed(window_seed(config.seed, k), index));
    if (!n) return std::nullopt;
    least = std::min(least.value_or(*n), *n);
  }
  return least;
}

// After read_training: a point set's terms draw from the run's seed and windows.
void read_sampling(const Reader& section, const std::vector<LossTerm>& terms, RunConfig& config) {
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& term = terms[i];
    if (!term.fixed_points.empty()) {
      const auto count =
          static_cast<int64_t>(term.fixed_points.size()) / config.problem->domain().dim();
      if (section.has(term.name)) {
        section.fail(term.name, "the " + std::to_string(count) + " points of term '" + term.name +
                                    "' are given by the problem; remove sampling." + term.name);
      }
      config.sampling[term.name] = {count, SamplingMethod::Uniform};
      continue;
    }
    const auto s = section.section(term.name);
    SamplingSpec spec;
    spec.method = parse_sampling_method(
        s.choice("method", to_string(SamplingMethod::Lhs), sampling_method_names()));
    const auto limit = drawable_in_each_window(config, term, i, spec.method);
    const auto why_limit = limit ? ": the domain's files hold " + std::to_string(*limit) +
                                       " distinct points for term '" + term.name + "'" +
                                       (term.select ? " where its predicate holds" : "") +
                                       (config.window_edges.size() > 2 ? " in a time window" : "")
                                 : std::string();
    if (limit && *limit < 1) s.fail("points", "has no point to draw" + why_limit);
    auto rule = Rule<int64_t>::positive();
    if (limit) {
      const auto most = *limit;
      rule = Rule<int64_t>::all_of(
          {rule, Rule<int64_t>([most](const int64_t& v) { return v <= most; },
                               "must be <= " + std::to_string(most) + why_limit)});
    }
    spec.points = s.integer(
        "points", limit ? std::min(term.default_points, *limit) : term.default_points, rule);
    if (const auto resample = s.optional_section("resample")) {
      spec.resample = read_resample(*resample, spec.points, limit, why_limit);
    }
    s.finish();
    config.sampling[term.name] = spec;
  }
  section.finish();
}

// training.derivatives: auto picks the fastest engine that serves the problem.
DerivativeEngine read_derivative_engine(const Reader& section, const RunConfig& config) {
  std::vector<std::string> names = {"auto"};
  for (const auto& name : derivative_engine_names()) names.push_back(name);
  const auto name = section.choice("derivatives", "auto", names);
  const int order = max_derivative_order(*config.problem);
  if (name == "auto") return fastest_engine(order);
  const auto engine = parse_derivative_engine(name);
  if (engine == DerivativeEngine::Taylor && order > kTaylorMaxOrder) {
    section.fail("derivatives", "value 'taylor': problem '" + config.problem_name + "' needs " +
                                    order_name(order) + " derivatives and the taylor engine " +
                                    "computes up to " + order_name(kTaylorMaxOrder) +
                                    " ones; use autograd or auto");
  }
  return engine;
}

std::string resolve_device(const Reader& section) {
  const auto device = section.choice("device", "cpu", {"auto", "cpu", "cuda"});
  const bool cuda = torch::cuda::is_available();
  if (device == "auto") return cuda ? "cuda" : "cpu";
  if (device == "cuda" && !cuda) {
    section.fail("device",
                 "value 'cuda': no CUDA device is available to this LibTorch build; use cpu or "
                 "auto");
  }
  return device;
}

// The flow form of a map node's entries ("iterations: 1000, lr: 0.001").
std::string flow_entries(const YAML::Node& map) {
  std::string out;
  if (!map.IsMap()) return out;
  for (const auto& entry : map) {
    out += (out.empty() ? "" : ", ") + entry.first.as<std::string>() + ": " +
           config::flow_text(entry.second);
  }
  return out;
}

// training.adam and training.lbfgs were replaced by training.phases: say what to write.
void refuse_old_optimizer_keys(const Reader& section) {
  const bool adam = section.has("adam"), lbfgs = section.has("lbfgs");
  if (!adam && !lbfgs) return;
  std::string phases;
  for (const char* name : {"adam", "lbfgs"}) {
    if (!section.has(name)) continue;
    const auto entries = flow_entries(section.node(name));
    phases += std::string(phases.empty() ? "" : ", ") + "{optimizer: " + name +
              (entries.empty() ? "" : ", " + entries) + "}";
  }
  section.fail(adam ? "adam" : "lbfgs",
               "training.adam and training.lbfgs are replaced by a list of phases; write "
               "training.phases: [" +
                   phases + "] (optimizers: " + join(phase_optimizer_names()) + ")");
}

PhaseOptions read_phase(const Reader& s) {
  PhaseOptions p;
  p.optimizer = parse_phase_optimizer(s.required_choice("optimizer", phase_optimizer_names()));
  p.iterations = s.integer("iterations", p.iterations, Rule<int64_t>::non_negative());
  switch (p.optimizer) {
    case PhaseOptimizer::Adam: {
      p.lr = s.number("lr", p.lr, Rule<double>::positive());
      const auto betas = s.numbers(
          "betas", {p.beta1, p.beta2},
          Rule<double>::all_of({Rule<double>::non_negative(), Rule<double>::less_than(1.0)}));
      if (betas.size() != 2) s.fail("betas", "must have two entries [beta1, beta2]");
      p.beta1 = betas[0];
      p.beta2 = betas[1];
      p.eps = s.number("eps", p.eps, Rule<double>::positive());
      if (const auto decay_section = s.optional_section("decay")) {
        const auto& decay = *decay_section;
        p.decay_rate = decay.required_number(
            "rate", Rule<double>::all_of({Rule<double>::positive(), Rule<double>::at_most(1.0)}));
        p.decay_every = decay.required_integer("every", Rule<int64_t>::positive());
        decay.finish();
      }
      break;
    }
    case PhaseOptimizer::Lbfgs:
      p.history = s.integer("history", p.history, Rule<int64_t>::in_range(1, 1000));
      p.tolerance_grad = s.number("tolerance_grad", p.tolerance_grad, Rule<double>::non_negative());
      break;
    case PhaseOptimizer::Bfgs:
    case PhaseOptimizer::SsBfgs:
    case PhaseOptimizer::SsBroyden: {
      p.tolerance_grad = s.number("tolerance_grad", 0.0, Rule<double>::non_negative());
      const Rule<double> open_unit([](const double& v) { return v > 0 && v < 1; },
                                   "must be in (0, 1)");
      p.c1 = s.number("c1", p.c1, open_unit);
      p.c2 = s.number("c2", p.c2, open_unit);
      if (p.c2 <= p.c1) {
        s.fail("c2", "value " + config::format_number(p.c2) +
                         " must be greater than c1 = " + config::format_number(p.c1));
      }
      p.loss_transform = parse_loss_transform(
          s.choice("loss_transform", to_string(p.loss_transform), loss_transform_names()));
      break;
    }
  }
  s.finish();
  return p;
}

std::vector<PhaseOptions> read_phases(const Reader& section) {
  std::vector<PhaseOptions> phases;
  for (const auto& s : section.sections("phases", YAML::Load("[{optimizer: adam}]"))) {
    phases.push_back(read_phase(s));
  }
  if (phases.empty()) section.fail("phases", "must list at least one phase");
  return phases;
}

// A dense quasi-Newton phase holds a P x P float64 matrix: refuse networks for
// which that is too much.
void check_dense_size(const Reader& section, const RunConfig& config) {
  constexpr int64_t kMaxDenseParameters = 10000;
  bool dense = false;
  for (const auto& p : config.trainer.phases) dense = dense || is_dense_quasi_newton(p.optimizer);
  if (!dense) return;
  const Mlp net(config.network);
  int64_t count = 0;
  for (const auto& p : net->parameters()) count += p.numel();
  if (count > kMaxDenseParameters) {
    const double megabytes = 8.0 * double(count) * double(count) / 1e6;
    section.fail("phases", "the network has " + std::to_string(count) +
                               " trainable parameters; a dense quasi-Newton phase would hold a " +
                               std::to_string(count) + " x " + std::to_string(count) + " matrix (" +
                               std::to_string(int64_t(megabytes)) + " MB), and at most " +
                               std::to_string(kMaxDenseParameters) +
                               " parameters are allowed; use lbfgs for this network");
  }
}

void read_training(const Reader& section, const std::vector<LossTerm>& terms, RunConfig& config) {
  config.seed = section.integer("seed", config.seed, Rule<int64_t>::non_negative());
  config.dtype = section.choice("dtype", config.dtype, {"float32", "float64"});
  config.device = resolve_device(section);
  const auto cores = static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.threads = section.integer("threads", cores, Rule<int64_t>::in_range(1, 1024));
  config.derivatives = read_derivative_engine(section, config);

  refuse_old_optimizer_keys(section);
  auto& t = config.trainer;
  t.phases = read_phases(section);
  t.threads = static_cast<int>(config.threads);
  check_dense_size(section, config);
  t.log_every = section.integer("log_every", t.log_every, Rule<int64_t>::positive());
  t.on_divergence = section.choice("on_divergence", "stop", {"stop", "rollback"}) == "rollback"
                        ? TrainerOptions::OnDivergence::Rollback
                        : TrainerOptions::OnDivergence::Stop;
  t.max_rollbacks =
      section.integer("max_rollbacks", t.max_rollbacks, Rule<int64_t>::in_range(0, 100));
  config.window_edges = read_time_windows(section, config, terms);

  const auto weights = section.section("loss_weights");
  for (const auto& term : terms) {
    const double given = term.name == "observations" ? config.observation_weight : 1.0;
    config.loss_weights[term.name] = weights.number(term.name, given, Rule<double>::non_negative());
  }
  weights.finish();
  read_loss_weighting(section, terms, config);
  section.finish();
}

void read_output(const Reader& section, RunConfig& config) {
  config.output_file = section.string(
      "file", config.problem_name + ".h5",
      Rule<std::string>([](const std::string& s) { return !s.empty(); }, "must not be empty"));
  const auto& file = config.output_file;
  const bool h5 = file.size() > 3 && file.compare(file.size() - 3, 3, ".h5") == 0;
  config.checkpoint_file = section.string(
      "checkpoint", (h5 ? file.substr(0, file.size() - 3) : file) + ".checkpoint.h5",
      Rule<std::string>([&](const std::string& s) { return !s.empty() && s != file; },
                        "must not be empty nor the result file"));
  config.trainer.checkpoint_every =
      section.integer("checkpoint_every", int64_t{1000}, Rule<int64_t>::non_negative());
  config.grid = read_grid_points(section.section("grid"), config.problem->domain());
  check_grid_nodes(section, config.grid);
  section.finish();
}

}  // namespace

std::vector<int64_t> read_grid_points(const Reader& grid, const Domain& domain) {
  const int64_t per_axis = default_grid_points(domain.dim());
  std::vector<int64_t> points;
  for (const auto& name : domain.names) {
    points.push_back(grid.integer(name, per_axis, Rule<int64_t>::in_range(2, 100000)));
  }
  grid.finish();
  return points;
}

void check_grid_nodes(const Reader& section, const std::vector<int64_t>& points) {
  const double nodes = grid_nodes(points);
  if (nodes > static_cast<double>(kMaxGridNodes)) {
    // Exact where an int64_t holds the count, as %g beyond (16 axes of 100000 points).
    std::string count = format_g(nodes);
    if (nodes < 1e18) {
      int64_t exact = 1;
      for (const auto n : points) exact *= n;
      count = std::to_string(exact);
    }
    section.fail("grid", "has " + count + " points in all; the evaluation grid must have at most " +
                             std::to_string(kMaxGridNodes));
  }
}

RunConfig parse_run_config(config::ConfigSource& source, const ProblemRegistry& registry) {
  RunConfig config;
  config.warnings = source.warnings();
  const Reader root(source);
  const auto coefficients = read_problem(root, registry, config);
  read_inverse_problem(root, coefficients, config);
  const auto terms = config.problem->loss_terms();
  read_network(root.section("network"), config);
  read_training(root.section("training"), terms, config);
  read_sampling(root.section("sampling"), terms, config);
  auto& fourier = config.network.fourier;
  if (!fourier.seeded) fourier.seed = static_cast<uint64_t>(config.seed);
  config.network.slope_init.seed = static_cast<uint64_t>(config.seed);
  read_output(root.section("output"), config);
  root.finish();
  config.resolved_yaml = config::to_yaml(source.root());
  return config;
}

}  // namespace pinn
