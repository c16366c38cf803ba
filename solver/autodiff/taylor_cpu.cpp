#include "solver/autodiff/taylor_cpu.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>

#include <Eigen/Core>
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

using torch::autograd::variable_list;

// Points per elementwise block: a block's streams and derivatives stay in cache.
constexpr int64_t kBlockPoints = 128;
// Points per chunk: a chunk runs layer by layer, and its streams should stay in
// the core's L2 cache between the GEMM and the elementwise pass.
constexpr int64_t kChunkPoints = 1024;

// One hidden layer's parameters, detached, with the slope spread over a block.
template <class T>
struct Hidden {
  at::Tensor weight;         // [width, inputs]
  at::Tensor bias;           // [width]
  at::Tensor slope;          // c = n a: [1] or [width]; ones in fixed mode
  bool adaptive = false;     // the slope is a parameter
  bool has_prelu = false;    // prelu's w is a parameter
  T prelu = T(0);            // w, read by prelu's rule only
  std::vector<T> slope_row;  // c for each element of a block, point-major
  int64_t width = 0;
};

// What one thread computed for its points, kept for the backward pass.
struct Chunk {
  int64_t begin = 0, points = 0;
  std::vector<at::Tensor> h;                   // h[k]: streams into hidden layer k ([S n, in])
  std::vector<at::Tensor> z;                   // z[k]: pre-activations before the slope
  std::vector<std::vector<at::Tensor>> prims;  // the rule's primitives of c z_0, [n, width]
};

// Element pointer of stream s, point p, in a chunk of n points and `width` columns.
template <class T>
T* stream(const at::Tensor& chunk, int s, int64_t n, int64_t p, int64_t width) {
  return chunk.data_ptr<T>() + (s * n + p) * width;
}

// out += coef a [b] prod_{i<M} (c z_i): one Faa di Bruno product, one output array
// (so that blocks naming the same stream add up correctly), vectorised.
template <int M, bool WithB, class T>
void add_product(int64_t count, T coef, const T* __restrict a, const T* __restrict b,
                 const T* __restrict c, const T* const* z, T* __restrict out) {
  const T* __restrict z0 = M > 0 ? z[0] : nullptr;
  const T* __restrict z1 = M > 1 ? z[1] : nullptr;
  const T* __restrict z2 = M > 2 ? z[2] : nullptr;
  for (int64_t e = 0; e < count; ++e) {
    T v = coef * a[e];
    if constexpr (WithB) v *= b[e];
    if constexpr (M > 0) v *= c[e] * z0[e];
    if constexpr (M > 1) v *= c[e] * z1[e];
    if constexpr (M > 2) v *= c[e] * z2[e];
    out[e] += v;
  }
}

template <bool WithB, class T>
void add_product(int m, int64_t count, T coef, const T* a, const T* b, const T* c,
                 const T* const* z, T* out) {
  switch (m) {
    case 0:
      return add_product<0, WithB>(count, coef, a, b, c, z, out);
    case 1:
      return add_product<1, WithB>(count, coef, a, b, c, z, out);
    case 2:
      return add_product<2, WithB>(count, coef, a, b, c, z, out);
    case 3:
      return add_product<3, WithB>(count, coef, a, b, c, z, out);
  }
  throw std::logic_error("a Faa di Bruno term has at most 3 blocks");
}

// dc[j] += sum_p dy[p, j] z[p, j], then dy becomes dL/dz = c dL/dy.
template <class T>
void slope_gradient(int64_t points, int64_t width, T* __restrict dy, const T* __restrict z,
                    const T* __restrict c, T* __restrict dc) {
  for (int64_t p = 0; p < points; ++p) {
    for (int64_t j = 0; j < width; ++j) {
      const int64_t e = p * width + j;
      dc[j] += dy[e] * z[e];
      dy[e] *= c[e];
    }
  }
}

// d[m * stride + e] = sigma^(m)(c z_0) for m <= Order, from the rule's primitives.
template <class Rule, int Order, class T>
void fill_derivatives(int64_t count, const T* __restrict z0, const T* __restrict c,
                      const T* __restrict p0, const T* __restrict p1, T w, T* __restrict d,
                      int64_t stride) {
  for (int64_t e = 0; e < count; ++e) {
    const T prim[2] = {p0[e], p1[e]};
    T s[Order + 1];
    Rule::template derive<Order>(T(c[e] * z0[e]), prim, w, s);
    for (int m = 0; m <= Order; ++m) d[m * stride + e] = s[m];
  }
}

// Small dense products on the chunks' row-major buffers. Eigen's kernels, not
// BLAS: OpenBLAS serialises calls made from several threads at once, and these
// GEMMs ([rows x 20] x [20 x 20]) are too small for its own threading.
template <class T>
using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class T>
Eigen::Map<const RowMajor<T>> matrix(const at::Tensor& t) {
  return {t.data_ptr<T>(), t.size(0), t.size(1)};
}

template <class T>
Eigen::Map<RowMajor<T>> matrix(at::Tensor& t) {
  return {t.data_ptr<T>(), t.size(0), t.size(1)};
}

// a b^T, a [rows x k], b [cols x k].
template <class T>
at::Tensor times_transposed(const at::Tensor& a, const at::Tensor& b) {
  auto out = at::empty({a.size(0), b.size(0)}, a.options());
  matrix<T>(out).noalias() = matrix<T>(a) * matrix<T>(b).transpose();
  return out;
}

// a^T b, a [rows x m], b [rows x k].
template <class T>
at::Tensor transposed_times(const at::Tensor& a, const at::Tensor& b) {
  auto out = at::empty({a.size(1), b.size(1)}, a.options());
  matrix<T>(out).noalias() = matrix<T>(a).transpose() * matrix<T>(b);
  return out;
}

// a b, a [rows x m], b [m x k].
template <class T>
at::Tensor times(const at::Tensor& a, const at::Tensor& b) {
  auto out = at::empty({a.size(0), b.size(1)}, a.options());
  matrix<T>(out).noalias() = matrix<T>(a) * matrix<T>(b);
  return out;
}

// Parent class of the typed tapes, so the autograd node needs no template.
class Tape {
 public:
  virtual ~Tape() = default;
  virtual variable_list backward(const at::Tensor& grad) = 0;
};

class TaylorBackward : public torch::autograd::Node {
 public:
  explicit TaylorBackward(std::unique_ptr<Tape> tape) : tape_(std::move(tape)) {}
  variable_list apply(variable_list&& grads) override {
    if (!tape_) throw std::logic_error("the Taylor tape was already released: use retain_graph");
    if (!grads[0].defined()) return variable_list(num_outputs());
    return tape_->backward(grads[0]);
  }
  std::string name() const override { return "pinn::TaylorBackward"; }
  void release_variables() override { tape_.reset(); }

 private:
  std::unique_ptr<Tape> tape_;
};

template <class T, class Rule>
class FusedTape : public Tape {
 public:
  FusedTape(const MlpImpl& net, StreamPlan plan, bool record)
      : plan_(std::move(plan)), record_(record), order_(plan.max_order()) {
    for (int64_t k = 0; k < net.hidden_layers(); ++k) {
      Hidden<T> layer;
      layer.weight = net.hidden_layer(k)->weight.detach().contiguous();
      layer.bias = net.hidden_layer(k)->bias.detach().contiguous();
      layer.width = layer.weight.size(0);
      const auto c = net.effective_slope(k);
      layer.adaptive = c.defined();
      layer.slope = c.defined() ? c.detach().contiguous() : at::ones({1}, layer.weight.options());
      const auto w = net.activation_parameter(k);
      layer.has_prelu = w.defined();
      if (w.defined()) layer.prelu = w.detach().item<T>();
      const auto* c_values = layer.slope.template data_ptr<T>();
      const bool per_neuron = layer.slope.numel() > 1;
      for (int64_t p = 0; p < kBlockPoints; ++p) {
        for (int64_t j = 0; j < layer.width; ++j) {
          layer.slope_row.push_back(c_values[per_neuron ? j : 0]);
        }
      }
      layers_.push_back(std::move(layer));
    }
    out_weight_ = net.output_layer()->weight.detach().contiguous();
    out_bias_ = net.output_layer()->bias.detach().contiguous();
    shift_ = net.input_shift().detach().to(out_weight_.scalar_type());
    scale_ = net.input_scale().detach().to(out_weight_.scalar_type());
  }

  at::Tensor forward(const at::Tensor& points) {
    const int64_t n = points.size(0);
    const int64_t threads = std::max<int64_t>(1, at::get_num_threads());
    // At least one chunk per thread when there is enough work for it.
    const int64_t count = std::max<int64_t>((n + kChunkPoints - 1) / kChunkPoints,
                                            std::min<int64_t>(threads, n / kBlockPoints));
    for (int64_t i = 0; i < count; ++i) {
      Chunk chunk;
      chunk.begin = n * i / count;
      chunk.points = n * (i + 1) / count - chunk.begin;
      chunks_.push_back(std::move(chunk));
    }
    const int64_t streams = plan_.size();
    auto out = at::empty({streams, n, out_weight_.size(0)}, out_weight_.options());
    at::parallel_for(0, count, 1, [&](int64_t first, int64_t last) {
      for (int64_t i = first; i < last; ++i) forward_chunk(chunks_[i], points, out);
    });
    return out;
  }

  variable_list backward(const at::Tensor& grad) override {
    const int64_t count = static_cast<int64_t>(chunks_.size());
    std::vector<variable_list> partial(count);
    at::parallel_for(0, count, 1, [&](int64_t first, int64_t last) {
      for (int64_t i = first; i < last; ++i) partial[i] = backward_chunk(chunks_[i], grad);
    });
    variable_list total = partial[0];
    for (int64_t i = 1; i < count; ++i) {
      for (size_t j = 0; j < total.size(); ++j) total[j] = total[j] + partial[i][j];
    }
    return total;
  }

 private:
  // Streams of the normalised input: x itself, d/dx_i = scale_i e_i, zero above.
  at::Tensor input_streams(const at::Tensor& points, const Chunk& chunk) const {
    const int64_t n = chunk.points;
    auto h = at::zeros({plan_.size() * n, points.size(1)}, points.options());
    h.narrow(0, 0, n).copy_((points.narrow(0, chunk.begin, n) - shift_) * scale_);
    for (int s = 1; s < plan_.size(); ++s) {
      const auto& axes = plan_.streams()[s].axes();
      if (axes.size() == 1) h.narrow(0, s * n, n).select(1, axes[0]).fill_(scale_[axes[0]]);
    }
    return h;
  }

  void forward_chunk(Chunk& chunk, const at::Tensor& points, at::Tensor& out) {
    const int64_t n = chunk.points;
    at::Tensor h = input_streams(points, chunk);
    for (size_t k = 0; k < layers_.size(); ++k) {
      const auto& layer = layers_[k];
      auto z = times_transposed<T>(h, layer.weight);
      z.narrow(0, 0, n).add_(layer.bias);
      auto prims = Rule::primitives(z.narrow(0, 0, n) * layer.slope);
      for (auto& p : prims) p = p.contiguous();
      auto next = at::empty({plan_.size() * n, layer.width}, z.options());
      std::vector<T> scratch((order_ + 1) * kBlockPoints * layer.width);
      for (int64_t p0 = 0; p0 < n; p0 += kBlockPoints) {
        activate_block(layer, z, prims, next, n, p0, std::min(n, p0 + kBlockPoints),
                       scratch.data());
      }
      if (record_) {
        chunk.h.push_back(h);
        chunk.z.push_back(z);
        chunk.prims.push_back(std::move(prims));
      }
      h = next;
    }
    if (record_) chunk.h.push_back(h);
    auto u = times_transposed<T>(h, out_weight_);
    u.narrow(0, 0, n).add_(out_bias_);
    out.narrow(1, chunk.begin, n).copy_(u.view({plan_.size(), n, -1}));
  }

  // sigma^(m)(c z_0) for m = 0..order over a block's elements, into d[m * stride + e].
  void derivatives(const Hidden<T>& layer, const at::Tensor& z,
                   const std::vector<at::Tensor>& prims, int64_t n, int64_t p0, int64_t count,
                   int order, T* d, int64_t stride) const {
    const T* z0 = stream<T>(z, 0, n, p0, layer.width);
    // Rules without primitives never read them: point them at z0.
    const T* p[2] = {z0, z0};
    for (size_t i = 0; i < prims.size(); ++i) p[i] = prims[i].data_ptr<T>() + p0 * layer.width;
    rules::with_order(order, [&](auto order_constant) {
      fill_derivatives<Rule, decltype(order_constant)::value>(count, z0, layer.slope_row.data(),
                                                              p[0], p[1], layer.prelu, d, stride);
    });
  }

  // d: scratch for sigma^(m), (order + 1) x kBlockPoints x width.
  void activate_block(const Hidden<T>& layer, const at::Tensor& z,
                      const std::vector<at::Tensor>& prims, const at::Tensor& next, int64_t n,
                      int64_t p0, int64_t p1, T* d) const {
    const int64_t width = layer.width;
    const int64_t count = (p1 - p0) * width;
    const int64_t stride = kBlockPoints * width;
    derivatives(layer, z, prims, n, p0, count, order_, d, stride);
    const T* c = layer.slope_row.data();
    std::copy(d, d + count, stream<T>(next, 0, n, p0, width));
    for (int s = 1; s < plan_.size(); ++s) {
      T* out = stream<T>(next, s, n, p0, width);
      std::fill(out, out + count, T(0));
      for (const auto& term : plan_.terms(s)) {
        const T* zb[3];
        for (size_t i = 0; i < term.blocks.size(); ++i) {
          zb[i] = stream<T>(z, term.blocks[i], n, p0, width);
        }
        add_product<false>(term.order, count, static_cast<T>(term.coefficient),
                           d + term.order * stride, d, c, zb, out);
      }
    }
  }

  // Gradients of one chunk, in the order of the node's inputs.
  variable_list backward_chunk(const Chunk& chunk, const at::Tensor& grad) const {
    const int64_t n = chunk.points;
    const int64_t streams = plan_.size();
    auto g = grad.narrow(1, chunk.begin, n).reshape({streams * n, -1}).contiguous();
    const auto& last = chunk.h.back();
    variable_list out_grads = {transposed_times<T>(g, last), g.narrow(0, 0, n).sum(0)};
    auto dh = times<T>(g, out_weight_);
    std::vector<variable_list> layer_grads(layers_.size());
    for (int64_t k = static_cast<int64_t>(layers_.size()) - 1; k >= 0; --k) {
      const auto& layer = layers_[k];
      auto dz = at::empty_like(chunk.z[k]);
      std::vector<T> dc(layer.width, T(0));
      T dprelu = T(0);
      std::vector<T> scratch((order_ + 2) * kBlockPoints * layer.width);
      for (int64_t p0 = 0; p0 < n; p0 += kBlockPoints) {
        backward_block(layer, chunk.z[k], chunk.prims[k], dh, dz, n, p0,
                       std::min(n, p0 + kBlockPoints), scratch.data(), dc.data(), dprelu);
      }
      auto& grads = layer_grads[k];
      grads.push_back(transposed_times<T>(dz, chunk.h[k]));
      grads.push_back(dz.narrow(0, 0, n).sum(0));
      if (layer.adaptive) {
        auto per_neuron = at::tensor(at::ArrayRef<T>(dc), layer.weight.options());
        grads.push_back(layer.slope.numel() > 1 ? per_neuron : per_neuron.sum().reshape({1}));
      }
      if (layer.has_prelu) grads.push_back(at::full({1}, dprelu, layer.weight.options()));
      if (k > 0) dh = times<T>(dz, layer.weight);
    }
    variable_list all;
    for (auto& grads : layer_grads) all.insert(all.end(), grads.begin(), grads.end());
    all.insert(all.end(), out_grads.begin(), out_grads.end());
    return all;
  }

  void backward_block(const Hidden<T>& layer, const at::Tensor& z,
                      const std::vector<at::Tensor>& prims, const at::Tensor& dh,
                      const at::Tensor& dz, int64_t n, int64_t p0, int64_t p1, T* d, T* dc,
                      T& dprelu) const {
    const int64_t width = layer.width;
    const int64_t count = (p1 - p0) * width;
    const int64_t stride = kBlockPoints * width;
    derivatives(layer, z, prims, n, p0, count, order_ + 1, d, stride);
    const T* c = layer.slope_row.data();
    const int streams = plan_.size();
    // dz holds dL/dy until the end, where it becomes dL/dz = c dL/dy.
    T* dy0 = stream<T>(dz, 0, n, p0, width);
    const T* dh0 = stream<T>(dh, 0, n, p0, width);
    const T* d1 = d + stride;
    for (int64_t e = 0; e < count; ++e) dy0[e] = dh0[e] * d1[e];
    for (int s = 1; s < streams; ++s) {
      T* dys = stream<T>(dz, s, n, p0, width);
      std::fill(dys, dys + count, T(0));
    }
    for (int s = 1; s < streams; ++s) {
      const T* dhs = stream<T>(dh, s, n, p0, width);
      for (const auto& term : plan_.terms(s)) {
        const T* zb[3];
        T* dyb[3];
        for (size_t i = 0; i < term.blocks.size(); ++i) {
          zb[i] = stream<T>(z, term.blocks[i], n, p0, width);
          dyb[i] = stream<T>(dz, term.blocks[i], n, p0, width);
        }
        // h_s += coef d_m prod_i y_i: dy_0 gains coef dh d_(m+1) prod_i y_i (d_m
        // depends on y_0), and each block dy_i gains coef dh d_m prod_(j != i) y_j.
        const int m = term.order;
        const T coef = static_cast<T>(term.coefficient);
        add_product<true>(m, count, coef, dhs, d + (m + 1) * stride, c, zb, dy0);
        for (int i = 0; i < m; ++i) {
          const T* others[3];
          for (int j = 0, k = 0; j < m; ++j) {
            if (j != i) others[k++] = zb[j];
          }
          add_product<true>(m - 1, count, coef, dhs, d + m * stride, c, others, dyb[i]);
        }
      }
    }
    if constexpr (std::is_same_v<Rule, rules::Prelu>) {
      dprelu += prelu_gradient(layer, z, dh, n, p0, count);
    }
    // dL/dc = sum_s dL/dy_s z_s, then dL/dz_s = c dL/dy_s.
    for (int s = 0; s < streams; ++s) {
      slope_gradient(p1 - p0, width, stream<T>(dz, s, n, p0, width), stream<T>(z, s, n, p0, width),
                     c, dc);
    }
  }

  // dL/dw for prelu: sigma and sigma' depend on w, higher derivatives are zero.
  T prelu_gradient(const Hidden<T>& layer, const at::Tensor& z, const at::Tensor& dh, int64_t n,
                   int64_t p0, int64_t count) const {
    const int64_t width = layer.width;
    const T* c = layer.slope_row.data();
    const T* z0 = stream<T>(z, 0, n, p0, width);
    std::vector<T> dw0(count), dw1(count);
    for (int64_t e = 0; e < count; ++e) {
      T ds[2];
      rules::Prelu::derive_w(T(c[e] * z0[e]), ds);
      dw0[e] = ds[0];
      dw1[e] = ds[1];
    }
    T sum = T(0);
    const T* dh0 = stream<T>(dh, 0, n, p0, width);
    for (int64_t e = 0; e < count; ++e) sum += dh0[e] * dw0[e];
    for (int s = 1; s < plan_.size(); ++s) {
      const T* dhs = stream<T>(dh, s, n, p0, width);
      for (const auto& term : plan_.terms(s)) {
        if (term.order != 1) continue;
        const T* zb = stream<T>(z, term.blocks[0], n, p0, width);
        for (int64_t e = 0; e < count; ++e) {
          sum += static_cast<T>(term.coefficient) * dhs[e] * dw1[e] * c[e] * zb[e];
        }
      }
    }
    return sum;
  }

  StreamPlan plan_;
  bool record_;
  int order_;
  std::vector<Hidden<T>> layers_;
  at::Tensor out_weight_, out_bias_, shift_, scale_;
  std::vector<Chunk> chunks_;
};

// The parameters the streams depend on, in the order the tape returns gradients.
std::vector<at::Tensor> differentiable_inputs(const MlpImpl& net) {
  std::vector<at::Tensor> inputs;
  for (int64_t k = 0; k < net.hidden_layers(); ++k) {
    inputs.push_back(net.hidden_layer(k)->weight);
    inputs.push_back(net.hidden_layer(k)->bias);
    if (auto c = net.effective_slope(k); c.defined()) inputs.push_back(c);
    if (auto w = net.activation_parameter(k); w.defined()) inputs.push_back(w);
  }
  inputs.push_back(net.output_layer()->weight);
  inputs.push_back(net.output_layer()->bias);
  return inputs;
}

}  // namespace

at::Tensor taylor_streams_cpu(const MlpImpl& net, const at::Tensor& points,
                              const StreamPlan& plan) {
  if (!points.device().is_cpu())
    throw std::invalid_argument("the fused Taylor kernel runs on the CPU");
  const auto inputs = differentiable_inputs(net);
  for (const auto& t : inputs) {
    if (t.scalar_type() != points.scalar_type()) {
      throw std::invalid_argument("network parameters and points differ in dtype");
    }
  }
  const bool record = torch::autograd::compute_requires_grad(inputs);
  const auto x = points.detach().contiguous();
  return rules::visit(net.activation().name, [&](auto rule) {
    using Rule = decltype(rule);
    at::Tensor out;
    std::unique_ptr<Tape> tape;
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "taylor_streams_cpu", [&] {
      auto typed = std::make_unique<FusedTape<scalar_t, Rule>>(net, plan, record);
      out = typed->forward(x);
      tape = std::move(typed);
    });
    if (record) {
      auto node = std::make_shared<TaylorBackward>(std::move(tape));
      node->set_next_edges(torch::autograd::collect_next_edges(inputs));
      torch::autograd::set_history(out, node);
    }
    return out;
  });
}

}  // namespace pinn
