#pragma once
// What resuming a run needs beyond the checkpoint file: the network's bytes, and
// which settings differ from those the checkpoint was written with.

#include <functional>
#include <string>
#include <vector>

#include "solver/network/mlp.h"

namespace pinn {

// The network's parameters and buffers as a LibTorch archive, and back.
std::string network_bytes(const Mlp& net);
void load_network_bytes(Mlp& net, const std::string& bytes);

// Dotted keys whose values differ between two resolved configs (present in one
// only, too), numbers and booleans compared by value, except the `ignored` ones.
std::vector<std::string> differing_settings(const std::string& saved_yaml,
                                            const std::string& current_yaml,
                                            const std::function<bool(const std::string&)>& ignored);

// differing_settings but for output.* and training.threads, which a resumed run may change.
std::vector<std::string> changed_settings(const std::string& saved_yaml,
                                          const std::string& current_yaml);

}  // namespace pinn
