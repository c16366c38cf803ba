#include "solver/run/inverse_config.h"

#include <algorithm>

#include "solver/common/text.h"
#include "solver/reference/poisson_fd.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

void read_unknowns(const Reader& section, std::vector<std::string> valid, RunConfig& config) {
  std::sort(valid.begin(), valid.end());
  for (const auto& name : section.keys()) {
    if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
      section.fail(name, valid.empty() ? "problem '" + config.problem_name +
                                             "' has no coefficients to "
                                             "identify"
                                       : "not a coefficient of problem '" + config.problem_name +
                                             "'; its coefficients are " + join(valid));
    }
    const auto unknown = section.section(name);
    UnknownOptions u;
    u.name = name;
    u.positive = unknown.boolean("positive", false);
    u.initial = unknown.required_number("initial");
    if (u.positive && !(u.initial > 0)) {
      unknown.fail("initial", "value " + shortest_decimal(u.initial) +
                                  " must be > 0 where positive: true (the value is trained as "
                                  "exp(theta))");
    }
    u.lr = unknown.number("lr", 0.0, Rule<double>::non_negative());
    unknown.finish();
    config.network.unknowns.push_back(u);
  }
  section.finish();
  // By name everywhere (history, metrics, checkpoints), as HDF5 lists them.
  auto& unknowns = config.network.unknowns;
  std::sort(unknowns.begin(), unknowns.end(),
            [](const UnknownOptions& a, const UnknownOptions& b) { return a.name < b.name; });
}

std::vector<std::vector<double>> reference_grid(const Reader& section, const Domain& domain) {
  const auto points = read_grid_points(section.section("grid"), domain);
  check_grid_nodes(section, points);
  std::vector<std::vector<double>> axes;
  for (int k = 0; k < domain.dim(); ++k) {
    axes.push_back(reference::grid_axis(domain.lo[k], domain.hi[k], static_cast<int>(points[k])));
  }
  return axes;
}

Observations synthetic_observations(const Reader& section, const RunConfig& config) {
  const auto count = section.required_integer("points", Rule<int64_t>::positive());
  const double noise = section.number("noise", 0.0, Rule<double>::non_negative());
  const auto seed = section.integer("seed", int64_t{0}, Rule<int64_t>::non_negative());
  const auto axes = reference_grid(section, config.problem->domain());
  const auto reference = config.problem->reference(axes);
  if (!reference) {
    section.fail("points", "problem '" + config.problem_name +
                               "' has no reference solution to draw observations from (" +
                               config.problem->no_reference_reason() +
                               "); give observations.file instead");
  }
  try {
    auto o = draw_observations(axes, reference->front(), count, noise, static_cast<uint64_t>(seed));
    section.finish();
    return o;
  } catch (const std::invalid_argument& e) {
    section.fail("points", "value " + std::to_string(count) + ": " + e.what());
  }
}

}  // namespace

void read_inverse_problem(const Reader& root, const std::vector<std::string>& coefficients,
                          RunConfig& config) {
  if (const auto unknowns = root.optional_section("unknowns")) {
    read_unknowns(*unknowns, coefficients, config);
  }
  const auto observations_section = root.optional_section("observations");
  if (!observations_section) {
    // A formula problem's data conditions observe outputs as well.
    const auto terms = config.problem->loss_terms();
    const bool data = std::any_of(terms.begin(), terms.end(),
                                  [](const LossTerm& t) { return static_cast<bool>(t.data); });
    if (!config.network.unknowns.empty() && !data) {
      root.fail("unknowns",
                "needs observations to identify them: add an observations section "
                "(observations.file, or observations.reference for synthetic data), or a "
                "data condition to a formula problem");
    }
    return;
  }
  if (const auto outputs = config.problem->outputs(); outputs.size() != 1) {
    root.fail("observations", "problem '" + config.problem_name + "' has " +
                                  count_of(static_cast<int64_t>(outputs.size()), "output") + " (" +
                                  join(outputs) +
                                  "); observations are values of a one-output problem's u");
  }
  const auto& section = *observations_section;
  Observations observations;
  if (section.has("file") == section.has("reference")) {
    section.fail(section.has("file") ? "reference" : "file",
                 "give exactly one of observations.file (measurements) and "
                 "observations.reference (synthetic data from the reference solution)");
  }
  if (section.has("file")) {
    const auto file = section.required_string("file");
    try {
      observations = read_observations(file, config.problem->domain());
    } catch (const std::invalid_argument& e) {
      section.fail("file", e.what());
    }
  } else {
    observations = synthetic_observations(section.section("reference"), config);
  }
  config.observation_weight = section.number("weight", 1.0, Rule<double>::non_negative());
  section.finish();
  config.observations = std::make_shared<const Observations>(std::move(observations));
  config.problem = with_observations(config.problem, config.observations);
}

}  // namespace pinn
