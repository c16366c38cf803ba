#pragma once
// Activation functions with closed-form first and second derivatives.
//
// Tests check autograd against the closed forms; the Taylor engine uses the
// higher-order rules of activation_rules.h, which tests check against autograd. Every
// function takes the pre-activation z and a parameter tensor w that only
// parametric activations (prelu's learnable negative slope) read.

#include <ATen/core/Tensor.h>

#include <limits>
#include <string>
#include <vector>

namespace pinn {

using TensorFn = at::Tensor (*)(const at::Tensor& z, const at::Tensor& w);

// The informative order of an activation none of whose derivatives vanishes.
constexpr int kEveryOrder = std::numeric_limits<int>::max();

struct Activation {
  std::string name;
  std::string formula;
  // Highest derivative order that is not zero almost everywhere: kEveryOrder for
  // the smooth activations (and elu/celu, whose every derivative is exp(z) below 0).
  // relu's is 1: a PDE with second derivatives cannot train on it.
  int informative_order;
  bool learnable_parameter;  // prelu: one trainable negative slope per layer
  TensorFn value;            // sigma(z), built from differentiable tensor ops
  TensorFn d1;               // sigma'(z)
  TensorFn d2;               // sigma''(z)
};

// The activation called `name`; throws std::invalid_argument listing the valid names.
const Activation& find_activation(const std::string& name);

// All activation names, sorted.
std::vector<std::string> activation_names();

}  // namespace pinn
