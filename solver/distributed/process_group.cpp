#include "solver/distributed/process_group.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace pinn::distributed {
namespace {

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", s);
  return text;
}

std::string where(const Rendezvous& r) {
  return r.file.empty() ? "TCPStore " + r.address + ":" + std::to_string(r.port)
                        : "FileStore " + r.file;
}

// c10d's errors carry a C++ backtrace that tells a user nothing; Gloo's do not.
std::string reason(const std::exception& e) {
  if (const auto* error = dynamic_cast<const c10::Error*>(&e)) {
    return error->what_without_backtrace();
  }
  return e.what();
}

bool is_loopback(const std::string& address) {
  return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// The network interface Gloo talks through: GLOO_SOCKET_IFNAME when set (as in
// PyTorch), loopback for a run on one machine, else the one this host's name
// resolves to.
std::shared_ptr<::gloo::transport::Device> gloo_device(const Rendezvous& r) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME")) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  }
  if (r.file.empty() && is_loopback(r.address)) {
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  }
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

struct ProcessGroup::Connection {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

ProcessGroup::ProcessGroup(const Rendezvous& rendezvous) : rendezvous_(rendezvous) {
  rendezvous_.validate();
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(rendezvous_.timeout_s * 1e3));
  connection_ = std::make_unique<Connection>();
  try {
    if (rendezvous_.file.empty()) {
      c10d::TCPStoreOptions options;
      options.port = static_cast<uint16_t>(rendezvous_.port);
      options.isServer = rendezvous_.rank == 0;
      options.numWorkers = static_cast<int>(rendezvous_.world_size);
      options.waitWorkers = true;
      options.timeout = timeout;
      connection_->store = c10::make_intrusive<c10d::TCPStore>(rendezvous_.address, options);
    } else {
      connection_->store = c10::make_intrusive<c10d::FileStore>(
          rendezvous_.file, static_cast<int>(rendezvous_.world_size));
      connection_->store->setTimeout(timeout);
    }
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->devices.push_back(gloo_device(rendezvous_));
    options->timeout = timeout;
    connection_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(
        connection_->store, static_cast<int>(rendezvous_.rank),
        static_cast<int>(rendezvous_.world_size), options);
  } catch (const std::exception& e) {
    throw std::runtime_error("the " + std::to_string(rendezvous_.world_size) +
                             " processes did not all meet at " + where(rendezvous_) + " within " +
                             seconds(rendezvous_.timeout_s) + " (--peer-timeout): " + reason(e));
  }
}

ProcessGroup::~ProcessGroup() = default;

void ProcessGroup::all_reduce_sum(at::Tensor& tensor) { all_reduce(tensor, false); }

void ProcessGroup::all_reduce_max(at::Tensor& tensor) { all_reduce(tensor, true); }

void ProcessGroup::all_reduce(at::Tensor& tensor, bool largest) {
  std::vector<at::Tensor> tensors = {tensor};
  c10d::AllreduceOptions options;
  options.reduceOp = largest ? c10d::ReduceOp::MAX : c10d::ReduceOp::SUM;
  try {
    connection_->group->allreduce(tensors, options)->wait();
  } catch (const std::exception& e) {
    throw std::runtime_error(
        "lost contact with the other processes (one stopped, or was silent for longer than " +
        seconds(rendezvous_.timeout_s) + "): " + reason(e));
  }
}

bool ProcessGroup::all_agree(bool ok) {
  auto refusals = at::full({1}, ok ? 0.0 : 1.0, at::kDouble);
  all_reduce_sum(refusals);
  return refusals.item<double>() == 0;
}

}  // namespace pinn::distributed
