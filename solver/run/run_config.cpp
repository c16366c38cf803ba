#include "solver/run/run_config.h"

#include <torch/cuda.h>

#include <algorithm>
#include <thread>

#include "solver/autodiff/taylor_engine.h"
#include "solver/common/text.h"
#include "solver/config/reader.h"
#include "solver/network/activation.h"

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
    default:
      return "order-" + std::to_string(order);
  }
}

void read_problem(const Reader& section, const ProblemRegistry& registry, RunConfig& config) {
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
}

void read_network(const Reader& section, RunConfig& config) {
  auto& net = config.network;
  net.hidden = section.integers("hidden", net.hidden, Rule<int64_t>::positive());
  net.activation = section.choice("activation", net.activation, activation_names());
  net.init = section.choice("init", net.init, init_names());
  const auto adaptive = section.section("adaptive");
  net.mode =
      parse_adaptive_mode(adaptive.choice("mode", to_string(net.mode), adaptive_mode_names()));
  net.scale = adaptive.number("scale", net.scale, Rule<double>::at_least(1.0));
  config.slope_recovery =
      adaptive.number("slope_recovery", config.slope_recovery, Rule<double>::non_negative());
  if (config.slope_recovery > 0 && net.mode == AdaptiveMode::Fixed) {
    adaptive.fail("slope_recovery",
                  "value " + config::format_number(config.slope_recovery) +
                      " needs adaptive slopes, but network.adaptive.mode is fixed; set the mode "
                      "to global, layer or neuron, or slope_recovery to 0");
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
  const auto domain = config.problem->domain();
  net.inputs = domain.dim();
  net.input_lo = domain.lo;
  net.input_hi = domain.hi;
}

void read_sampling(const Reader& section, const std::vector<LossTerm>& terms, RunConfig& config) {
  for (const auto& term : terms) {
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
    spec.points = s.integer("points", term.default_points, Rule<int64_t>::positive());
    spec.method = parse_sampling_method(
        s.choice("method", to_string(SamplingMethod::Lhs), sampling_method_names()));
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

void read_training(const Reader& section, const std::vector<LossTerm>& terms, RunConfig& config) {
  config.seed = section.integer("seed", config.seed, Rule<int64_t>::non_negative());
  config.dtype = section.choice("dtype", config.dtype, {"float32", "float64"});
  config.device = resolve_device(section);
  const auto cores = static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  config.threads = section.integer("threads", cores, Rule<int64_t>::in_range(1, 1024));
  config.derivatives = read_derivative_engine(section, config);

  auto& t = config.trainer;
  const auto adam = section.section("adam");
  t.adam_iterations = adam.integer("iterations", t.adam_iterations, Rule<int64_t>::non_negative());
  t.adam_lr = adam.number("lr", t.adam_lr, Rule<double>::positive());
  adam.finish();
  const auto lbfgs = section.section("lbfgs");
  t.lbfgs_iterations =
      lbfgs.integer("iterations", t.lbfgs_iterations, Rule<int64_t>::non_negative());
  t.lbfgs_history = lbfgs.integer("history", t.lbfgs_history, Rule<int64_t>::in_range(1, 1000));
  t.lbfgs_tolerance_grad =
      lbfgs.number("tolerance_grad", t.lbfgs_tolerance_grad, Rule<double>::non_negative());
  lbfgs.finish();
  t.log_every = section.integer("log_every", t.log_every, Rule<int64_t>::positive());
  t.on_divergence = section.choice("on_divergence", "stop", {"stop", "rollback"}) == "rollback"
                        ? TrainerOptions::OnDivergence::Rollback
                        : TrainerOptions::OnDivergence::Stop;
  t.max_rollbacks =
      section.integer("max_rollbacks", t.max_rollbacks, Rule<int64_t>::in_range(0, 100));

  const auto weights = section.section("loss_weights");
  for (const auto& term : terms) {
    config.loss_weights[term.name] = weights.number(term.name, 1.0, Rule<double>::non_negative());
  }
  weights.finish();
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
  const auto domain = config.problem->domain();
  const int64_t per_axis = domain.dim() <= 2 ? 101 : 41;
  const auto grid = section.section("grid");
  for (const auto& name : domain.names) {
    config.grid.push_back(grid.integer(name, per_axis, Rule<int64_t>::in_range(2, 100000)));
  }
  grid.finish();
  int64_t total = 1;
  for (auto n : config.grid) total *= n;
  if (total > 50'000'000) {
    section.fail("grid", "has " + std::to_string(total) +
                             " points in all; the evaluation grid must have at most 50000000");
  }
  section.finish();
}

}  // namespace

RunConfig parse_run_config(config::ConfigSource& source, const ProblemRegistry& registry) {
  RunConfig config;
  const Reader root(source);
  read_problem(root.section("problem"), registry, config);
  const auto terms = config.problem->loss_terms();
  read_network(root.section("network"), config);
  read_sampling(root.section("sampling"), terms, config);
  read_training(root.section("training"), terms, config);
  read_output(root.section("output"), config);
  root.finish();
  config.resolved_yaml = config::to_yaml(source.root());
  return config;
}

}  // namespace pinn
