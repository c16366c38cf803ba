#include "solver/run/time_windows.h"

#include <algorithm>
#include <cmath>

#include "solver/common/text.h"
#include "solver/config/yaml_text.h"
#include "solver/geometry/box_face.h"
#include "solver/run/point_sets.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

constexpr int64_t kMaxWindows = 1000;
// A predicate is tried on this many points of each window when the config is read.
constexpr int64_t kPredicateTrials = 2000;

std::string window_text(const std::vector<double>& edges, size_t k) {
  return "window " + std::to_string(k) + " (t in [" + config::format_number(edges[k]) + ", " +
         config::format_number(edges[k + 1]) + "])";
}

std::vector<double> read_edges(const Reader& s, const Domain& domain) {
  const auto t = static_cast<size_t>(domain.time_axis);
  const double lo = domain.lo[t], hi = domain.hi[t];
  auto edges = s.required_numbers("edges");
  const auto given = "value [" + [&] {
    std::vector<std::string> texts;
    for (const double e : edges) texts.push_back(config::format_number(e));
    return join(texts, ", ");
  }() + "]";
  const auto interval = "the time interval [" + config::format_number(lo) + ", " +
                        config::format_number(hi) + "] of " + domain.names[t];
  if (edges.size() < 2) {
    s.fail("edges", given + ": needs at least two edges, the first " + config::format_number(lo) +
                        " and the last " + config::format_number(hi));
  }
  // Edges written to fewer digits than the bounds (pi) may stray by a rounding.
  const double slack = 1e-12 * (hi - lo);
  if (std::abs(edges.front() - lo) > slack || std::abs(edges.back() - hi) > slack) {
    s.fail("edges", given + ": windows that do not cover the time interval or overlap wrongly: " +
                        "the edges must start at " + config::format_number(lo) + " and end at " +
                        config::format_number(hi) + ", " + interval);
  }
  edges.front() = lo;
  edges.back() = hi;
  for (size_t k = 1; k < edges.size(); ++k) {
    if (!(edges[k] > edges[k - 1])) {
      s.fail("edges", given + ": windows that do not cover the time interval or overlap " +
                          "wrongly: edges must increase, and edge " + std::to_string(k) + " (" +
                          config::format_number(edges[k]) + ") is not above edge " +
                          std::to_string(k - 1) + " (" + config::format_number(edges[k - 1]) + ")");
    }
  }
  if (static_cast<int64_t>(edges.size()) - 1 > kMaxWindows) {
    s.fail("edges", given + ": at most " + std::to_string(kMaxWindows) + " windows");
  }
  return edges;
}

// Fails at `key` for a term the windows cannot split.
void check_terms(const Reader& training, const std::string& key, const RunConfig& config,
                 const std::vector<LossTerm>& terms, const std::vector<double>& edges) {
  const auto domain = config.problem->domain();
  const int t = domain.time_axis;
  const auto& net = config.network;
  if (std::count(net.periodic.begin(), net.periodic.end(), int64_t{t}) > 0) {
    training.fail(key, "time input '" + domain.names[static_cast<size_t>(t)] +
                           "' is in network.periodic; each window maps time onto its own "
                           "interval, so the network cannot be periodic over the whole one");
  }
  if (!config.problem->profiles().empty()) {
    training.fail(key, "problem '" + config.problem_name +
                           "' is compared with published profiles, which the stitched "
                           "solution of time windows is not; train without windows");
  }
  for (const auto& term : terms) {
    if (!term.fixed_points.empty()) {
      training.fail(key, "term '" + term.name +
                             "' has points given over the whole time interval (a data file or "
                             "observations), which windows do not split; train without "
                             "windows");
    }
    const bool final_face = std::count(term.faces.begin(), term.faces.end(), BoxFace{t, true}) > 0;
    const bool initial_face =
        std::count(term.faces.begin(), term.faces.end(), BoxFace{t, false}) > 0;
    if (final_face) {
      training.fail(key, "condition '" + term.name + "' holds on " + face_name(domain, {t, true}) +
                             ", the end of the time interval, which only the last window "
                             "reaches; time marching needs conditions at the start");
    }
    if (initial_face && term.faces.size() > 1) {
      training.fail(key, "condition '" + term.name + "' holds on " + face_name(domain, {t, false}) +
                             " and other faces at once; later windows replace the initial "
                             "condition, so give it a condition of its own");
    }
  }
  if (edges.size() > 2 && std::none_of(terms.begin(), terms.end(), [&](const LossTerm& term) {
        return on_initial_face(term, domain);
      })) {
    training.fail(key, "problem '" + config.problem_name +
                           "' has no condition on the initial face, which each window after "
                           "the first matches to the previous window's network; without one "
                           "(an output transform that makes the initial condition exact holds "
                           "at the interval's start only) give it a condition on: initial");
  }
  // A predicate (where: t < 0.1) that keeps no point of a window would stop that window's
  // sampling in the middle of the run: say it now.
  for (size_t k = 0; k + 1 < edges.size(); ++k) {
    const auto window = window_domain(domain, edges, k);
    for (const auto& term : terms) {
      if (!term.select) continue;
      const auto trial = try_predicate(window, term, kPredicateTrials);
      if (trial.kept == 0) {
        training.fail(key, "the predicate of condition '" + term.name + "' selects none of " +
                               std::to_string(trial.tried) + " points tried in " +
                               window_text(edges, k));
      }
    }
  }
}

}  // namespace

size_t window_of(const std::vector<double>& edges, double t) {
  const auto windows = edges.size() - 1;
  const auto after = std::upper_bound(edges.begin(), edges.end(), t) - edges.begin();
  return std::min(static_cast<size_t>(std::max<std::ptrdiff_t>(after - 1, 0)), windows - 1);
}

std::vector<double> equal_windows(double lo, double hi, int64_t count) {
  std::vector<double> edges;
  for (int64_t k = 0; k < count; ++k) {
    edges.push_back(lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(count));
  }
  edges.push_back(hi);
  return edges;
}

Domain window_domain(const Domain& domain, const std::vector<double>& edges, size_t k) {
  auto window = domain;
  window.lo.at(static_cast<size_t>(domain.time_axis)) = edges.at(k);
  window.hi.at(static_cast<size_t>(domain.time_axis)) = edges.at(k + 1);
  return window;
}

int64_t window_seed(int64_t seed, size_t k) {
  if (k == 0) return seed;
  // splitmix64 of the seed and the window.
  uint64_t z = static_cast<uint64_t>(seed) + 0x9E3779B97F4A7C15ull * (uint64_t(k) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<int64_t>(z >> 1);  // training.seed is non-negative
}

bool on_initial_face(const LossTerm& term, const Domain& domain) {
  if (!domain.has_time() || term.paired.axis >= 0 || !term.fixed_points.empty()) return false;
  if (!term.faces.empty()) {
    return term.faces.size() == 1 && term.faces[0] == BoxFace{domain.time_axis, false};
  }
  return term.parts.empty() && term.region == Region::Initial;
}

std::vector<double> read_time_windows(const Reader& training, const RunConfig& config,
                                      const std::vector<LossTerm>& terms) {
  const auto section = training.optional_section("windows");
  if (!section) return {};
  const auto& s = *section;
  const auto domain = config.problem->domain();
  if (!domain.has_time()) {
    training.fail("windows", "problem '" + config.problem_name +
                                 "' has no time input (problem.time), and windows split the "
                                 "time interval; remove training.windows");
  }
  const bool count = s.has("count"), edges = s.has("edges");
  if (count == edges) {
    training.fail("windows", count ? "gives both count and edges; give one of them"
                                   : "must give count (equal windows) or edges (the times "
                                     "between windows, from the start of the time interval "
                                     "to its end)");
  }
  std::vector<double> result;
  if (count) {
    const auto t = static_cast<size_t>(domain.time_axis);
    result = equal_windows(domain.lo[t], domain.hi[t],
                           s.required_integer("count", Rule<int64_t>::in_range(1, kMaxWindows)));
  } else {
    result = read_edges(s, domain);
  }
  s.finish();
  check_terms(training, "windows", config, terms, result);
  return result;
}

}  // namespace pinn
