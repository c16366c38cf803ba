#include "solver/config/config_error.h"

#include <utility>

namespace pinn::config {

namespace {

std::string join_message(const std::string& location, const std::string& text) {
  return location.empty() ? text : location + ": " + text;
}

}  // namespace

ConfigError::ConfigError(std::string location, std::string text)
    : std::runtime_error(join_message(location, text)),
      location_(std::move(location)),
      text_(std::move(text)) {}

}  // namespace pinn::config
