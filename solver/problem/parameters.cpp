#include "solver/problem/parameters.h"

#include <cmath>

#include "solver/common/text.h"

namespace pinn {
namespace {

template <typename T>
const T& typed(const ParameterValue& value, const std::string& name, const char* kind) {
  if (const auto* v = std::get_if<T>(&value)) return *v;
  throw ParameterError(name, "parameter '" + name + "' is not " + kind);
}

}  // namespace

std::string to_string(const ParameterValue& value) {
  struct Visitor {
    std::string operator()(double v) const { return shortest_decimal(v); }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const std::vector<double>& v) const {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + shortest_decimal(v[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

const ParameterValue& Parameters::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw ParameterError(name, "parameter '" + name + "' is not set");
  return it->second;
}

double Parameters::number(const std::string& name) const {
  const auto& v = get(name);
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return typed<double>(v, name, "a number");
}

int64_t Parameters::integer(const std::string& name) const {
  return typed<int64_t>(get(name), name, "an integer");
}

const std::string& Parameters::text(const std::string& name) const {
  return typed<std::string>(get(name), name, "a string");
}

const std::vector<double>& Parameters::numbers(const std::string& name) const {
  return typed<std::vector<double>>(get(name), name, "a list of numbers");
}

std::pair<double, double> Parameters::interval(const std::string& name) const {
  const auto& v = numbers(name);
  if (v.size() != 2 || !(v[0] < v[1]) || !std::isfinite(v[0]) || !std::isfinite(v[1])) {
    throw ParameterError(name,
                         "value " + to_string(v) + " must be an interval [lo, hi] with lo < hi");
  }
  return {v[0], v[1]};
}

}  // namespace pinn
