#include "solver/problem/problem.h"

#include <algorithm>

namespace pinn {

int max_derivative_order(const Problem& problem) {
  int order = 0;
  for (const auto& term : problem.loss_terms()) {
    for (const auto& p : term.needs) order = std::max(order, p.order());
  }
  return order;
}

}  // namespace pinn
