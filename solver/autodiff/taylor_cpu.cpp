#include "solver/autodiff/taylor_cpu.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "solver/autodiff/feature_streams.h"
#include "solver/autodiff/panel_products.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/common/lanes.h"
#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

using torch::autograd::variable_list;

// Elements processed together, one vector register: every stream of a batch stays
// in registers while the Faa di Bruno terms are added.
template <class T>
using Batch = Lanes<T, kVectorBytes / sizeof(T)>;
// Chunks are padded to a multiple of every batch width.
constexpr int kLanes = 16;

// The backward pass of an order-m kernel reads sigma^(m+1).
static_assert(kTaylorMaxOrder + 1 <= rules::kMaxOrder, "the rules stop below the kernel's order");

// Points per chunk. A chunk goes through every layer before the next chunk
// starts, so its panels (width x streams x points) stay in the core's L2 cache.
constexpr int64_t kChunkPoints = 256;

int64_t padded(int64_t points) { return (points + kLanes - 1) / kLanes * kLanes; }

template <class T>
std::vector<T> values(const at::Tensor& t) {
  const auto c = t.detach().contiguous();
  return {c.data_ptr<T>(), c.data_ptr<T>() + c.numel()};
}

// Uninitialised storage for a panel: every element is written before it is read.
template <class T>
std::unique_ptr<T[]> panel(int64_t rows, int64_t columns) {
  return std::unique_ptr<T[]>(new T[rows * columns]);
}

// One affine layer's parameters, detached: row-major and transposed.
template <class T>
struct Affine {
  int64_t in = 0, out = 0;
  std::vector<T> weight, weight_t, bias;

  Affine(const at::Tensor& w, const at::Tensor& b)
      : in(w.size(1)),
        out(w.size(0)),
        weight(values<T>(w)),
        weight_t(values<T>(w.t())),
        bias(values<T>(b)) {}
};

template <class T>
struct Hidden {
  Affine<T> affine;
  std::vector<T> slope;              // c = n a for each neuron; ones in fixed mode
  std::vector<int64_t> slope_shape;  // of the slope parameter, when adaptive
  bool adaptive = false;             // the slope is a parameter
  bool per_neuron = false;           // one slope per neuron (else one per layer)
  bool has_prelu = false;            // prelu's w is a parameter
  T prelu = T(0);                    // w, read by prelu's rule only
};

// What one chunk of points computed, kept for the backward pass. Panels are
// feature-major: row j holds neuron j's streams one after the other, each
// `padded` points long.
template <class T>
struct Chunk {
  int64_t begin = 0, points = 0, padded = 0;
  std::vector<std::unique_ptr<T[]>>
      h;  // h[k]: streams into hidden layer k; h.back(): into the output
  std::vector<std::unique_ptr<T[]>> z;         // z[k]: W h + b before the slope
  std::vector<std::vector<at::Tensor>> prims;  // the rule's primitives of c z's value stream
  std::vector<std::unique_ptr<T[]>> kept;      // or those computed in the kernel (lane rules)
  std::unique_ptr<T[]> first_z;  // layer 0's z from the forward pass, where its input is wide
};

// Input columns above which the forward pass keeps layer 0's z for the backward pass
// (Fourier features): recomputing it would cost more than a hidden layer's product.
constexpr int64_t kWideInput = 8;

// Gradient sums of one thread.
template <class T>
struct Grads {
  std::vector<std::vector<T>> weight, bias, slope;
  std::vector<T> prelu, out_weight, out_bias;

  Grads(const std::vector<Hidden<T>>& hidden, const Affine<T>& output)
      : prelu(hidden.size(), T(0)),
        out_weight(output.out * output.in, T(0)),
        out_bias(output.out, T(0)) {
    for (const auto& layer : hidden) {
      weight.emplace_back(layer.affine.out * layer.affine.in, T(0));
      bias.emplace_back(layer.affine.out, T(0));
      slope.emplace_back(layer.affine.out, T(0));
    }
  }

  void add(const Grads& o) {
    const auto add_to = [](std::vector<T>& a, const std::vector<T>& b) {
      for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
    };
    for (size_t k = 0; k < weight.size(); ++k) {
      add_to(weight[k], o.weight[k]);
      add_to(bias[k], o.bias[k]);
      add_to(slope[k], o.slope[k]);
    }
    add_to(prelu, o.prelu);
    add_to(out_weight, o.out_weight);
    add_to(out_bias, o.out_bias);
  }
};

// A Faa di Bruno term of stream `out`: coef sigma^(order) prod_i y_(block i).
template <class T>
struct Term {
  int out;
  int order;
  T coef;
  int block[kTaylorMaxOrder];
};

// Calls f(std::integral_constant<int, order>{}) for a term's order in [K, Max]:
// a kernel of order Max instantiates no loop for higher orders.
template <int K, int Max, class F>
void with_term_order(int order, F&& f) {
  if constexpr (K <= Max) {
    if (order == K) {
      f(std::integral_constant<int, K>{});
    } else {
      with_term_order<K + 1, Max>(order, std::forward<F>(f));
    }
  }
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
  static constexpr int kBatch = Batch<T>::kCount;

 public:
  // `weights`: the effective weight of every hidden layer, then of the output layer.
  FusedTape(const MlpImpl& net, StreamPlan plan, bool record,
            const std::vector<at::Tensor>& weights)
      : plan_(std::move(plan)),
        streams_(plan_.size()),
        record_(record),
        order_(plan_.max_order()),
        output_(weights.back(), net.output_layer()->bias),
        features_(net, plan_),
        keep_first_z_(record && features_.columns() > kWideInput),
        options_(net.output_layer()->bias.options().requires_grad(false)) {
    first_term_.assign(2, 0);
    for (int s = 1; s < streams_; ++s) {
      for (const auto& t : plan_.terms(s)) {
        Term<T> term{s, t.order, static_cast<T>(t.coefficient), {}};
        for (size_t i = 0; i < t.blocks.size(); ++i) term.block[i] = t.blocks[i];
        terms_.push_back(term);
      }
      first_term_.push_back(static_cast<int>(terms_.size()));
    }
    for (int64_t k = 0; k < net.hidden_layers(); ++k) {
      Hidden<T> layer{Affine<T>(weights[k], net.hidden_layer(k)->bias)};
      const auto c = net.effective_slope(k);
      layer.adaptive = c.defined();
      layer.per_neuron = c.defined() && c.numel() > 1;
      if (c.defined()) layer.slope_shape = c.sizes().vec();
      const auto c_values = c.defined() ? values<T>(c) : std::vector<T>{T(1)};
      for (int64_t j = 0; j < layer.affine.out; ++j) {
        layer.slope.push_back(c_values[layer.per_neuron ? j : 0]);
      }
      const auto w = net.activation_parameter(k);
      layer.has_prelu = w.defined();
      if (w.defined()) layer.prelu = w.detach().item<T>();
      hidden_.push_back(std::move(layer));
    }
  }

  at::Tensor forward(const at::Tensor& points) {
    const int64_t n = points.size(0);
    const int64_t threads = std::max<int64_t>(1, at::get_num_threads());
    // At least one chunk per thread when there is enough work for it.
    const int64_t chunk_points = chunk_points_for_input();
    const int64_t count = std::max<int64_t>((n + chunk_points - 1) / chunk_points,
                                            std::min<int64_t>(threads, n / kLanes));
    for (int64_t i = 0; i < count; ++i) {
      Chunk<T> chunk;
      chunk.begin = n * i / count;
      chunk.points = n * (i + 1) / count - chunk.begin;
      chunk.padded = padded(chunk.points);
      chunks_.push_back(std::move(chunk));
    }
    points_ = points;
    at::Tensor out = at::empty({streams_, n, output_.out}, options_);
    const T* x = points.data_ptr<T>();
    T* u = out.data_ptr<T>();
    at::parallel_for(0, count, 1, [&](int64_t first, int64_t last) {
      for (int64_t i = first; i < last; ++i) forward_chunk(chunks_[i], x, u, false);
    });
    return out;
  }

  variable_list backward(const at::Tensor& grad) override {
    const auto g = grad.to(options_.dtype()).contiguous();
    const int64_t count = static_cast<int64_t>(chunks_.size());
    std::vector<std::unique_ptr<Grads<T>>> partial(count);
    at::parallel_for(0, count, 1, [&](int64_t first, int64_t last) {
      auto sums = std::make_unique<Grads<T>>(hidden_, output_);
      for (int64_t i = first; i < last; ++i) backward_chunk(chunks_[i], g.data_ptr<T>(), *sums);
      partial[first] = std::move(sums);
    });
    Grads<T> total(hidden_, output_);
    for (const auto& p : partial) {
      if (p) total.add(*p);
    }
    return gradients(total);
  }

 private:
  int64_t columns(const Chunk<T>& chunk) const { return streams_ * chunk.padded; }

  // Points per chunk: kChunkPoints, or fewer where the first layer reads more columns
  // than the widest hidden layer has neurons (Fourier features), so that its input
  // panel takes no more cache than a hidden layer's (measured: m = 64 features into
  // 4 x 40, 1.7x the plain network's step at 256 points, 1.5x at 64 to 128).
  int64_t chunk_points_for_input() const {
    int64_t widest = 1;
    for (const auto& layer : hidden_) widest = std::max(widest, layer.affine.out);
    const int64_t input = features_.columns();
    if (input <= widest) return kChunkPoints;
    const int64_t points = kChunkPoints * widest / input / kLanes * kLanes;
    return std::clamp<int64_t>(points, kChunkPoints / 4, kChunkPoints);
  }
  // Distance between a panel's rows: one batch more than its columns, so that rows
  // a power of two apart do not compete for the same cache sets.
  int64_t stride(const Chunk<T>& chunk) const { return columns(chunk) + kLanes; }

  // Streams of the input features, [features x columns] (feature_streams.h).
  std::unique_ptr<T[]> input_streams(const Chunk<T>& chunk, const T* x) const {
    const int64_t ld = stride(chunk);
    auto h = panel<T>(features_.columns(), ld);
    features_.write(x, chunk.begin, chunk.points, chunk.padded, ld, h.get());
    return h;
  }

  // The chunk's streams, written to u (when given); with `keep`, everything the
  // backward pass reads stays in the chunk.
  void forward_chunk(Chunk<T>& chunk, const T* x, T* u, bool keep) const {
    const int64_t n = points_.size(0);
    const int64_t pad = chunk.padded, q = columns(chunk), ld = stride(chunk);
    chunk.h.push_back(input_streams(chunk, x));
    for (size_t k = 0; k < hidden_.size(); ++k) {
      const auto& layer = hidden_[k];
      const auto& a = layer.affine;
      std::unique_ptr<T[]> z = k == 0 ? std::move(chunk.first_z) : nullptr;
      if (!z) {
        z = panel<T>(a.out, ld);
        panels::product<T, kBatch>(a.weight.data(), a.out, a.in, chunk.h[k].get(), ld, q,
                                   a.bias.data(), pad, z.get());
      }
      std::vector<at::Tensor> prims;
      std::unique_ptr<T[]> kept;
      if constexpr (rules::kHasLanePrimitives<Rule>) {
        if (keep) kept = panel<T>(Rule::kLanePrimitives * a.out, pad);
      } else {
        prims = primitives(layer, z.get(), pad, ld);
      }
      auto next = panel<T>(a.out, ld);
      rules::with_order<kTaylorMaxOrder>(order_, [&](auto order_constant) {
        activate<decltype(order_constant)::value>(layer, z.get(), prims, pad, ld, next.get(),
                                                  kept.get());
      });
      if (keep) {
        chunk.z.push_back(std::move(z));
        chunk.prims.push_back(std::move(prims));
        chunk.kept.push_back(std::move(kept));
      } else {
        chunk.h.back().reset();
        if (k == 0 && keep_first_z_) chunk.first_z = std::move(z);
      }
      chunk.h.push_back(std::move(next));
    }
    auto result = panel<T>(output_.out, ld);
    panels::product<T, kBatch>(output_.weight.data(), output_.out, output_.in, chunk.h.back().get(),
                               ld, q, output_.bias.data(), pad, result.get());
    if (!keep) chunk.h.clear();
    if (!u) return;
    for (int s = 0; s < streams_; ++s) {
      for (int64_t p = 0; p < chunk.points; ++p) {
        for (int64_t o = 0; o < output_.out; ++o) {
          u[((s * n) + chunk.begin + p) * output_.out + o] = result[o * ld + s * pad + p];
        }
      }
    }
  }

  // The rule's primitives of the value stream y = c z, [neurons x pad], from ATen.
  std::vector<at::Tensor> primitives(const Hidden<T>& layer, const T* z, int64_t pad,
                                     int64_t ld) const {
    at::Tensor y = at::empty({layer.affine.out, pad}, options_);
    T* yv = y.data_ptr<T>();
    for (int64_t j = 0; j < layer.affine.out; ++j) {
      for (int64_t p = 0; p < pad; ++p) yv[j * pad + p] = layer.slope[j] * z[j * ld + p];
    }
    auto prims = Rule::primitives(y);
    for (auto& p : prims) p = p.contiguous();
    return prims;
  }

  // Pointers to the primitives of neuron j: ATen's results, or those the forward
  // pass kept ([primitive][neuron][point]). Rules without primitives never read
  // them, so they point at valid memory of the same length.
  std::array<const T*, 2> primitive_rows(const std::vector<at::Tensor>& prims, const T* kept,
                                         int64_t neurons, int64_t j, int64_t pad,
                                         const T* fallback) const {
    std::array<const T*, 2> rows = {fallback, fallback};
    for (size_t i = 0; i < prims.size(); ++i) rows[i] = prims[i].data_ptr<T>() + j * pad;
    if constexpr (rules::kHasLanePrimitives<Rule>) {
      for (int i = 0; i < Rule::kLanePrimitives && kept; ++i) {
        rows[i] = kept + (i * neurons + j) * pad;
      }
    }
    return rows;
  }

  static void load_primitives(const std::array<const T*, 2>& rows, int64_t e, Batch<T>* prim) {
    prim[0] = Batch<T>::load(rows[0] + e);
    prim[1] = Batch<T>::load(rows[1] + e);
  }

  // h = sigma(c z) and its streams, neuron by neuron. A first pass over the
  // neuron's points computes sigma^(m)(c z_0) c^m (the c^m turns products of the
  // streams of y = c z into products of z); then each Faa di Bruno term is one
  // pass adding into its stream's row, so no loop over points branches on the plan.
  // Rules with lane primitives compute them here, and store them in `kept` when given.
  template <int Order>
  void activate(const Hidden<T>& layer, const T* z, const std::vector<at::Tensor>& prims,
                int64_t pad, int64_t ld, T* h, T* kept) const {
    const int64_t neurons = layer.affine.out, batches = pad / kBatch;
    std::vector<Batch<T>> d(std::max(Order, 1) * batches);  // [m - 1][batch] for m >= 1
    const Batch<T> w(layer.prelu);
    for (int64_t j = 0; j < neurons; ++j) {
      const T c = layer.slope[j];
      const T* zj = z + j * ld;
      T* hj = h + j * ld;
      const auto rows = primitive_rows(prims, nullptr, neurons, j, pad, zj);
      for (int64_t b = 0; b < batches; ++b) {
        const int64_t e = b * kBatch;
        const Batch<T> y = c * Batch<T>::load(zj + e);
        Batch<T> prim[2];
        if constexpr (rules::kHasLanePrimitives<Rule>) {
          Rule::lane_primitives(y, prim);
          for (int i = 0; i < Rule::kLanePrimitives && kept; ++i) {
            prim[i].store(kept + (i * neurons + j) * pad + e);
          }
        } else {
          load_primitives(rows, e, prim);
        }
        Batch<T> sigma[Order + 1];
        Rule::template derive<Order>(y, prim, w, sigma);
        sigma[0].store(hj + e);
        T power = c;
        for (int m = 1; m <= Order; ++m, power *= c) d[(m - 1) * batches + b] = sigma[m] * power;
      }
      for (int s = 1; s < streams_; ++s) {
        for (int i = first_term_[s]; i < first_term_[s + 1]; ++i) {
          const auto& t = terms_[i];
          add_term<Order>(t, d.data() + (t.order - 1) * batches, zj, pad, hj + s * pad,
                          i == first_term_[s]);
        }
      }
    }
  }

  // out = (out +) coef d prod_i z_(block i), over one neuron's row of points;
  // terms are at most of the kernel's order.
  template <int Order>
  static void add_term(const Term<T>& t, const Batch<T>* d, const T* zj, int64_t pad, T* out,
                       bool first) {
    const auto run = [&](auto first_constant, auto order_constant) {
      constexpr bool kFirst = decltype(first_constant)::value;
      constexpr int kOrder = decltype(order_constant)::value;
      const T* z[kOrder];
      for (int i = 0; i < kOrder; ++i) z[i] = zj + t.block[i] * pad;
      for (int64_t e = 0, b = 0; e < pad; e += kBatch, ++b) {
        Batch<T> v = t.coef * d[b] * Batch<T>::load(z[0] + e);
        for (int i = 1; i < kOrder; ++i) v = v * Batch<T>::load(z[i] + e);
        if constexpr (!kFirst) v += Batch<T>::load(out + e);
        v.store(out + e);
      }
    };
    const auto with_first = [&](auto first_constant) {
      with_term_order<1, Order>(t.order,
                                [&](auto order_constant) { run(first_constant, order_constant); });
    };
    if (first) {
      with_first(std::true_type{});
    } else {
      with_first(std::false_type{});
    }
  }

  // The forward pass keeps nothing but a wide layer 0's z: the backward pass
  // recomputes each chunk's panels just before it needs them, while they fit in the
  // core's cache, which measured faster than writing them out to memory and reading
  // them back.
  void backward_chunk(Chunk<T>& stored, const T* grad, Grads<T>& sums) const {
    Chunk<T> chunk;
    chunk.begin = stored.begin;
    chunk.points = stored.points;
    chunk.padded = stored.padded;
    chunk.first_z = std::move(stored.first_z);  // a second backward pass recomputes it
    forward_chunk(chunk, points_.data_ptr<T>(), nullptr, true);
    const int64_t n = points_.size(0);
    const int64_t pad = chunk.padded, q = columns(chunk), ld = stride(chunk);
    auto g = panel<T>(output_.out, ld);
    std::fill(g.get(), g.get() + output_.out * ld, T(0));
    for (int s = 0; s < streams_; ++s) {
      for (int64_t p = 0; p < chunk.points; ++p) {
        for (int64_t o = 0; o < output_.out; ++o) {
          g[o * ld + s * pad + p] = grad[((s * n) + chunk.begin + p) * output_.out + o];
        }
      }
    }
    panels::add_outer<T, kBatch>(g.get(), output_.out, chunk.h.back().get(), output_.in, ld, q,
                                 sums.out_weight.data());
    add_value_sums(g.get(), output_.out, pad, ld, sums.out_bias.data());
    auto dh = panel<T>(output_.in, ld);
    panels::product<T, kBatch>(output_.weight_t.data(), output_.in, output_.out, g.get(), ld, q,
                               nullptr, 0, dh.get());
    for (int64_t k = static_cast<int64_t>(hidden_.size()) - 1; k >= 0; --k) {
      const auto& layer = hidden_[k];
      const auto& a = layer.affine;
      auto dz = panel<T>(a.out, ld);
      rules::with_order<kTaylorMaxOrder + 1>(order_ + 1, [&](auto order_constant) {
        backward_activate<decltype(order_constant)::value>(
            layer, chunk.z[k].get(), chunk.prims[k], chunk.kept[k].get(), dh.get(), pad, ld,
            dz.get(), sums.slope[k].data(), sums.prelu[k]);
      });
      panels::add_outer<T, kBatch>(dz.get(), a.out, chunk.h[k].get(), a.in, ld, q,
                                   sums.weight[k].data());
      add_value_sums(dz.get(), a.out, pad, ld, sums.bias[k].data());
      if (k == 0) break;
      dh = panel<T>(a.in, ld);
      panels::product<T, kBatch>(a.weight_t.data(), a.in, a.out, dz.get(), ld, q, nullptr, 0,
                                 dh.get());
    }
  }

  // sums[r] += the value stream of row r (its first `pad` columns): a bias gradient.
  static void add_value_sums(const T* panel, int64_t rows, int64_t pad, int64_t ld, T* sums) {
    for (int64_t r = 0; r < rows; ++r) {
      Batch<T> acc(T(0));
      for (int64_t e = 0; e < pad; e += kBatch) acc += Batch<T>::load(panel + r * ld + e);
      sums[r] += acc.sum();
    }
  }

  // dL/dz of every stream from dL/dh, with dL/dc per neuron and dL/dw (prelu),
  // neuron by neuron in passes like the forward's: sigma^(m) first, then one
  // pass per term into rows of dL/dy, then dL/dz = c dL/dy and dL/dc. Order is
  // one above the forward's: every term's sigma^(m) depends on y_0.
  template <int Order>
  void backward_activate(const Hidden<T>& layer, const T* z, const std::vector<at::Tensor>& prims,
                         const T* kept, const T* dh, int64_t pad, int64_t ld, T* dz, T* dc,
                         T& dprelu) const {
    const int64_t neurons = layer.affine.out, batches = pad / kBatch;
    std::vector<Batch<T>> d(Order * batches);      // sigma^(m): [m - 1][batch]
    std::vector<Batch<T>> dy(streams_ * batches);  // dL/dy: [stream][batch]
    const Batch<T> w(layer.prelu);
    Batch<T> prelu_sum(T(0));
    for (int64_t j = 0; j < neurons; ++j) {
      const T c = layer.slope[j];
      const T* zj = z + j * ld;
      const T* gj = dh + j * ld;
      T* dzj = dz + j * ld;
      const auto rows = primitive_rows(prims, kept, neurons, j, pad, zj);
      for (int64_t b = 0; b < batches; ++b) {
        const int64_t e = b * kBatch;
        const Batch<T> y = c * Batch<T>::load(zj + e);
        Batch<T> prim[2];
        load_primitives(rows, e, prim);
        Batch<T> sigma[Order + 1];
        Rule::template derive<Order>(y, prim, w, sigma);
        for (int m = 1; m <= Order; ++m) d[(m - 1) * batches + b] = sigma[m];
        const Batch<T> g0 = Batch<T>::load(gj + e);
        dy[b] = g0 * sigma[1];
        for (int s = 1; s < streams_; ++s) dy[s * batches + b] = Batch<T>(T(0));
        if constexpr (std::is_same_v<Rule, rules::Prelu>) {
          // sigma and sigma' depend on w; higher derivatives are zero.
          Batch<T> ds[2];
          rules::Prelu::derive_w(y, ds);
          prelu_sum += g0 * ds[0];
          for (const auto& t : terms_) {
            if (t.order != 1) continue;
            prelu_sum += t.coef * c * Batch<T>::load(gj + t.out * pad + e) * ds[1] *
                         Batch<T>::load(zj + t.block[0] * pad + e);
          }
        }
      }
      for (const auto& t : terms_) {
        add_term_gradient<Order - 1>(t, c, d.data(), batches, zj, gj + t.out * pad, pad, dy.data());
      }
      // dL/dc = sum_s dL/dy_s z_s, and dL/dz_s = c dL/dy_s.
      Batch<T> slope_sum(T(0));
      for (int s = 0; s < streams_; ++s) {
        const T* zs = zj + s * pad;
        T* dzs = dzj + s * pad;
        const Batch<T>* dys = dy.data() + s * batches;
        for (int64_t e = 0, b = 0; e < pad; e += kBatch, ++b) {
          slope_sum += dys[b] * Batch<T>::load(zs + e);
          (c * dys[b]).store(dzs + e);
        }
      }
      dc[j] += slope_sum.sum();
    }
    dprelu += prelu_sum.sum();
  }

  // The gradient of one term h_out += coef sigma^(m)(y_0) prod_i y_(b_i), with
  // y = c z: dL/dy_0 gains g coef sigma^(m+1) c^m prod_i z_(b_i), and dL/dy_(b_k)
  // gains g coef sigma^(m) c^(m-1) prod_(i != k) z_(b_i). Terms are at most of
  // order Max, the forward kernel's.
  template <int Max>
  static void add_term_gradient(const Term<T>& t, T c, const Batch<T>* d, int64_t batches,
                                const T* zj, const T* g, int64_t pad, Batch<T>* dy) {
    with_term_order<1, Max>(t.order, [&](auto order_constant) {
      constexpr int kOrder = decltype(order_constant)::value;
      const Batch<T>* dm = d + (kOrder - 1) * batches;
      const Batch<T>* dn = d + kOrder * batches;
      Batch<T>* dyb[kOrder];
      const T* zb[kOrder];
      for (int i = 0; i < kOrder; ++i) {
        dyb[i] = dy + t.block[i] * batches;
        zb[i] = zj + t.block[i] * pad;
      }
      T inner = t.coef;
      for (int i = 1; i < kOrder; ++i) inner *= c;
      const T outer = inner * c;
      for (int64_t e = 0, b = 0; e < pad; e += kBatch, ++b) {
        const Batch<T> gb = Batch<T>::load(g + e);
        Batch<T> x[kOrder];
        for (int i = 0; i < kOrder; ++i) x[i] = Batch<T>::load(zb[i] + e);
        Batch<T> all = outer * gb * dn[b];
        for (int i = 0; i < kOrder; ++i) all = all * x[i];
        dy[b] += all;
        const Batch<T> gm = inner * gb * dm[b];
        for (int k = 0; k < kOrder; ++k) {
          Batch<T> others = gm;
          for (int i = 0; i < kOrder; ++i) {
            if (i != k) others = others * x[i];
          }
          dyb[k][b] += others;
        }
      }
    });
  }

  // The summed gradients as tensors, in the order of the node's inputs.
  variable_list gradients(const Grads<T>& total) const {
    const auto tensor = [&](const std::vector<T>& v, at::IntArrayRef shape) {
      return at::tensor(at::ArrayRef<T>(v), options_).reshape(shape);
    };
    variable_list all;
    for (size_t k = 0; k < hidden_.size(); ++k) {
      const auto& layer = hidden_[k];
      all.push_back(tensor(total.weight[k], {layer.affine.out, layer.affine.in}));
      all.push_back(tensor(total.bias[k], {layer.affine.out}));
      if (layer.adaptive) {
        auto dc = tensor(total.slope[k], {layer.affine.out});
        all.push_back(layer.per_neuron ? dc : dc.sum().reshape(layer.slope_shape));
      }
      if (layer.has_prelu) all.push_back(at::full({1}, total.prelu[k], options_));
    }
    all.push_back(tensor(total.out_weight, {output_.out, output_.in}));
    all.push_back(tensor(total.out_bias, {output_.out}));
    return all;
  }

  StreamPlan plan_;
  int streams_;
  bool record_;
  at::Tensor points_;
  int order_;
  std::vector<Term<T>> terms_;   // every stream's terms, flattened, stream by stream
  std::vector<int> first_term_;  // stream s's terms are [first_term_[s], first_term_[s + 1])
  std::vector<Hidden<T>> hidden_;
  Affine<T> output_;
  FeatureStreams<T> features_;
  bool keep_first_z_;
  at::TensorOptions options_;
  std::vector<Chunk<T>> chunks_;
};

// The effective weight of every hidden layer, then of the output layer: computed
// once per evaluation; factorised weights pass their gradients on to s and V.
std::vector<at::Tensor> effective_weights(const MlpImpl& net) {
  std::vector<at::Tensor> weights;
  for (int64_t k = 0; k < net.hidden_layers(); ++k) weights.push_back(net.effective_weight(k));
  weights.push_back(net.effective_output_weight());
  return weights;
}

// The tensors the streams depend on, in the order the tape returns gradients.
std::vector<at::Tensor> differentiable_inputs(const MlpImpl& net,
                                              const std::vector<at::Tensor>& weights) {
  std::vector<at::Tensor> inputs;
  for (int64_t k = 0; k < net.hidden_layers(); ++k) {
    inputs.push_back(weights[k]);
    inputs.push_back(net.hidden_layer(k)->bias);
    if (auto c = net.effective_slope(k); c.defined()) inputs.push_back(c);
    if (auto w = net.activation_parameter(k); w.defined()) inputs.push_back(w);
  }
  inputs.push_back(weights.back());
  inputs.push_back(net.output_layer()->bias);
  return inputs;
}

}  // namespace

at::Tensor taylor_streams_cpu(const MlpImpl& net, const at::Tensor& points,
                              const StreamPlan& plan) {
  if (!points.device().is_cpu())
    throw std::invalid_argument("the fused Taylor kernel runs on the CPU");
  if (plan.max_order() > kTaylorMaxOrder) {
    throw std::invalid_argument("the fused Taylor kernel computes derivatives up to order " +
                                std::to_string(kTaylorMaxOrder) + "; the plan asks for order " +
                                std::to_string(plan.max_order()));
  }
  const auto weights = effective_weights(net);
  const auto inputs = differentiable_inputs(net, weights);
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
      auto typed = std::make_unique<FusedTape<scalar_t, Rule>>(net, plan, record, weights);
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
