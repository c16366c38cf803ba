#pragma once
// Which derivative streams a forward-mode (Taylor) pass carries, and how each
// stream of an activation's output is assembled from the streams of its input.
//
// For h = sigma(y) and a partial alpha (a multiset of input axes), Faa di Bruno's
// formula sums over the set partitions pi of alpha:
//   h_alpha = sum_pi sigma^(|pi|)(y) prod_{B in pi} y_B.
// Every block B is a sub-multiset of alpha, so the streams are the requested
// partials closed under taking sub-multisets. The hidden layers are shared by
// every output and the output layer is linear, so one stream serves the same
// partial of every output: outputs add no streams.

#include <vector>

#include "solver/autodiff/partial.h"

namespace pinn {

struct StreamTerm {
  int order;                // m: the term reads sigma^(m)
  double coefficient;       // how many set partitions give the same blocks
  std::vector<int> blocks;  // stream indices of the m blocks
};

class StreamPlan {
 public:
  // Throws std::invalid_argument for partials above `max_order`.
  StreamPlan(const std::vector<Partial>& needs, int max_order);

  // Stream 0 is u itself; the others in increasing order, then lexicographic.
  const std::vector<Partial>& streams() const { return streams_; }
  int size() const { return static_cast<int>(streams_.size()); }
  // The stream carrying `partial` for every output; throws when not a stream.
  int index(const Partial& partial) const;
  int max_order() const { return max_order_; }
  // The Faa di Bruno terms of stream s (empty for stream 0, which is sigma(y)).
  const std::vector<StreamTerm>& terms(int s) const { return terms_[s]; }

 private:
  std::vector<Partial> streams_;
  std::vector<std::vector<StreamTerm>> terms_;
  int max_order_ = 0;
};

}  // namespace pinn
