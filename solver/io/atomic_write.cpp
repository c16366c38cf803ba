#include "solver/io/atomic_write.h"

#include <H5Cpp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace pinn {

void write_atomically(const std::string& path, const std::string& what,
                      const std::function<void(const std::string& temporary)>& write) {
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  const auto fail = [&](const std::string& reason) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write " + what + " '" + path + "': " + reason);
  };
  try {
    H5::Exception::dontPrint();
    write(temporary);
  } catch (const H5::Exception& e) {
    fail(e.getDetailMsg());
  } catch (const std::exception& e) {
    fail(e.what());
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) fail(std::strerror(errno));
}

}  // namespace pinn
