#include "solver/autodiff/taylor_cpu.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
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

// What one chunk of points computed, kept for the backward pass.
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

// Elements of a block processed together: the streams of one batch stay in
// registers and L1 while every Faa di Bruno term is added, so each stream is read
// and written once per layer and direction.
constexpr int kLanes = 16;

// A Faa di Bruno term of stream `out`: coef sigma^(order) prod_i y_(block i).
template <class T>
struct Term {
  int out;
  int order;
  T coef;
  int block[3];
};

// Small dense products ([rows x 20] x [20 x 20]) on the chunks' row-major buffers,
// one thread each. Eigen's kernels, compiled for this CPU, measured as fast as
// OpenBLAS through at::mm here, without a dispatcher call per product.
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
      : plan_(std::move(plan)), record_(record), order_(plan_.max_order()) {
    for (int s = 1; s < plan_.size(); ++s) {
      for (const auto& t : plan_.terms(s)) {
        Term<T> term{s, t.order, static_cast<T>(t.coefficient), {0, 0, 0}};
        for (size_t i = 0; i < t.blocks.size(); ++i) term.block[i] = t.blocks[i];
        terms_.push_back(term);
      }
    }
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
      for (int64_t p0 = 0; p0 < n; p0 += kBlockPoints) {
        activate_block(layer, z, prims, next, n, p0, std::min(n, p0 + kBlockPoints));
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

  // Pointers to stream s's elements of the block starting at point p0.
  std::vector<T*> block_streams(const at::Tensor& t, int64_t n, int64_t p0, int64_t width) const {
    std::vector<T*> out;
    for (int s = 0; s < plan_.size(); ++s) out.push_back(stream<T>(t, s, n, p0, width));
    return out;
  }

  std::array<const T*, 2> block_primitives(const std::vector<at::Tensor>& prims, int64_t p0,
                                           int64_t width, const T* fallback) const {
    // Rules without primitives never read them: point them at valid memory.
    std::array<const T*, 2> p = {fallback, fallback};
    for (size_t i = 0; i < prims.size(); ++i) p[i] = prims[i].data_ptr<T>() + p0 * width;
    return p;
  }

  void activate_block(const Hidden<T>& layer, const at::Tensor& z,
                      const std::vector<at::Tensor>& prims, const at::Tensor& next, int64_t n,
                      int64_t p0, int64_t p1) const {
    const int64_t width = layer.width;
    const int64_t count = (p1 - p0) * width;
    const auto zs = block_streams(z, n, p0, width);
    const auto hs = block_streams(next, n, p0, width);
    const auto p = block_primitives(prims, p0, width, zs[0]);
    std::vector<T> scratch(2 * plan_.size() * kLanes);
    rules::with_order(order_, [&](auto order_constant) {
      constexpr int kOrder = decltype(order_constant)::value;
      int64_t e0 = 0;
      for (; e0 + kLanes <= count; e0 += kLanes) {
        activate_lanes<kOrder, true>(layer, zs, p, hs, e0, kLanes, scratch.data());
      }
      if (e0 < count) {
        activate_lanes<kOrder, false>(layer, zs, p, hs, e0, count - e0, scratch.data());
      }
    });
  }

  // d[m][l] = sigma^(m)(y_0) for the batch's lanes, from the rule's primitives.
  template <int Order>
  void lane_derivatives(const Hidden<T>& layer, const T* y, const std::array<const T*, 2>& p,
                        int64_t e0, int lanes, T (*d)[kLanes]) const {
#pragma omp simd
    for (int l = 0; l < lanes; ++l) {
      const T prim[2] = {p[0][e0 + l], p[1][e0 + l]};
      T sv[Order + 1];
      Rule::template derive<Order>(y[l], prim, layer.prelu, sv);
      for (int m = 0; m <= Order; ++m) d[m][l] = sv[m];
    }
  }

  // One batch of `lanes` elements from e0: h_s = sum of the stream's terms.
  template <int Order, bool Full>
  void activate_lanes(const Hidden<T>& layer, const std::vector<T*>& zs,
                      const std::array<const T*, 2>& p, const std::vector<T*>& hs, int64_t e0,
                      int tail, T* scratch) const {
    // Full batches have a compile-time trip count, so each lane loop is one vector op.
    const int lanes = Full ? kLanes : tail;
    const int streams = plan_.size();
    const T* c = layer.slope_row.data() + e0;
    T* y = scratch;                       // [stream][lane]
    T* acc = scratch + streams * kLanes;  // [stream][lane]
    for (int s = 0; s < streams; ++s) {
      const T* zsrc = zs[s] + e0;
#pragma omp simd
      for (int l = 0; l < lanes; ++l) {
        y[s * kLanes + l] = c[l] * zsrc[l];
        acc[s * kLanes + l] = T(0);
      }
    }
    T d[Order + 1][kLanes];
    lane_derivatives<Order>(layer, y, p, e0, lanes, d);
#pragma omp simd
    for (int l = 0; l < lanes; ++l) hs[0][e0 + l] = d[0][l];
    for (const auto& t : terms_) {
      T* out = acc + t.out * kLanes;
      const T* y0 = y + t.block[0] * kLanes;
      const T* y1 = y + t.block[1] * kLanes;
      const T* y2 = y + t.block[2] * kLanes;
      const T* dm = d[std::min(t.order, Order)];
      if (t.order == 1) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) out[l] += t.coef * dm[l] * y0[l];
      } else if (t.order == 2) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) out[l] += t.coef * dm[l] * y0[l] * y1[l];
      } else {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) out[l] += t.coef * dm[l] * y0[l] * y1[l] * y2[l];
      }
    }
    for (int s = 1; s < streams; ++s) {
#pragma omp simd
      for (int l = 0; l < lanes; ++l) hs[s][e0 + l] = acc[s * kLanes + l];
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
      for (int64_t p0 = 0; p0 < n; p0 += kBlockPoints) {
        backward_block(layer, chunk.z[k], chunk.prims[k], dh, dz, n, p0,
                       std::min(n, p0 + kBlockPoints), dc.data(), dprelu);
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

  // dz (dL/dz per stream), dc (dL/dc per neuron) and dprelu for one block.
  void backward_block(const Hidden<T>& layer, const at::Tensor& z,
                      const std::vector<at::Tensor>& prims, const at::Tensor& dh,
                      const at::Tensor& dz, int64_t n, int64_t p0, int64_t p1, T* dc,
                      T& dprelu) const {
    const int64_t width = layer.width;
    const int64_t count = (p1 - p0) * width;
    const auto zs = block_streams(z, n, p0, width);
    const auto gs = block_streams(dh, n, p0, width);
    const auto dzs = block_streams(dz, n, p0, width);
    const auto p = block_primitives(prims, p0, width, zs[0]);
    std::vector<T> scratch(3 * plan_.size() * kLanes);
    std::vector<T> dc_elements(count);
    rules::with_order(order_ + 1, [&](auto order_constant) {
      constexpr int kOrder = decltype(order_constant)::value;
      int64_t e0 = 0;
      for (; e0 + kLanes <= count; e0 += kLanes) {
        backward_lanes<kOrder, true>(layer, zs, gs, dzs, p, e0, kLanes, scratch.data(),
                                     dc_elements.data(), dprelu);
      }
      if (e0 < count) {
        backward_lanes<kOrder, false>(layer, zs, gs, dzs, p, e0, count - e0, scratch.data(),
                                      dc_elements.data(), dprelu);
      }
    });
    for (int64_t q = 0; q < p1 - p0; ++q) {
      for (int64_t j = 0; j < width; ++j) dc[j] += dc_elements[q * width + j];
    }
  }

  // Order is one above the forward's: every term's sigma^(m) depends on y_0.
  template <int Order, bool Full>
  void backward_lanes(const Hidden<T>& layer, const std::vector<T*>& zs, const std::vector<T*>& gs,
                      const std::vector<T*>& dzs, const std::array<const T*, 2>& p, int64_t e0,
                      int tail, T* scratch, T* dc_elements, T& dprelu) const {
    // Full batches have a compile-time trip count, so each lane loop is one vector op.
    const int lanes = Full ? kLanes : tail;
    const int streams = plan_.size();
    const T* c = layer.slope_row.data() + e0;
    T* y = scratch;                     // [stream][lane]
    T* g = scratch + streams * kLanes;  // dL/dh, [stream][lane]
    T* dy = g + streams * kLanes;       // dL/dy, [stream][lane]
    for (int s = 0; s < streams; ++s) {
      const T* zsrc = zs[s] + e0;
      const T* gsrc = gs[s] + e0;
#pragma omp simd
      for (int l = 0; l < lanes; ++l) {
        y[s * kLanes + l] = c[l] * zsrc[l];
        g[s * kLanes + l] = gsrc[l];
        dy[s * kLanes + l] = T(0);
      }
    }
    T d[Order + 1][kLanes];
    lane_derivatives<Order>(layer, y, p, e0, lanes, d);
#pragma omp simd
    for (int l = 0; l < lanes; ++l) dy[l] = g[l] * d[1][l];
    // h_out += coef d_m prod_i y_i: dy_0 gains coef g d_(m+1) prod_i y_i (d_m depends
    // on y_0), and block i gains coef g d_m prod_(j != i) y_j.
    for (const auto& t : terms_) {
      const T* go = g + t.out * kLanes;
      const T* y0 = y + t.block[0] * kLanes;
      const T* y1 = y + t.block[1] * kLanes;
      const T* y2 = y + t.block[2] * kLanes;
      T* dy0 = dy + t.block[0] * kLanes;
      T* dy1 = dy + t.block[1] * kLanes;
      T* dy2 = dy + t.block[2] * kLanes;
      const T* dm = d[std::min(t.order, Order)];
      const T* dn = d[std::min(t.order + 1, Order)];
      if (t.order == 1) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
          const T gc = t.coef * go[l];
          dy[l] += gc * dn[l] * y0[l];
          dy0[l] += gc * dm[l];
        }
      } else if (t.order == 2) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
          const T gc = t.coef * go[l];
          dy[l] += gc * dn[l] * y0[l] * y1[l];
          dy0[l] += gc * dm[l] * y1[l];
          dy1[l] += gc * dm[l] * y0[l];
        }
      } else {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
          const T gc = t.coef * go[l];
          dy[l] += gc * dn[l] * y0[l] * y1[l] * y2[l];
          dy0[l] += gc * dm[l] * y1[l] * y2[l];
          dy1[l] += gc * dm[l] * y0[l] * y2[l];
          dy2[l] += gc * dm[l] * y0[l] * y1[l];
        }
      }
    }
    if constexpr (std::is_same_v<Rule, rules::Prelu>) {
// sigma and sigma' depend on w; higher derivatives are zero.
#pragma omp simd
      for (int l = 0; l < lanes; ++l) {
        T ds[2];
        rules::Prelu::derive_w(y[l], ds);
        T sum = g[l] * ds[0];
        for (const auto& t : terms_) {
          if (t.order == 1)
            sum += t.coef * g[t.out * kLanes + l] * ds[1] * y[t.block[0] * kLanes + l];
        }
        dprelu += sum;
      }
    }
// dL/dc = sum_s dL/dy_s z_s, and dL/dz_s = c dL/dy_s.
#pragma omp simd
    for (int l = 0; l < lanes; ++l) dc_elements[e0 + l] = T(0);
    for (int s = 0; s < streams; ++s) {
      const T* zsrc = zs[s] + e0;
      T* out = dzs[s] + e0;
#pragma omp simd
      for (int l = 0; l < lanes; ++l) {
        dc_elements[e0 + l] += dy[s * kLanes + l] * zsrc[l];
        out[l] = c[l] * dy[s * kLanes + l];
      }
    }
  }

  StreamPlan plan_;
  bool record_;
  int order_;
  std::vector<Term<T>> terms_;  // every stream's terms, flattened
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
