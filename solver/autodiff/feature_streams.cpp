#include "solver/autodiff/feature_streams.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace pinn {
namespace {

template <class T>
std::vector<T> values(const at::Tensor& t, at::ScalarType type) {
  const auto c = t.detach().to(at::kCPU, type).contiguous();
  return {c.data_ptr<T>(), c.data_ptr<T>() + c.numel()};
}

}  // namespace

template <class T>
FeatureStreams<T>::FeatureStreams(const MlpImpl& net, const StreamPlan& plan)
    : inputs_(net.input_layout().inputs()),
      rows_(net.input_layout().rows()),
      columns_(static_cast<int64_t>(net.input_features().size())) {
  const auto type = c10::CppTypeToScalarType<T>::value;
  shift_ = values<T>(net.input_shift(), type);
  scale_ = values<T>(net.input_scale(), type);
  const auto& layout = net.input_layout();
  const auto table = layout.frequencies(net.fourier_frequencies());
  table_ = values<T>(table, type);
  // The factors from the frequencies as the kernel's type holds them.
  const auto table64 = values<double>(table.to(type), at::kDouble);
  const auto scale64 = values<double>(net.input_scale().to(type), at::kDouble);
  for (const auto& stream : plan.streams()) {
    terms_.push_back(layout.derivative(stream.axes(), table64, scale64));
  }
}

template <class T>
void FeatureStreams<T>::write(const T* x, int64_t begin, int64_t count, int64_t pad, int64_t ld,
                              T* h) const {
  using Source = FeatureTerm::Source;
  const auto options = at::TensorOptions(c10::CppTypeToScalarType<T>::value);
  // x' and theta, [inputs x pad] and [rows x pad]; zero at padding points.
  std::vector<T> normalized(static_cast<size_t>(inputs_ * pad), T(0));
  for (int64_t i = 0; i < inputs_; ++i) {
    T* row = normalized.data() + i * pad;
    for (int64_t p = 0; p < count; ++p)
      row[p] = (x[(begin + p) * inputs_ + i] - shift_[i]) * scale_[i];
  }
  at::Tensor sine, cosine;
  if (rows_ > 0) {
    auto theta = at::zeros({rows_, pad}, options);
    T* t = theta.data_ptr<T>();
    for (int64_t r = 0; r < rows_; ++r) {
      for (int64_t i = 0; i < inputs_; ++i) {
        const T w = table_[r * inputs_ + i];
        if (w == T(0)) continue;
        const T* xi = normalized.data() + i * pad;
        for (int64_t p = 0; p < pad; ++p) t[r * pad + p] += w * xi[p];
      }
    }
    sine = at::sin(theta);
    cosine = at::cos(theta);
  }
  for (size_t s = 0; s < terms_.size(); ++s) {
    for (int64_t c = 0; c < columns_; ++c) {
      const auto& term = terms_[s][c];
      T* out = h + c * ld + static_cast<int64_t>(s) * pad;
      const T factor = static_cast<T>(term.factor);
      if (term.factor == 0 || term.source == Source::One) {
        std::fill(out, out + pad, factor);
        continue;
      }
      const T* from = term.source == Source::Input  ? normalized.data() + term.index * pad
                      : term.source == Source::Sine ? sine.data_ptr<T>() + term.index * pad
                                                    : cosine.data_ptr<T>() + term.index * pad;
      if (factor == T(1)) {
        std::copy(from, from + pad, out);
      } else {
        for (int64_t p = 0; p < pad; ++p) out[p] = factor * from[p];
      }
    }
  }
}

template class FeatureStreams<float>;
template class FeatureStreams<double>;

}  // namespace pinn
