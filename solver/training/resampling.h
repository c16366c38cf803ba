#pragma once
// Fresh collocation points during training: the trainer asks a PointResampler at
// every iteration boundary, and keeps its state in checkpoints, so that a
// resumed or rolled-back run draws exactly what the uninterrupted one did.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

// The whole point set of one loss term (every process's share), row-major.
struct ResampledPoints {
  std::string term;
  int64_t columns = 0;
  std::vector<double> points;
};

struct ResamplingState {
  std::vector<ResampledPoints> sets;  // empty: the sets training started with
  std::vector<int64_t> iterations;    // where each resampling happened
};

class PointResampler {
 public:
  virtual ~PointResampler() = default;
  // Iterations between resamplings; they happen at its positive multiples.
  virtual int64_t every() const = 0;
  // Draws new point sets at `iteration` from the network as it stands.
  virtual void resample(int64_t iteration) = 0;
  virtual ResamplingState state() const = 0;
  // Puts back the sets of `state` (the initial ones when it holds none).
  virtual void restore(const ResamplingState& state) = 0;
};

}  // namespace pinn
