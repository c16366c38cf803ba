#include "solver/run/trained_network.h"

#include <torch/torch.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "solver/config/source.h"
#include "solver/formula_problem/output_transform.h"
#include "solver/io/file_kind.h"

namespace pinn {
namespace {

NetworkOptions options_of(const NetworkDescription& d) {
  NetworkOptions options;
  options.inputs = static_cast<int64_t>(d.inputs.size());
  options.outputs = static_cast<int64_t>(d.outputs.size());
  options.hidden = d.hidden;
  options.activation = d.activation;
  options.mode = parse_adaptive_mode(d.mode);
  options.scale = d.scale;
  options.input_lo = d.input_lo;
  options.input_hi = d.input_hi;
  for (const auto& name : d.periodic) {
    const auto axis = std::find(d.inputs.begin(), d.inputs.end(), name);
    if (axis == d.inputs.end()) {
      throw std::invalid_argument("periodic input '" + name + "' is not an input");
    }
    options.periodic.push_back(axis - d.inputs.begin());
  }
  options.fourier.features = d.fourier_features;
  options.fourier.scale = d.fourier_scale;
  for (const auto& name : d.fourier_inputs) {
    const auto axis = std::find(d.inputs.begin(), d.inputs.end(), name);
    if (axis == d.inputs.end()) {
      throw std::invalid_argument("Fourier features' input '" + name + "' is not an input");
    }
    options.fourier.inputs.push_back(axis - d.inputs.begin());
  }
  options.factorization.enabled = d.factorized;
  options.validate();
  return options;
}

// Older files: the description follows from the config the run stored.
NetworkDescription described_by_config(const ResultData& result, const std::string& path,
                                       const ProblemRegistry& registry) {
  auto source = config::load_config_string(result.config, path + " (its stored config)");
  return describe_network(parse_run_config(source, registry));
}

void load_parameters(Mlp& net, const std::vector<NamedArray>& stored, const std::string& path) {
  torch::NoGradGuard no_grad;
  for (auto& p : net->named_parameters()) {
    const auto found = std::find_if(stored.begin(), stored.end(),
                                    [&](const NamedArray& a) { return a.name == p.key(); });
    if (found == stored.end()) {
      throw std::invalid_argument(path + ": /network has no parameter '" + p.key() +
                                  "' that its description calls for");
    }
    auto values = torch::tensor(found->values, torch::kFloat64);
    if (values.numel() != p.value().numel()) {
      throw std::invalid_argument(
          path + ": /network/" + p.key() + " holds " + std::to_string(values.numel()) +
          " values; its description needs " + std::to_string(p.value().numel()));
    }
    p.value().copy_(values.reshape(p.value().sizes()));
  }
  // B of the Fourier features: drawn, not trained, and stored beside the parameters.
  if (const auto& b = net->fourier_frequencies(); b.defined()) {
    const auto found = std::find_if(stored.begin(), stored.end(), [](const NamedArray& a) {
      return a.name == "fourier_frequencies";
    });
    if (found == stored.end() || found->values.size() != static_cast<size_t>(b.numel())) {
      throw std::invalid_argument(path + ": /network has no fourier_frequencies of " +
                                  std::to_string(b.numel()) +
                                  " values that its description calls for");
    }
    b.copy_(torch::tensor(found->values, torch::kFloat64).reshape(b.sizes()));
  }
}

// A time-marching run's networks: /network's, each with its window's input box.
void load_windows(const ResultData& result, const std::string& path, TrainedNetwork& trained) {
  if (result.windows.empty()) return;
  auto& d = trained.description;
  const auto time = std::find(d.inputs.begin(), d.inputs.end(), result.window_time);
  if (time == d.inputs.end()) {
    throw std::invalid_argument(path + ": /network's window_time '" + result.window_time +
                                "' is not an input");
  }
  trained.time_axis = static_cast<int>(time - d.inputs.begin());
  trained.window_edges = result.window_edges;
  for (const auto& w : result.windows) {
    auto options = trained.net->options();
    options.input_lo = w.input_lo;
    options.input_hi = w.input_hi;
    Mlp net(options);
    net->to(torch::kFloat64);
    load_parameters(net, w.parameters, path);
    net->to(trained.dtype);
    net->eval();
    trained.windows.push_back(net);
  }
  const auto t = static_cast<size_t>(trained.time_axis);
  d.input_lo[t] = result.window_edges.front();
  d.input_hi[t] = result.window_edges.back();
}

}  // namespace

NetworkDescription describe_network(const RunConfig& config) {
  const auto& net = config.network;
  NetworkDescription d;
  d.inputs = config.problem->domain().names;
  d.outputs = config.problem->outputs();
  d.input_lo = net.input_lo;
  d.input_hi = net.input_hi;
  d.hidden = net.hidden;
  d.activation = net.activation;
  d.mode = to_string(net.mode);
  d.scale = net.scale;
  for (const auto axis : net.periodic) d.periodic.push_back(d.inputs[static_cast<size_t>(axis)]);
  if (net.fourier.enabled()) {
    d.fourier_features = net.fourier.features;
    d.fourier_scale = net.fourier.scale;
    for (const auto axis : net.fourier_inputs()) {
      d.fourier_inputs.push_back(d.inputs[static_cast<size_t>(axis)]);
    }
  }
  d.factorized = net.factorization.enabled;
  if (net.transform) d.transform = net.transform->spec();
  return d;
}

TrainedNetwork load_trained_network(const std::string& path, const ProblemRegistry& registry) {
  const auto kind = file_kind_of(path);
  if (kind != FileKind::Result) {
    throw std::invalid_argument("'" + path + "' is " + describe(kind) +
                                "; pinn eval reads the result file of pinn train");
  }
  const auto result = read_result(path);
  TrainedNetwork trained;
  trained.description =
      result.network.empty() ? described_by_config(result, path, registry) : result.network;
  try {
    auto options = options_of(trained.description);
    if (!trained.description.transform.empty()) {
      // Trained parameters the transform reads become the values the run identified.
      std::map<std::string, double> identified;
      for (const auto& u : result.metrics.unknowns) identified[u.name] = u.value;
      options.transform = read_output_transform(trained.description.transform, identified);
    }
    trained.net = Mlp(options);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": /network's description: " + e.what());
  }
  trained.dtype = result.dtype == "float32" ? torch::kFloat32 : torch::kFloat64;
  trained.net->to(torch::kFloat64);
  load_parameters(trained.net, result.parameters, path);
  trained.net->to(trained.dtype);
  trained.net->eval();
  load_windows(result, path, trained);
  return trained;
}

}  // namespace pinn
