#include "solver/io/xdmf_layout.h"

#include <algorithm>

namespace pinn::xdmf {

size_t time_axis(const SolutionGrid& solution) {
  if (solution.inputs.size() < 2) return kNoTime;
  for (size_t i = 0; i < solution.inputs.size(); ++i) {
    if (solution.inputs[i] == "t") return i;
  }
  return kNoTime;
}

bool is_section(const SolutionGrid& solution) { return solution.inputs.size() > 3; }

std::vector<size_t> section_space(const SolutionGrid& solution) {
  std::vector<size_t> space;
  const auto time = time_axis(solution);
  for (size_t i = 0; i < solution.inputs.size() && space.size() < 3; ++i) {
    if (i != time) space.push_back(i);
  }
  return space;
}

std::vector<size_t> mesh_axes(const SolutionGrid& solution, size_t time) {
  if (is_section(solution)) return section_space(solution);
  std::vector<size_t> axes;
  for (size_t i = 0; i < solution.inputs.size(); ++i) {
    if (i != time) axes.push_back(i);
  }
  return axes;
}

uint64_t middle(const SolutionGrid& solution, size_t i) { return solution.axes[i].size() / 2; }

}  // namespace pinn::xdmf
