#pragma once
// The processes of a data-parallel run, joined through c10d: a store for the
// rendezvous and a Gloo process group for the collectives.

#include <ATen/core/Tensor.h>

#include <memory>

#include "solver/distributed/rendezvous.h"

namespace pinn::distributed {

class ProcessGroup {
 public:
  // Meets the other processes. Throws std::runtime_error when they have not all
  // arrived within the rendezvous's timeout.
  explicit ProcessGroup(const Rendezvous& rendezvous);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int64_t rank() const { return rendezvous_.rank; }
  int64_t size() const { return rendezvous_.world_size; }

  // Replaces `tensor` (contiguous, on the CPU) by its sum over the processes.
  // Throws std::runtime_error when a peer is gone or silent past the timeout.
  void all_reduce_sum(at::Tensor& tensor);
  // The same with the largest value.
  void all_reduce_max(at::Tensor& tensor);
  // Whether every process passed true.
  bool all_agree(bool ok);

 private:
  void all_reduce(at::Tensor& tensor, bool largest);

  struct Connection;
  Rendezvous rendezvous_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace pinn::distributed
