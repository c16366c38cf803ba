#pragma once
// LibTorch optimizers' state as bytes (checkpoints), and back.

#include <torch/optim/optimizer.h>

#include <string>

namespace pinn {

std::string serialize_optimizer(torch::optim::Optimizer& optimizer);
// Empty bytes leave the optimizer as it is (the phase had not started).
void deserialize_optimizer(torch::optim::Optimizer& optimizer, const std::string& bytes);

}  // namespace pinn
