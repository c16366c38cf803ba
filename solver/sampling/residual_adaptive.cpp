#include "solver/sampling/residual_adaptive.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace pinn {

std::vector<double> rad_weights(const std::vector<double>& residuals, double k, double c) {
  std::vector<double> weights(residuals.size());
  double mean = 0;
  for (size_t i = 0; i < residuals.size(); ++i) {
    weights[i] = std::pow(std::abs(residuals[i]), k);
    mean += weights[i];
  }
  mean /= std::max<double>(1, double(residuals.size()));
  for (auto& w : weights) w = (mean > 0 ? w / mean : 0.0) + c;
  return weights;
}

std::vector<int64_t> draw_weighted(const std::vector<double>& weights, int64_t count,
                                   uint64_t seed) {
  const auto positive = std::count_if(weights.begin(), weights.end(),
                                      [](double w) { return w > 0 && std::isfinite(w); });
  if (count < 0 || count > positive) {
    throw std::invalid_argument("cannot draw " + std::to_string(count) + " points from " +
                                std::to_string(positive) + " candidates of positive weight");
  }
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // The largest keys log(u) / w are a weighted draw without replacement.
  std::vector<std::pair<double, int64_t>> keys;
  keys.reserve(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    const double u = uniform(generator);
    if (weights[i] > 0 && std::isfinite(weights[i])) {
      keys.emplace_back(std::log(std::max(u, 1e-300)) / weights[i], static_cast<int64_t>(i));
    }
  }
  std::nth_element(keys.begin(), keys.begin() + count, keys.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<int64_t> chosen;
  chosen.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) chosen.push_back(keys[static_cast<size_t>(i)].second);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace pinn
