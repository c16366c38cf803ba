#include "solver/autodiff/partial_name.h"

#include <algorithm>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {
namespace {

// Every way of writing `rest` as input names one after the other (at most two are
// kept: two already make it ambiguous).
void splits(const std::string& rest, size_t start, const std::vector<std::string>& inputs,
            std::vector<int>& current, std::vector<std::vector<int>>& found) {
  if (found.size() > 1) return;
  if (start == rest.size()) {
    found.push_back(current);
    return;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].empty() && rest.compare(start, inputs[i].size(), inputs[i]) == 0) {
      current.push_back(static_cast<int>(i));
      splits(rest, start + inputs[i].size(), inputs, current, found);
      current.pop_back();
    }
  }
}

std::string spelled(const std::vector<int>& axes, const std::vector<std::string>& inputs) {
  std::vector<std::string> names;
  for (const auto axis : axes) names.push_back(inputs[static_cast<size_t>(axis)]);
  return join(names, " ");
}

}  // namespace

Partial parse_partial_name(const std::string& spec, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs) {
  const auto valid = "; outputs: " + join(outputs) + "; inputs: " + join(inputs) +
                     " (write OUTPUT_INPUTS, e.g. " + outputs.front() + "_" + inputs.front() +
                     inputs.front() + ")";
  auto fail = [&](const std::string& rule) {
    throw std::invalid_argument("derivative '" + spec + "': " + rule + valid);
  };
  const auto exact = std::find(outputs.begin(), outputs.end(), spec);
  if (exact != outputs.end()) return Partial(Output{static_cast<int>(exact - outputs.begin())});

  int output = -1;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto& name = outputs[i];
    const bool prefix = spec.size() > name.size() + 1 && spec.compare(0, name.size(), name) == 0 &&
                        spec[name.size()] == '_';
    if (prefix && (output < 0 || name.size() > outputs[static_cast<size_t>(output)].size())) {
      output = static_cast<int>(i);
    }
  }
  if (output < 0) fail("it does not start with an output name and '_'");
  const auto rest = spec.substr(outputs[static_cast<size_t>(output)].size() + 1);

  std::vector<std::vector<int>> found;
  std::vector<int> current;
  splits(rest, 0, inputs, current, found);
  if (found.empty()) fail("'" + rest + "' is not a sequence of input names");
  if (found.size() > 1) {
    fail("'" + rest + "' reads as inputs '" + spelled(found[0], inputs) + "' and as '" +
         spelled(found[1], inputs) + "'");
  }
  auto axes = found.front();
  if (static_cast<int>(axes.size()) > kMaxNamedOrder) {
    fail("order " + std::to_string(axes.size()) + " is above the highest, " +
         std::to_string(kMaxNamedOrder));
  }
  std::sort(axes.begin(), axes.end());  // mixed partials commute
  return Partial(axes, Output{output});
}

}  // namespace pinn
