#pragma once
// pinn-bench embeddings: the cost of the input embeddings (network.fourier,
// network.factorization) per training step. Burgers written as formulas (8000
// residual points, 400 initial and 400 boundary points, 4 x 40 tanh): ms per step
// (loss and backward) with the plain inputs, with m Fourier features (2 m columns
// into the first layer), with weight factorisation and with both, for each
// derivative engine, side by side with the plain network's time. The variants'
// steps are taken in turn; each gets its fastest wall-clock time and its median
// processor time.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

struct EmbeddingBenchOptions {
  int64_t threads = 2;
  int64_t points = 8000;  // residual points
  std::string hidden = "[40, 40, 40, 40]";
  std::string dtype = "float64";
  std::vector<int64_t> features = {40, 64};  // m of each Fourier variant
  std::vector<std::string> engines = {"taylor", "autograd"};
  int64_t steps = 40;  // timed steps of each variant, taken in turn, after 3 untimed ones
};

// Prints a markdown table: one row per variant, per engine its ms and its ratio to
// the plain network's.
void embedding_bench(const EmbeddingBenchOptions& options);

}  // namespace pinn
