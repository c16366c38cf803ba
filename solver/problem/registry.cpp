#include "solver/problem/registry.h"

#include <algorithm>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {

void ProblemRegistry::add(ProblemEntry entry) {
  if (entry.name.empty()) throw std::invalid_argument("a problem needs a name");
  if (!entry.create) throw std::invalid_argument("problem '" + entry.name + "' has no factory");
  for (const auto& e : entries_) {
    if (e.name == entry.name) {
      throw std::invalid_argument("problem '" + entry.name + "' is already registered");
    }
  }
  entries_.push_back(std::move(entry));
}

const ProblemEntry& ProblemRegistry::find(const std::string& name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return e;
  }
  throw std::invalid_argument("unknown problem '" + name + "'; valid problems: " + join(names()));
}

std::vector<std::string> ProblemRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pinn
