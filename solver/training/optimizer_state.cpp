#include "solver/training/optimizer_state.h"

#include <torch/optim/lbfgs.h>
#include <torch/serialize/archive.h>

#include <sstream>

namespace pinn {

std::string serialize_optimizer(torch::optim::Optimizer& optimizer) {
  // L-BFGS keeps scratch space (`al`) holding undefined tensors, which LibTorch's
  // archive cannot write; every iteration fills it before reading it.
  for (auto& entry : optimizer.state()) {
    if (auto* lbfgs = dynamic_cast<torch::optim::LBFGSParamState*>(entry.second.get())) {
      lbfgs->al({});
    }
  }
  torch::serialize::OutputArchive archive;
  optimizer.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void deserialize_optimizer(torch::optim::Optimizer& optimizer, const std::string& bytes) {
  if (bytes.empty()) return;
  torch::serialize::InputArchive archive;
  std::istringstream stream(bytes);
  archive.load_from(stream);
  optimizer.load(archive);
}

}  // namespace pinn
