#pragma once
// Twins: a problem written as formulas and the compiled module it mirrors, given the same
// network, seed and points, must give the same loss terms (names and order), the same
// residual columns in the same order, the same losses and the same gradients to rounding,
// with both derivative engines, in float64.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "solver/autodiff/derivative_engine.h"
#include "solver/config/source.h"
#include "solver/problem/periodic.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn::twins {

inline std::string shipped(const std::string& name) {
  return std::string(PINN_SOURCE_DIR) + "/configs/" + name;
}

// A shipped config with overrides.
inline RunConfig load(const std::string& file, const std::vector<std::string>& overrides) {
  auto source = config::load_config_file(shipped(file));
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, testing::builtin_registry());
}

// The shipped config `file` (network, sampling, training, output) with its problem section
// replaced by the `problem:` map of `problem_yaml`: a formula problem on the compiled one's
// settings.
inline RunConfig load_with_problem(const std::string& file, const std::string& problem_yaml,
                                   const std::vector<std::string>& overrides) {
  auto source = config::load_config_file(shipped(file));
  const auto formula = config::load_config_string(problem_yaml, file + " (formula problem)");
  source.root()["problem"] = formula.root()["problem"];
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, testing::builtin_registry());
}

struct Evaluated {
  std::vector<std::string> names;
  std::vector<double> terms;
  std::vector<at::Tensor> gradient;
  // Each term's residual at its points, N x columns: the losses are means over all columns,
  // so these show that the columns come in the same order.
  std::vector<at::Tensor> residuals;
};

inline Evaluated evaluate(const RunConfig& config) {
  auto setup = prepare_training(config);
  const auto values = setup.loss.evaluate();
  Evaluated out;
  out.names = setup.loss.term_names();
  for (const auto& t : values.terms) out.terms.push_back(t.item<double>());
  out.gradient = torch::autograd::grad({values.total}, setup.net->parameters());
  const auto unknowns = setup.net->unknown_values();
  for (const auto& batch : setup.loss.batches()) {
    auto fields = evaluate_fields(config.derivatives, setup.net,
                                  evaluation_points(batch.term, batch.points), batch.term.needs,
                                  config.problem->domain().names, config.problem->outputs());
    if (batch.data.defined()) fields.set_data(batch.data);
    fields.set_unknowns(&unknowns);
    out.residuals.push_back(batch.term.residual(fields).detach());
  }
  return out;
}

// A config from overrides (the engine, the dtype and the caller's are passed in).
using Loader = std::function<RunConfig(const std::vector<std::string>&)>;

// Every term's loss to 1e-12 relative, every parameter's gradient to 1e-12 of its largest
// entry; each term positive, so that an empty or zero term cannot pass unnoticed.
inline void expect_twins(const Loader& compiled, const Loader& formula,
                         const std::vector<std::string>& overrides) {
  for (const std::string engine : {"autograd", "taylor"}) {
    SCOPED_TRACE("with " + engine);
    auto o = overrides;
    o.push_back("training.derivatives=" + engine);
    o.push_back("training.dtype=float64");
    const auto a = evaluate(compiled(o));
    o.push_back("problem.reference=~");
    const auto b = evaluate(formula(o));
    EXPECT_EQ(a.names, b.names);
    ASSERT_EQ(a.terms.size(), b.terms.size());
    for (size_t i = 0; i < a.terms.size(); ++i) {
      EXPECT_NEAR(b.terms[i], a.terms[i], 1e-12 * std::abs(a.terms[i])) << "term " << a.names[i];
      EXPECT_GT(a.terms[i], 0) << "term " << a.names[i];
    }
    ASSERT_EQ(a.residuals.size(), b.residuals.size());
    for (size_t i = 0; i < a.residuals.size(); ++i) {
      ASSERT_EQ(a.residuals[i].sizes(), b.residuals[i].sizes()) << "term " << a.names[i];
      const double scale = a.residuals[i].abs().max().item<double>();
      EXPECT_LE((a.residuals[i] - b.residuals[i]).abs().max().item<double>(), 1e-12 * scale)
          << "term " << a.names[i];
    }
    ASSERT_EQ(a.gradient.size(), b.gradient.size());
    for (size_t k = 0; k < a.gradient.size(); ++k) {
      const double scale = a.gradient[k].abs().max().item<double>();
      EXPECT_GT(scale, 0) << "parameter " << k;
      EXPECT_LE((a.gradient[k] - b.gradient[k]).abs().max().item<double>(), 1e-12 * scale)
          << "parameter " << k;
    }
  }
}

// Two shipped configs.
inline void expect_twins(const std::string& compiled, const std::string& formula,
                         const std::vector<std::string>& overrides) {
  SCOPED_TRACE(formula);
  expect_twins([&](const std::vector<std::string>& o) { return load(compiled, o); },
               [&](const std::vector<std::string>& o) { return load(formula, o); }, overrides);
}

}  // namespace pinn::twins
