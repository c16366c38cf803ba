#include "solver/run/embedding_config.h"

#include <algorithm>

#include "solver/common/text.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

void read_fourier(const Reader& f, const Domain& domain, NetworkOptions& net) {
  auto& fourier = net.fourier;
  fourier.scale = f.number("scale", fourier.scale, Rule<double>::positive());
  fourier.features = f.integer("features", 64, Rule<int64_t>::in_range(1, 100000));
  std::vector<std::string> periodic;
  for (const auto i : net.periodic) periodic.push_back(domain.names[static_cast<size_t>(i)]);
  std::vector<std::string> free_inputs;
  for (const auto& name : domain.names) {
    if (std::count(periodic.begin(), periodic.end(), name) == 0) free_inputs.push_back(name);
  }
  const auto inputs = f.choices("inputs", free_inputs, domain.names);
  fourier.inputs.clear();
  for (const auto& name : inputs) {
    // Random frequencies would break the exact periodicity of cos(pi x'), sin(pi x').
    if (std::count(periodic.begin(), periodic.end(), name) > 0) {
      f.fail("inputs", "input '" + name +
                           "' is periodic (network.periodic): Fourier features read only "
                           "non-periodic inputs; leave it out (inputs it may read: " +
                           (free_inputs.empty() ? std::string("none") : join(free_inputs)) + ")");
    }
    const auto index = std::find(domain.names.begin(), domain.names.end(), name);
    const auto i = static_cast<int64_t>(index - domain.names.begin());
    if (std::count(fourier.inputs.begin(), fourier.inputs.end(), i) > 0) {
      f.fail("inputs", "input '" + name + "' is listed twice");
    }
    fourier.inputs.push_back(i);
  }
  if (fourier.inputs.empty()) {
    f.fail("inputs",
           "names no input (every input is periodic, or the list is empty): "
           "Fourier features need at least one non-periodic input");
  }
  if (const auto seed = f.optional_integer("seed", Rule<int64_t>::non_negative())) {
    fourier.seed = static_cast<uint64_t>(*seed);
    fourier.seeded = true;
  }
  f.finish();
}

void read_factorization(const Reader& f, NetworkOptions& net) {
  auto& factorization = net.factorization;
  factorization.enabled = true;
  factorization.mean = f.number("mean", factorization.mean);
  factorization.std = f.number("std", factorization.std, Rule<double>::non_negative());
  f.finish();
}

}  // namespace

void read_embeddings(const Reader& network, const Domain& domain, NetworkOptions& net) {
  if (const auto fourier = network.optional_section("fourier")) {
    read_fourier(*fourier, domain, net);
  }
  if (const auto factorization = network.optional_section("factorization")) {
    read_factorization(*factorization, net);
  }
}

}  // namespace pinn
