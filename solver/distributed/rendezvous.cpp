#include "solver/distributed/rendezvous.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace pinn::distributed {
namespace {

void fail(const std::string& name, const std::string& value, const std::string& rule) {
  throw std::invalid_argument(name + ": value '" + value + "' " + rule);
}

// The integer in environment variable `name`, or `fallback` when it is unset.
int64_t integer_from(const char* name, int64_t fallback) {
  const char* text = std::getenv(name);
  if (!text) return fallback;
  const std::string value(text);
  size_t used = 0;
  int64_t number = 0;
  try {
    number = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (value.empty() || used != value.size()) {
    fail(std::string("environment variable ") + name, value, "must be an integer");
  }
  return number;
}

}  // namespace

void Rendezvous::validate() const {
  if (world_size < 1) {
    fail("environment variable WORLD_SIZE", std::to_string(world_size), "must be >= 1");
  }
  if (rank < 0 || rank >= world_size) {
    fail("environment variable RANK", std::to_string(rank),
         "must be in [0, WORLD_SIZE) = [0, " + std::to_string(world_size) + ")");
  }
  if (file.empty() && (port < 1 || port > 65535)) {
    fail("environment variable MASTER_PORT", std::to_string(port), "must be in [1, 65535]");
  }
  if (file.empty() && address.empty()) {
    fail("environment variable MASTER_ADDR", address, "must name a host");
  }
  if (!std::isfinite(timeout_s) || timeout_s <= 0) {
    fail("--peer-timeout", std::to_string(timeout_s), "must be > 0 seconds");
  }
}

Rendezvous rendezvous_from_environment() {
  Rendezvous r;
  const bool has_rank = std::getenv("RANK") != nullptr;
  const bool has_size = std::getenv("WORLD_SIZE") != nullptr;
  if (has_rank != has_size) {
    throw std::invalid_argument(
        std::string("environment variable ") + (has_rank ? "WORLD_SIZE" : "RANK") +
        ": unset while " + (has_rank ? "RANK" : "WORLD_SIZE") + " is set; set both, or neither");
  }
  r.rank = integer_from("RANK", 0);
  r.world_size = integer_from("WORLD_SIZE", 1);
  if (const char* address = std::getenv("MASTER_ADDR")) r.address = address;
  r.port = integer_from("MASTER_PORT", r.port);
  r.validate();
  return r;
}

int64_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the kernel picks a free one
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) throw std::system_error(error, std::generic_category(), "finding a free port");
  return ntohs(address.sin_port);
}

}  // namespace pinn::distributed
