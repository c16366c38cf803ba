#pragma once
// The Taylor streams of the columns the first hidden layer reads (input_features.h),
// for the fused CPU kernel: per chunk of points, the sines and cosines of the
// frequency table's rows are computed once (vectorised by ATen) and every stream of
// every column is one of them, x'_i or 1, times a factor fixed per evaluation.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "solver/autodiff/stream_plan.h"
#include "solver/network/input_features.h"
#include "solver/network/mlp.h"

namespace pinn {

template <class T>
class FeatureStreams {
 public:
  FeatureStreams(const MlpImpl& net, const StreamPlan& plan);

  int64_t columns() const { return columns_; }

  // Writes the streams of points [begin, begin + count) of x (N x inputs, row-major)
  // to the panel h: column c's stream s at h + c ld + s pad, pad >= count. Padding
  // points get finite values.
  void write(const T* x, int64_t begin, int64_t count, int64_t pad, int64_t ld, T* h) const;

 private:
  int64_t inputs_ = 0, rows_ = 0, columns_ = 0;
  std::vector<T> shift_, scale_;
  std::vector<T> table_;                         // [rows x inputs]
  std::vector<std::vector<FeatureTerm>> terms_;  // [stream][column]
};

extern template class FeatureStreams<float>;
extern template class FeatureStreams<double>;

}  // namespace pinn
