#pragma once
// Which inputs each grid of a result's XDMF files spans (xdmf.h): `t` as the time, the
// first three other inputs of a section, the inputs a section holds at their middle node.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/io/result.h"

namespace pinn::xdmf {

constexpr size_t kNoTime = static_cast<size_t>(-1);

// The input named `t`, the viewer's time; kNoTime without one or with one input alone.
size_t time_axis(const SolutionGrid& solution);

// Above three inputs a viewer shows a section: the first three inputs other than `t` on
// its X, Y and Z, `t` (if any) as its time, every other input held at its middle node.
bool is_section(const SolutionGrid& solution);

// The inputs a section shows on X, Y and Z, in problem order.
std::vector<size_t> section_space(const SolutionGrid& solution);

// The inputs one grid spans, in problem order: a section's three, else every input but
// `time` (kNoTime: all of them).
std::vector<size_t> mesh_axes(const SolutionGrid& solution, size_t time);

// The node a section holds input i at: the middle one (the upper of two middles), as
// tools/plot.py cuts its planes.
uint64_t middle(const SolutionGrid& solution, size_t i);

}  // namespace pinn::xdmf
