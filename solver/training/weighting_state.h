#pragma once
// Where the loss weights of training.balance and training.causal stand: part of a
// trainer's state, so that a resumed or rolled-back run weighs its loss as the
// uninterrupted one did.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

// Per-point weights of one loss term (rba), over its whole point set in row order.
struct PointWeights {
  std::string term;
  std::vector<double> values;
};

struct WeightingState {
  std::vector<double> terms;         // factor per problem term (grad_norm, ntk); empty: all 1
  std::vector<double> causal;        // weight per time bin; empty: not computed yet
  int64_t causal_stage = 0;          // index into causal.epsilon
  std::vector<PointWeights> points;  // rba; a term missing: all 1

  bool empty() const { return terms.empty() && causal.empty() && points.empty(); }
};

}  // namespace pinn
