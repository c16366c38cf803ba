#pragma once
// Named, typed parameters of a problem (problem.nu, problem.dim, ...), declared
// by each problem with a default and a description, filled from the config.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "solver/problem/coefficient.h"

namespace pinn {

using ParameterValue = std::variant<double, int64_t, std::string, std::vector<double>>;

struct ParameterSpec {
  std::string name;
  ParameterValue default_value;
  std::string description;
  std::vector<std::string> choices;  // for text parameters; empty = free text
  // A number the PDE multiplies by, which `unknowns` may train from observations.
  bool coefficient = false;
};

// Rendering for listings and messages: 0.01, 3, sine, [-1, 1].
std::string to_string(const ParameterValue& value);

// Thrown by a problem for a parameter value it cannot accept; the config layer
// adds the location of the offending key.
class ParameterError : public std::invalid_argument {
 public:
  ParameterError(std::string name, const std::string& message)
      : std::invalid_argument(message), name_(std::move(name)) {}
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

class Parameters {
 public:
  void set(const std::string& name, ParameterValue value) { values_[name] = std::move(value); }
  double number(const std::string& name) const;
  // A number declared as a coefficient, read by residuals as name(f).
  Coefficient coefficient(const std::string& name) const { return {name, number(name)}; }
  int64_t integer(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  const std::vector<double>& numbers(const std::string& name) const;
  // An increasing [lo, hi] pair, or a ParameterError naming the parameter.
  std::pair<double, double> interval(const std::string& name) const;

 private:
  const ParameterValue& get(const std::string& name) const;
  std::map<std::string, ParameterValue> values_;
};

}  // namespace pinn
