#pragma once
// A dense quasi-Newton minimiser: direction p = -H g from an inverse-Hessian
// approximation H (quasi_newton_update.h), a strong-Wolfe line search along it
// (line_search.h), then the update of H. One iterate() call is one iteration;
// the caller owns the loop (records, checkpoints, stopping), so that the state
// can be saved between any two iterations and continued bit for bit.

#include <Eigen/Dense>
#include <functional>
#include <string>

#include "solver/optim/line_search.h"
#include "solver/optim/quasi_newton_update.h"

namespace pinn::optim {

struct DenseQuasiNewtonOptions {
  QuasiNewtonUpdate update = QuasiNewtonUpdate::SsBroyden;
  LineSearchOptions line_search;
  // The iteration reports convergence when the largest gradient entry is below this.
  double tolerance_grad = 0;
  int threads = 1;  // for the O(P^2) products and updates

  void validate() const;  // throws std::invalid_argument naming the field
};

// The value and gradient of the objective at x.
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

// Everything the iterations carry: with it, a run continues bit for bit.
struct QuasiNewtonState {
  Eigen::VectorXd x;
  double value = 0;
  Eigen::VectorXd gradient;
  Eigen::VectorXd h_gradient;  // H g, the direction's negative
  bool fresh = true;           // H is the identity (never updated since the last reset)
};

struct IterationReport {
  enum class Outcome {
    Moved,      // a step was taken
    Converged,  // the gradient is below tolerance_grad (no step taken)
    Stuck,      // no step with sufficient decrease, even from H = I (no step taken)
  };
  Outcome outcome = Outcome::Moved;
  int evaluations = 0;
  double step = 0;              // the accepted step length
  bool reset = false;           // H was reset to the identity during this iteration
  bool update_skipped = false;  // y's was not safely positive: H kept as it was
  std::string note;             // what happened, for the log, when not a plain step
};

class DenseQuasiNewton {
 public:
  DenseQuasiNewton(Eigen::Index parameters, DenseQuasiNewtonOptions options);

  // Starts from x with its value and gradient, H = I.
  void start(const Eigen::VectorXd& x, double value, const Eigen::VectorXd& gradient);
  // The objective changed at the same x (new collocation points): its new value
  // and gradient; H is kept.
  void refresh(double value, const Eigen::VectorXd& gradient);
  // One iteration. After it returns, the objective's last evaluation was at the
  // new state.x (or, for Converged/Stuck, the state is unchanged).
  IterationReport iterate(const Objective& objective);

  const QuasiNewtonState& state() const { return state_; }
  const InverseHessian& inverse_hessian() const { return h_; }

  // The state and H as bytes (checkpoints), and back; restore() throws
  // std::runtime_error for bytes of another size or kind.
  std::string serialize() const;
  void restore(const std::string& bytes);

 private:
  void reset();
  // Updates H from the step and returns whether it did.
  // H from the step s and gradient change y (trial_gradient_ holds the new
  // gradient); sets state_.h_gradient to H g+.
  enum class UpdateResult { Updated, Skipped, Reset };
  UpdateResult update(const Eigen::VectorXd& s, const Eigen::VectorXd& y, double step,
                      std::string& note);

  DenseQuasiNewtonOptions options_;
  InverseHessian h_;
  QuasiNewtonState state_;
  // Scratch space of one iteration.
  Eigen::VectorXd direction_, trial_, trial_gradient_, h_new_gradient_;
};

}  // namespace pinn::optim
