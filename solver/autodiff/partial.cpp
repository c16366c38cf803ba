#include "solver/autodiff/partial.h"

#include <algorithm>
#include <stdexcept>

namespace pinn {

Partial::Partial(std::initializer_list<int> axes) : Partial(std::vector<int>(axes)) {}

Partial::Partial(std::vector<int> axes) : axes_(std::move(axes)) {
  for (int a : axes_) {
    if (a < 0) throw std::invalid_argument("partial derivative axis must be >= 0");
  }
  std::sort(axes_.begin(), axes_.end());
}

Partial Partial::parent() const {
  if (axes_.empty()) throw std::logic_error("u itself has no parent derivative");
  return Partial(std::vector<int>(axes_.begin(), axes_.end() - 1));
}

std::string Partial::label(const std::vector<std::string>& inputs) const {
  std::string out = "u";
  if (!axes_.empty()) out += "_";
  for (int a : axes_) out += a < static_cast<int>(inputs.size()) ? inputs[a] : std::to_string(a);
  return out;
}

}  // namespace pinn
