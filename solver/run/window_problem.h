#pragma once
// Window k of a time-marching run (training.windows) as a run of its own: the problem on
// the window's time slab, where from window 1 on every condition on the initial face
// becomes a match with the previous window's network at the window's start; the window's
// seed; the network's input box over the window, so that time is mapped onto [-1, 1]
// there and every window trains alike.

#include <memory>
#include <vector>

#include "solver/network/mlp.h"
#include "solver/problem/problem.h"
#include "solver/run/run_config.h"

namespace pinn {

class WindowProblem : public Problem {
 public:
  // `base` on times [t_lo, t_hi], with `terms` as its loss terms.
  WindowProblem(std::shared_ptr<const Problem> base, double t_lo, double t_hi,
                std::vector<LossTerm> terms);

  Domain domain() const override;
  std::vector<std::string> outputs() const override { return base_->outputs(); }
  std::vector<LossTerm> loss_terms() const override { return terms_; }
  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return base_->reference(axes);
  }
  std::string no_reference_reason() const override { return base_->no_reference_reason(); }
  std::vector<std::string> up_to_constant() const override { return base_->up_to_constant(); }
  std::vector<DerivedField> derived_fields() const override { return base_->derived_fields(); }
  std::vector<std::string> description() const override { return base_->description(); }

 private:
  std::shared_ptr<const Problem> base_;
  double t_lo_, t_hi_;
  std::vector<LossTerm> terms_;
};

// `condition` (on the initial face) made into a match with `previous` there: every output
// it reads equals previous's, and so does each time derivative of that output up to the
// orders it reads (a condition on u_t matches u_t, one on u or u_x matches u). Its points,
// predicate, name and count stay. The previous network's values are the term's data:
// computed once per drawn set, without gradient.
LossTerm matching_condition(const LossTerm& condition, const RunConfig& config, Mlp previous);

// The config of window k of config.window_edges: the problem on the window (initial
// conditions matched to `previous` for k > 0), the window's seed (window_seed), the network's
// input box and the causal time bins over the window.
RunConfig window_config(const RunConfig& config, size_t k, const Mlp& previous);

// Sets `net`'s input normalisation to the box of `options` (the window's), leaving every
// parameter and the other buffers as they are.
void set_input_box(Mlp& net, const NetworkOptions& options);

}  // namespace pinn
