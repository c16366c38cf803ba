#pragma once
// Options validation: throws std::invalid_argument naming the field, its value
// and the rule broken.

#include <stdexcept>
#include <string>

namespace pinn {

inline void require(bool ok, const std::string& field, const std::string& value,
                    const std::string& rule) {
  if (!ok) throw std::invalid_argument(field + " = " + value + ": " + rule);
}

}  // namespace pinn
