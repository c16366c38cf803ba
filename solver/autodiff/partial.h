#pragma once
// A partial derivative of one network output with respect to the inputs.

#include <initializer_list>
#include <string>
#include <vector>

namespace pinn {

// A network output by its index in the problem's outputs(): problems name theirs
// as constants (`constexpr Output U{0}, V{1}, P{2};`), so that a residual reads
// `f.d(U, X)` where an input index alone would be ambiguous.
struct Output {
  int index = 0;
  bool operator==(const Output& other) const { return index == other.index; }
};

// Input indices to differentiate by, in non-decreasing order (mixed partials
// commute for the smooth networks used here): {} is u, {0} is u_x0, {0, 1} is
// u_x0x1, all of output 0 unless an Output is given: {V, {0}} is v_x0.
class Partial {
 public:
  Partial() = default;
  Partial(std::initializer_list<int> axes);
  explicit Partial(std::vector<int> axes, Output output = {});
  Partial(Output output, std::initializer_list<int> axes = {});

  const std::vector<int>& axes() const { return axes_; }
  Output output() const { return output_; }
  int order() const { return static_cast<int>(axes_.size()); }
  // The partial this one differentiates once more (drops the last axis).
  Partial parent() const;
  // The same derivative of output 0: what one forward-mode stream carries for
  // every output at once.
  Partial stream() const { return Partial(axes_); }
  // "u", "u_x", "v_xx", "p_xy" with the given names.
  std::string label(const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs = {"u"}) const;

  bool operator<(const Partial& other) const;
  bool operator==(const Partial& other) const;

 private:
  std::vector<int> axes_;
  Output output_;
};

}  // namespace pinn
