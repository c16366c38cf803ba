#pragma once
// The typed, validated form of a run config (README, "Config reference").

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "solver/autodiff/derivative_engine.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/inverse/observations.h"
#include "solver/network/network_options.h"
#include "solver/problem/registry.h"
#include "solver/sampling/sampling_method.h"
#include "solver/training/trainer.h"

namespace pinn {

// sampling.<term>.resample: a fresh point set every `every` iterations, by RAD
// (residual-based, sampling/residual_adaptive.h) or uniformly at random.
struct ResampleSpec {
  int64_t every = 0;  // 0: never
  enum class Method { Rad, Uniform } method = Method::Rad;
  int64_t candidates = 0;  // RAD draws the new set from this many uniform candidates
  double k = 1.0;
  double c = 1.0;
};

struct SamplingSpec {
  int64_t points = 0;
  SamplingMethod method = SamplingMethod::Lhs;
  ResampleSpec resample;
};

struct RunConfig {
  std::string problem_name;
  Parameters problem_parameters;
  std::shared_ptr<const Problem> problem;
  // What identifies the unknown coefficients (network.unknowns); null for a
  // forward problem. Its loss term is "observations".
  std::shared_ptr<const Observations> observations;
  double observation_weight = 1;  // observations.weight: loss_weights.observations' default

  // inputs and the input box are filled from the problem's domain.
  NetworkOptions network;
  double slope_recovery = 0;  // W_a; 0 = off

  std::map<std::string, SamplingSpec> sampling;  // per loss term
  std::map<std::string, double> loss_weights;    // per loss term

  int64_t seed = 1234;
  std::string dtype = "float64";  // float32 | float64
  std::string device = "cpu";     // cpu | cuda (auto resolved at parse time)
  int64_t threads = 1;
  DerivativeEngine derivatives = DerivativeEngine::Taylor;  // "auto" resolves to the fastest
  TrainerOptions trainer;
  // Time marching (training.windows): the K + 1 edges of the windows the time interval is
  // trained in, one after the other; empty: the whole interval at once.
  std::vector<double> window_edges;

  std::string output_file;
  std::string checkpoint_file;  // where checkpoints go (output.checkpoint)
  std::vector<int64_t> grid;    // evaluation points per input, in input order

  std::string resolved_yaml;  // every effective setting, defaults included
  // Settings accepted but probably not meant, located like errors ("cfg.yaml:3:6: key
  // 'problem.x': ..."; an override that replaced a list): printed once, as warnings.
  std::vector<std::string> warnings;
};

// The points per axis a `grid` section gives (output.grid, observations.reference.grid):
// one integer per input in [2, 100000], default_grid_points(inputs) by default (101 for
// one or two inputs, 41 for three or four, fewer for more: evaluation_grid.h).
std::vector<int64_t> read_grid_points(const config::Reader& grid, const Domain& domain);

// Fails at `section`'s key `grid` when `points` per axis make more than kMaxGridNodes nodes.
void check_grid_nodes(const config::Reader& section, const std::vector<int64_t>& points);

// Reads and validates the whole config; throws config::ConfigError naming the
// key, the value, the rule and the location. Unknown keys are errors.
RunConfig parse_run_config(config::ConfigSource& source, const ProblemRegistry& registry);

}  // namespace pinn
