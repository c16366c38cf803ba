#pragma once

#include <stdexcept>
#include <string>

namespace pinn::config {

// A problem with user-supplied configuration (file contents or a command-line override).
// The driver reports what() and exits with status 2; location() says where the offending input
// came from ("file.yaml:12:7" or "command line 'a.b=1'") so the user can find it.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string location, std::string text);

  const std::string& location() const { return location_; }
  const std::string& text() const { return text_; }

 private:
  std::string location_;
  std::string text_;
};

}  // namespace pinn::config
