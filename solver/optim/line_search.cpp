#include "solver/optim/line_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "solver/common/require.h"
#include "solver/common/text.h"

namespace pinn::optim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A trial inside [lo, hi] keeps at least this fraction of the width from either
// end, so that every zoom step shrinks the interval by a fixed factor.
constexpr double kZoomMargin = 0.1;

bool finite(const LinePoint& p) { return std::isfinite(p.value) && std::isfinite(p.slope); }

// The searches below read a non-finite evaluation as an infinitely high value.
LinePoint sanitized(LinePoint p) {
  if (!finite(p)) {
    p.value = kInfinity;
    p.slope = kInfinity;
  }
  return p;
}

class Search {
 public:
  Search(const LineFunction& phi, const LinePoint& start, const LineSearchOptions& options)
      : phi_(phi), start_(start), options_(options) {}

  LineSearchResult run(double initial_step) {
    if (!(start_.slope < 0)) {
      result_.status = LineSearchResult::Status::NotDescent;
      result_.accepted = start_;
      return result_;
    }
    LinePoint previous = start_;
    double step = initial_step;
    for (bool first = true;; first = false) {
      if (out_of_evaluations()) return give_up();
      const LinePoint current = evaluate(step);
      if (!sufficient(current) || (!first && current.value >= previous.value)) {
        return zoom(previous, current);
      }
      if (curvature(current)) return accept(current);
      if (current.slope >= 0) return zoom(current, previous);
      // Still descending: extrapolate, at least a little and at most max_growth times.
      const double lo = current.step + 0.01 * (current.step - previous.step);
      const double hi = current.step * options_.max_growth;
      step = cubic_minimizer(previous, current, lo, hi);
      previous = current;
    }
  }

 private:
  bool sufficient(const LinePoint& p) const {
    return p.value <= start_.value + options_.c1 * p.step * start_.slope;
  }
  bool curvature(const LinePoint& p) const {
    return std::abs(p.slope) <= -options_.c2 * start_.slope;
  }
  bool out_of_evaluations() const { return result_.evaluations >= options_.max_evaluations; }

  LinePoint evaluate(double step) {
    LinePoint p = phi_(step);
    p.step = step;
    p = sanitized(p);
    ++result_.evaluations;
    last_ = p;
    if (sufficient(p) && p.value < best_.value) best_ = p;
    return p;
  }

  LineSearchResult accept(const LinePoint& p) {
    result_.status = LineSearchResult::Status::Converged;
    result_.accepted = p;
    result_.last_is_accepted = p.step == last_.step;
    return result_;
  }

  // The best point with sufficient decrease, or failure. A "decrease" that leaves
  // the value where it was is rounding, not progress.
  LineSearchResult give_up() {
    if (best_.step > 0 && best_.value < start_.value) {
      result_.status = LineSearchResult::Status::SufficientOnly;
      result_.accepted = best_;
      result_.last_is_accepted = best_.step == last_.step;
    } else {
      result_.status = LineSearchResult::Status::Failed;
      result_.accepted = start_;
    }
    return result_;
  }

  // `lo` has sufficient decrease and the lowest value seen; a minimiser satisfying
  // the strong Wolfe conditions lies between lo and hi.
  LineSearchResult zoom(LinePoint lo, LinePoint hi) {
    for (;;) {
      const double left = std::min(lo.step, hi.step);
      const double right = std::max(lo.step, hi.step);
      const double width = right - left;
      if (width <= options_.min_relative_width * right || out_of_evaluations()) return give_up();
      const double step =
          std::isfinite(hi.value)
              ? cubic_minimizer(lo, hi, left + kZoomMargin * width, right - kZoomMargin * width)
              : 0.5 * (left + right);
      const LinePoint trial = evaluate(step);
      // Strictly higher: near a minimiser values agree to rounding, and then the
      // slope, not the value, tells where to go.
      if (!sufficient(trial) || trial.value > lo.value) {
        hi = trial;
      } else {
        if (curvature(trial)) return accept(trial);
        if (trial.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = trial;
      }
    }
  }

  const LineFunction& phi_;
  const LinePoint start_;
  const LineSearchOptions& options_;
  LineSearchResult result_;
  LinePoint best_{0, kInfinity, 0};
  LinePoint last_;
};

}  // namespace

void LineSearchOptions::validate() const {
  require(c1 > 0 && c1 < 1, "c1", format_g(c1), "must be in (0, 1)");
  require(c2 > c1 && c2 < 1, "c2", format_g(c2), "must be in (c1, 1) = (" + format_g(c1) + ", 1)");
  require(max_evaluations >= 1, "max_evaluations", std::to_string(max_evaluations), "must be >= 1");
  require(max_growth > 1, "max_growth", format_g(max_growth), "must be > 1");
  require(min_relative_width > 0 && min_relative_width < 1, "min_relative_width",
          format_g(min_relative_width), "must be in (0, 1)");
}

std::string to_string(LineSearchResult::Status status) {
  switch (status) {
    case LineSearchResult::Status::Converged:
      return "converged";
    case LineSearchResult::Status::SufficientOnly:
      return "sufficient decrease only";
    case LineSearchResult::Status::Failed:
      return "no sufficient decrease";
    case LineSearchResult::Status::NotDescent:
      return "not a descent direction";
  }
  return "unknown";
}

double cubic_minimizer(const LinePoint& a, const LinePoint& b, double lo, double hi) {
  const double d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step);
  const double discriminant = d1 * d1 - a.slope * b.slope;
  if (discriminant >= 0 && std::isfinite(discriminant)) {
    const double d2 = std::copysign(std::sqrt(discriminant), b.step - a.step);
    const double denominator = b.slope - a.slope + 2 * d2;
    if (denominator != 0) {
      const double minimizer = b.step - (b.step - a.step) * (b.slope + d2 - d1) / denominator;
      if (std::isfinite(minimizer)) return std::clamp(minimizer, lo, hi);
    }
  }
  return 0.5 * (lo + hi);
}

LineSearchResult strong_wolfe_search(const LineFunction& phi, const LinePoint& start,
                                     double initial_step, const LineSearchOptions& options) {
  return Search(phi, start, options).run(initial_step);
}

}  // namespace pinn::optim
