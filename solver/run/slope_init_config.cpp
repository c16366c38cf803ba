#include "solver/run/slope_init_config.h"

#include <string>

#include "solver/config/yaml_text.h"

namespace pinn {

using config::Reader;
using config::Rule;

namespace {

std::string list_of(const std::vector<int64_t>& widths) {
  std::string text;
  for (const auto w : widths) text += (text.empty() ? "" : ", ") + std::to_string(w);
  return "[" + text + "]";
}

}  // namespace

void read_slope_init(const Reader& adaptive, NetworkOptions& net) {
  auto& init = net.slope_init;
  init.method = adaptive.optional_choice("init", slope_init_names()).value_or("constant");
  if (!init.drawn()) {
    if (const auto gain = adaptive.optional_number("gain", Rule<double>::positive())) {
      adaptive.fail("gain", "value " + config::format_number(*gain) +
                                " with network.adaptive.init constant: gain scales the bound "
                                "of drawn slopes only; set init to xavier_uniform, or drop gain");
    }
    return;
  }
  init.gain = adaptive.number("gain", init.gain, Rule<double>::positive());
  const auto value = "value '" + init.method + "'";
  if (net.mode == AdaptiveMode::Fixed) {
    adaptive.fail("init", value +
                              " with network.adaptive.mode fixed: there are no slopes to draw; "
                              "use mode global, layer or neuron, or drop init");
  }
  if (net.mode == AdaptiveMode::Neuron) {
    for (const auto width : net.hidden) {
      if (width == net.hidden.front()) continue;
      adaptive.fail("init", value +
                                " in neuron mode draws the slopes as one (hidden layers x "
                                "width) matrix, which needs every hidden layer of the same "
                                "width, but network.hidden is " +
                                list_of(net.hidden) +
                                "; use equal widths, or mode layer or global");
    }
  }
}

}  // namespace pinn
