#pragma once
// Run-time selection of problems by name. Each problem module adds itself with
// one explicit call (problems/register_builtin.cpp); an unknown name is answered
// with the sorted list of valid names.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "solver/problem/parameters.h"
#include "solver/problem/problem.h"

namespace pinn {

struct ProblemEntry {
  std::string name;
  std::string summary;  // the equation, one line
  std::vector<ParameterSpec> parameters;
  // Builds the problem; throws ParameterError for a value it cannot accept.
  std::function<std::unique_ptr<Problem>(const Parameters&)> create;
};

class ProblemRegistry {
 public:
  // Throws std::invalid_argument for an empty or duplicate name.
  void add(ProblemEntry entry);
  // Throws std::invalid_argument listing the valid names.
  const ProblemEntry& find(const std::string& name) const;
  std::vector<std::string> names() const;  // sorted
  const std::vector<ProblemEntry>& entries() const { return entries_; }

 private:
  std::vector<ProblemEntry> entries_;
};

}  // namespace pinn
