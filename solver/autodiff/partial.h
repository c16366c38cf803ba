#pragma once
// A partial derivative of the network output with respect to its inputs.

#include <initializer_list>
#include <string>
#include <vector>

namespace pinn {

// Input indices to differentiate by, in non-decreasing order (mixed partials
// commute for the smooth networks used here): {} is u, {0} is u_x0, {0, 1} is u_x0x1.
class Partial {
 public:
  Partial() = default;
  Partial(std::initializer_list<int> axes);
  explicit Partial(std::vector<int> axes);

  const std::vector<int>& axes() const { return axes_; }
  int order() const { return static_cast<int>(axes_.size()); }
  // The partial this one differentiates once more (drops the last axis).
  Partial parent() const;
  // "u", "u_x", "u_xx", "u_xt" with the given input names.
  std::string label(const std::vector<std::string>& inputs) const;

  bool operator<(const Partial& other) const { return axes_ < other.axes_; }
  bool operator==(const Partial& other) const { return axes_ == other.axes_; }

 private:
  std::vector<int> axes_;
};

}  // namespace pinn
