#include "solver/network/slope_init.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {
namespace {

// splitmix64 of the seed: a stream apart from the Fourier features' B, which the
// run's seed also seeds.
uint64_t slope_stream(uint64_t seed) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * 0x51u;  // 0x51: 'S', this draw's tag
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

double xavier_slope_bound(int64_t rows, int64_t columns, double gain) {
  return gain * std::sqrt(6.0 / static_cast<double>(columns + rows));
}

torch::Tensor draw_slopes(const NetworkOptions& options) {
  const auto& init = options.slope_init;
  if (!init.drawn() || options.mode == AdaptiveMode::Fixed) return {};
  if (init.method != "xavier_uniform") {
    throw std::invalid_argument("slope_init.method = " + init.method + ": must be one of " +
                                join(slope_init_names()));
  }
  const auto layers = static_cast<int64_t>(options.hidden.size());
  const int64_t rows = options.mode == AdaptiveMode::Global ? 1 : layers;
  const int64_t columns = options.mode == AdaptiveMode::Neuron ? options.hidden.front() : 1;
  const double bound = xavier_slope_bound(rows, columns, init.gain);
  auto generator = at::detail::createCPUGenerator(slope_stream(init.seed));
  auto slopes = torch::empty({rows, columns}, torch::TensorOptions().dtype(torch::kFloat64));
  slopes.uniform_(-bound, bound, generator);
  return slopes;
}

}  // namespace pinn
