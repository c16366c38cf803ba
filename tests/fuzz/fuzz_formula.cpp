// Fuzz target for problems written as formulas. An input is a run config, optionally
// followed by a NUL byte and command-line overrides, one per line (as fuzz_config reads
// them). The contract under test: whatever the bytes, parse_run_config either succeeds
// or throws ConfigError; and a config it reads builds its loss (a tiny network, a few
// points per term), evaluates it and its gradient, and evaluates its exact reference,
// without any exception (with time windows, the second window's loss too). Only formula
// problems are read: the registry is empty, so a compiled problem's name is a config error.
//
// Built as a libFuzzer target (PINN_LIBFUZZER, with formula mutations as the custom
// mutator) or linked with standalone_fuzz.cpp, a driver that needs no libFuzzer.

#include <torch/torch.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/config/config_error.h"
#include "solver/config/source.h"
#include "solver/run/run.h"
#include "solver/run/run_config.h"
#include "solver/run/window_problem.h"
#include "tests/fuzz/formula_mutations.h"

namespace pinn::fuzzing {
namespace {

// Applies the overrides, one per line; a refused one leaves the tree as it was.
void apply_overrides(config::ConfigSource& source, const std::string& overrides) {
  for (size_t begin = 0; begin <= overrides.size();) {
    const auto end = std::min(overrides.find('\n', begin), overrides.size());
    try {
      config::apply_override(source, overrides.substr(begin, end - begin));
    } catch (const config::ConfigError&) {
    }
    begin = end + 1;
  }
}

RunConfig read(const std::string& yaml, const std::string& overrides,
               const std::vector<std::string>& more = {}) {
  static const ProblemRegistry no_compiled_problems;
  auto source = config::load_config_string(yaml, "fuzz.yaml");
  apply_overrides(source, overrides);
  for (const auto& o : more) {
    try {
      config::apply_override(source, o);
    } catch (const config::ConfigError&) {
    }
  }
  return parse_run_config(source, no_compiled_problems);
}

// The exact reference on a grid of at most about a thousand points.
void evaluate_reference(const Problem& problem) {
  const auto domain = problem.domain();
  const int per_axis = domain.dim() <= 6 ? 3 : domain.dim() <= 10 ? 2 : 1;
  std::vector<std::vector<double>> axes;
  for (int k = 0; k < domain.dim(); ++k) {
    axes.push_back(per_axis == 1 ? std::vector<double>{domain.lo[k]}
                                 : std::vector<double>{domain.lo[k], domain.hi[k]});
    if (per_axis == 3)
      axes.back().insert(axes.back().begin() + 1, (domain.lo[k] + domain.hi[k]) / 2);
  }
  problem.reference(axes);
}

}  // namespace

// True when the input was read as a run config (and then evaluated).
bool run_formula_input(const std::string& input) {
  const auto split = input.find('\0');
  const std::string yaml = input.substr(0, split);
  const std::string overrides = split == std::string::npos ? "" : input.substr(split + 1);
  RunConfig config;
  try {
    config = read(yaml, overrides);
  } catch (const config::ConfigError&) {
    return false;  // the one way bad input may end
  }
  // Read again with a tiny network and a few points per sampled term.
  std::vector<std::string> small = {"network.hidden=[3]", "training.threads=1"};
  for (const auto& term : config.problem->loss_terms()) {
    if (term.fixed_points.empty()) small.push_back("sampling." + term.name + ".points=4");
  }
  try {
    config = read(yaml, overrides, small);
  } catch (const config::ConfigError&) {
    return true;  // the small settings may conflict with the input's (a point count too small)
  }
  auto setup = prepare_training(config);
  // Loss terms are known by name (sampling, weights, the result's datasets).
  auto names = setup.loss.term_names();
  std::sort(names.begin(), names.end());
  const auto twice = std::adjacent_find(names.begin(), names.end());
  if (twice != names.end()) throw std::logic_error("two loss terms are named " + *twice);
  const auto values = setup.loss.evaluate();
  values.total.backward();
  if (config.window_edges.size() > 2) {
    // The second time window: its initial conditions matched to the network trained so far.
    auto second = prepare_training(window_config(config, 1, setup.net));
    second.loss.evaluate().total.backward();
  }
  evaluate_reference(*config.problem);
  return true;
}

}  // namespace pinn::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pinn::fuzzing::run_formula_input(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}

#ifdef PINN_LIBFUZZER
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

// Half of the mutations are libFuzzer's own, half aimed at the formulas.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::mt19937_64 rng(seed);
  if (rng() % 2 == 0) return LLVMFuzzerMutate(data, size, max_size);
  const auto text = pinn::fuzzing::mutate_formulas(
      std::string(reinterpret_cast<const char*>(data), size), rng, max_size);
  std::copy(text.begin(), text.end(), data);
  return text.size();
}
#endif
