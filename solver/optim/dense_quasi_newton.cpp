#include "solver/optim/dense_quasi_newton.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "solver/common/require.h"
#include "solver/common/text.h"

namespace pinn::optim {
namespace {

// y's must exceed this fraction of |s| |y| for an update: below it the pair says
// nothing reliable about curvature (the strong Wolfe step makes it positive in
// exact arithmetic).
constexpr double kMinCurvatureCosine = 1e-10;

constexpr char kMagic[] = "pinn dense quasi-Newton v1";

void append(std::string& out, const void* data, size_t bytes) {
  out.append(static_cast<const char*>(data), bytes);
}

void append_vector(std::string& out, const Eigen::VectorXd& v) {
  append(out, v.data(), sizeof(double) * static_cast<size_t>(v.size()));
}

class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
  void read(void* data, size_t count) {
    if (offset_ + count > bytes_.size()) {
      throw std::runtime_error("dense quasi-Newton state is truncated");
    }
    std::memcpy(data, bytes_.data() + offset_, count);
    offset_ += count;
  }
  void read_vector(Eigen::VectorXd& v, Eigen::Index n) {
    v.resize(n);
    read(v.data(), sizeof(double) * static_cast<size_t>(n));
  }
  bool at_end() const { return offset_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  size_t offset_ = 0;
};

}  // namespace

void DenseQuasiNewtonOptions::validate() const {
  line_search.validate();
  require(tolerance_grad >= 0, "tolerance_grad", format_g(tolerance_grad), "must be >= 0");
  require(threads >= 1, "threads", std::to_string(threads), "must be >= 1");
}

DenseQuasiNewton::DenseQuasiNewton(Eigen::Index parameters, DenseQuasiNewtonOptions options)
    : options_(std::move(options)), h_(parameters, options_.threads) {
  options_.validate();
}

void DenseQuasiNewton::start(const Eigen::VectorXd& x, double value,
                             const Eigen::VectorXd& gradient) {
  state_.x = x;
  state_.value = value;
  state_.gradient = gradient;
  reset();
}

void DenseQuasiNewton::refresh(double value, const Eigen::VectorXd& gradient) {
  state_.value = value;
  state_.gradient = gradient;
  h_.multiply(state_.gradient, state_.h_gradient);
}

void DenseQuasiNewton::reset() {
  h_.reset_to_identity();
  state_.h_gradient = state_.gradient;
  state_.fresh = true;
}

IterationReport DenseQuasiNewton::iterate(const Objective& objective) {
  IterationReport report;
  auto& s = state_;
  if (s.gradient.lpNorm<Eigen::Infinity>() <= options_.tolerance_grad) {
    report.outcome = IterationReport::Outcome::Converged;
    report.note = "largest gradient entry below tolerance_grad";
    return report;
  }
  double accepted_value = 0;
  for (;;) {
    direction_ = -s.h_gradient;
    const double slope = s.gradient.dot(direction_);
    LineSearchResult search;
    if (slope < 0 && std::isfinite(slope)) {
      // H = I makes p = -g, whose length has nothing to do with a good step.
      const double first_step = s.fresh ? std::min(1.0, 1.0 / s.gradient.lpNorm<1>()) : 1.0;
      const LineFunction phi = [&](double step) {
        trial_ = s.x + step * direction_;
        LinePoint p;
        p.value = objective(trial_, trial_gradient_);
        p.slope = trial_gradient_.dot(direction_);
        return p;
      };
      search = strong_wolfe_search(phi, {0.0, s.value, slope}, first_step, options_.line_search);
      report.evaluations += search.evaluations;
    } else {
      search.status = LineSearchResult::Status::NotDescent;
    }
    if (search.moved()) {
      report.step = search.accepted.step;
      accepted_value = search.accepted.value;
      if (!search.last_is_accepted) {
        trial_ = s.x + report.step * direction_;
        accepted_value = objective(trial_, trial_gradient_);
        ++report.evaluations;
      }
      break;
    }
    const std::string why = "line search: " + to_string(search.status);
    if (s.fresh) {
      report.outcome = IterationReport::Outcome::Stuck;
      report.note = why + " from H = I";
      return report;
    }
    report.reset = true;
    report.note = why;
    reset();
  }

  const Eigen::VectorXd step_vector = trial_ - s.x;
  const Eigen::VectorXd gradient_change = trial_gradient_ - s.gradient;
  std::string note;
  switch (update(step_vector, gradient_change, report.step, note)) {
    case UpdateResult::Updated:
      break;
    case UpdateResult::Skipped:
      report.update_skipped = true;
      break;
    case UpdateResult::Reset:
      report.reset = true;
      break;
  }
  if (!note.empty()) report.note += (report.note.empty() ? "" : "; ") + note;
  s.x = trial_;
  s.value = accepted_value;
  s.gradient = trial_gradient_;
  return report;
}

DenseQuasiNewton::UpdateResult DenseQuasiNewton::update(const Eigen::VectorXd& s,
                                                        const Eigen::VectorXd& y, double step,
                                                        std::string& note) {
  auto& st = state_;
  // H g+ with the H that made this step; H y follows from H g.
  h_.multiply(trial_gradient_, h_new_gradient_);
  const double ys = y.dot(s);
  if (!(ys > kMinCurvatureCosine * s.norm() * y.norm())) {
    note = "skipped the update (y's = " + format_g(ys) + " not safely positive)";
    st.h_gradient = h_new_gradient_;
    return UpdateResult::Skipped;
  }
  const Eigen::VectorXd hy = h_new_gradient_ - st.h_gradient;
  const double yhy = y.dot(hy);
  const double rho = 1.0 / ys;
  if (!(yhy > 0) || !std::isfinite(yhy)) {
    note = "H stopped being positive definite: y'H y = " + format_g(yhy);
    h_.reset_to_identity();
    st.h_gradient = trial_gradient_;
    st.fresh = true;
    return UpdateResult::Reset;
  }
  const double b = -step * rho * s.dot(st.gradient);
  const double h = rho * yhy;
  const auto scaling = update_scaling(options_.update, b, h, h_.size(), st.fresh);
  if (!(scaling.tau > 0) || !std::isfinite(scaling.tau) || !std::isfinite(scaling.phi)) {
    note = "skipped the update (tau = " + format_g(scaling.tau) +
           ", phi = " + format_g(scaling.phi) + ")";
    st.h_gradient = h_new_gradient_;
    return UpdateResult::Skipped;
  }
  const Eigen::VectorXd v = rho * s - hy / yhy;
  const double inv_tau = 1.0 / scaling.tau;
  const double c_hy = -inv_tau / yhy;
  const double c_v = scaling.phi * yhy * inv_tau;
  h_.scale_and_add(inv_tau, c_hy, hy, c_v, v, rho, s);
  // H+ g+ from the same formula, without another pass over H.
  const Eigen::VectorXd& g = trial_gradient_;
  st.h_gradient = inv_tau * h_new_gradient_ + (c_hy * hy.dot(g)) * hy + (c_v * v.dot(g)) * v +
                  (rho * s.dot(g)) * s;
  st.fresh = false;
  return UpdateResult::Updated;
}

std::string DenseQuasiNewton::serialize() const {
  std::string out(kMagic, sizeof kMagic);
  const int64_t n = h_.size();
  const int64_t fresh = state_.fresh ? 1 : 0;
  append(out, &n, sizeof n);
  append(out, &fresh, sizeof fresh);
  append(out, &state_.value, sizeof state_.value);
  append_vector(out, state_.x);
  append_vector(out, state_.gradient);
  append_vector(out, state_.h_gradient);
  append(out, h_.matrix().data(), sizeof(double) * static_cast<size_t>(n * n));
  return out;
}

void DenseQuasiNewton::restore(const std::string& bytes) {
  ByteReader in(bytes);
  char magic[sizeof kMagic];
  in.read(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
    throw std::runtime_error("not a dense quasi-Newton state");
  }
  int64_t n = 0, fresh = 0;
  in.read(&n, sizeof n);
  if (n != h_.size()) {
    throw std::runtime_error("dense quasi-Newton state for " + std::to_string(n) +
                             " parameters, the network has " + std::to_string(h_.size()));
  }
  in.read(&fresh, sizeof fresh);
  in.read(&state_.value, sizeof state_.value);
  in.read_vector(state_.x, n);
  in.read_vector(state_.gradient, n);
  in.read_vector(state_.h_gradient, n);
  in.read(h_.matrix().data(), sizeof(double) * static_cast<size_t>(n * n));
  if (!in.at_end()) throw std::runtime_error("dense quasi-Newton state has trailing bytes");
  state_.fresh = fresh != 0;
}

}  // namespace pinn::optim
