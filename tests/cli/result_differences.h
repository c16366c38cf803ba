#pragma once
// How far apart two runs' result files are: their network parameters and their recorded
// losses, relative to their size.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "solver/io/result.h"

namespace pinn::cli_testing {

// Largest relative difference, max|a - b| / max|a|, over every network parameter.
inline double parameter_difference(const std::string& a_path, const std::string& b_path) {
  const auto a = pinn::read_result(a_path);
  const auto b = pinn::read_result(b_path);
  EXPECT_EQ(a.parameters.size(), b.parameters.size());
  EXPECT_FALSE(a.parameters.empty());
  double worst = 0;
  for (size_t i = 0; i < std::min(a.parameters.size(), b.parameters.size()); ++i) {
    const auto& x = a.parameters[i].values;
    const auto& y = b.parameters[i].values;
    EXPECT_EQ(a.parameters[i].name, b.parameters[i].name);
    EXPECT_EQ(x.size(), y.size());
    double scale = 0, difference = 0;
    for (size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
      scale = std::max(scale, std::abs(x[k]));
      difference = std::max(difference, std::abs(x[k] - y[k]));
    }
    worst = std::max(worst, difference / scale);
  }
  return worst;
}

// Largest relative difference between the recorded total losses.
inline double loss_difference(const std::string& a_path, const std::string& b_path) {
  const auto a = pinn::read_result(a_path).history.loss;
  const auto b = pinn::read_result(b_path).history.loss;
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    worst = std::max(worst, std::abs(a[i] - b[i]) / std::abs(a[i]));
  }
  return worst;
}

}  // namespace pinn::cli_testing
