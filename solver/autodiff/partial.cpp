#include "solver/autodiff/partial.h"

#include <algorithm>
#include <stdexcept>

namespace pinn {

Partial::Partial(std::initializer_list<int> axes) : Partial(std::vector<int>(axes)) {}

Partial::Partial(Output output, std::initializer_list<int> axes)
    : Partial(std::vector<int>(axes), output) {}

Partial::Partial(std::vector<int> axes, Output output) : axes_(std::move(axes)), output_(output) {
  for (int a : axes_) {
    if (a < 0) throw std::invalid_argument("partial derivative axis must be >= 0");
  }
  if (output_.index < 0) throw std::invalid_argument("network output index must be >= 0");
  std::sort(axes_.begin(), axes_.end());
}

Partial Partial::parent() const {
  if (axes_.empty()) throw std::logic_error("an output itself has no parent derivative");
  return Partial(std::vector<int>(axes_.begin(), axes_.end() - 1), output_);
}

std::string Partial::label(const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) const {
  const auto o = static_cast<size_t>(output_.index);
  std::string out = o < outputs.size() ? outputs[o] : "output " + std::to_string(o);
  if (!axes_.empty()) out += "_";
  for (int a : axes_) out += a < static_cast<int>(inputs.size()) ? inputs[a] : std::to_string(a);
  return out;
}

bool Partial::operator<(const Partial& other) const {
  if (output_.index != other.output_.index) return output_.index < other.output_.index;
  return axes_ < other.axes_;
}

bool Partial::operator==(const Partial& other) const {
  return output_ == other.output_ && axes_ == other.axes_;
}

}  // namespace pinn
