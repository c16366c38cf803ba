#pragma once
// A line search that finds a step satisfying the strong Wolfe conditions
//   phi(a) <= phi(0) + c1 a phi'(0)          (sufficient decrease)
//   |phi'(a)| <= c2 |phi'(0)|                 (curvature)
// along a descent direction: bracketing, then zoom, each trial step chosen by a
// cubic interpolation of the two ends' values and slopes, safeguarded to stay
// well inside the interval (Nocedal & Wright, Numerical Optimization, 2nd ed.,
// algorithms 3.5 and 3.6, with the safeguards of Moré & Thuente 1994).

#include <functional>
#include <string>

namespace pinn::optim {

struct LineSearchOptions {
  double c1 = 1e-4;  // sufficient decrease, in (0, c2)
  double c2 = 0.9;   // curvature, in (c1, 1)
  // Function evaluations one search may spend; it then returns the best point
  // that satisfies sufficient decrease, if any.
  int max_evaluations = 25;
  // Bracketing grows the step by at most this factor per trial.
  double max_growth = 10.0;
  // The interval is given up as hopeless below this relative width.
  double min_relative_width = 1e-12;

  // Throws std::invalid_argument naming the field, its value and the rule broken.
  void validate() const;
};

// phi(a) = f(x + a p) and its slope phi'(a) = g(x + a p)' p, at one step a.
struct LinePoint {
  double step = 0;
  double value = 0;
  double slope = 0;
};

// Evaluates phi at a step. A value or slope that is not finite counts as a step
// too long (the search shrinks it). Implementations may keep the full point
// (gradient, loss terms) of their latest evaluation: LineSearchResult says
// whether the accepted point is that one.
using LineFunction = std::function<LinePoint(double step)>;

struct LineSearchResult {
  enum class Status {
    Converged,       // strong Wolfe conditions hold at `accepted`
    SufficientOnly,  // out of evaluations; `accepted` decreases phi enough
    Failed,          // no point with sufficient decrease was found
    NotDescent,      // phi'(0) >= 0: the direction does not descend
  };
  Status status = Status::Failed;
  LinePoint accepted;             // the point to move to (step 0 when failed)
  bool last_is_accepted = false;  // the last evaluation was at `accepted`
  int evaluations = 0;

  bool moved() const { return status == Status::Converged || status == Status::SufficientOnly; }
};

std::string to_string(LineSearchResult::Status status);

// Searches from `start` (step 0, with its value and slope) with a first trial
// step `initial_step`. Never evaluates at step 0.
LineSearchResult strong_wolfe_search(const LineFunction& phi, const LinePoint& start,
                                     double initial_step, const LineSearchOptions& options);

// The minimiser of the cubic matching values and slopes at `a` and `b`,
// clamped into [lo, hi]; the bisection of [lo, hi] where the cubic has none.
double cubic_minimizer(const LinePoint& a, const LinePoint& b, double lo, double hi);

}  // namespace pinn::optim
