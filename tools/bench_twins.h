#pragma once
// pinn-bench twins: problems written as formulas against the compiled modules they
// mirror (configs/burgers_formula.yaml vs burgers.yaml, kovasznay_formula.yaml vs
// kovasznay.yaml): ms per Adam step and per SSBroyden iteration side by side, and how
// far apart their loss histories are over the same Adam steps. Then a problem on a shape
// with a hole (configs/manufactured_2d.yaml) against the same terms and points on the
// shape's bounding box: the network does not know the domain, so the steps should cost
// the same.

#include <cstdint>
#include <string>

namespace pinn {

struct TwinsOptions {
  std::string configs = "configs";
  int64_t threads = 2;
  int64_t adam_steps = 200;
  int64_t quasi_newton_iterations = 100;
  int64_t repeats = 3;  // each timing is the fastest of this many alternating runs
};

// Prints one markdown table row per pair, then the shape-against-box table.
void twins(const TwinsOptions& options);

}  // namespace pinn
