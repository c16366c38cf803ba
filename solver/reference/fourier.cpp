#include "solver/reference/fourier.h"

#include <cmath>
#include <cstring>
#include <mutex>
#include <new>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace pinn::reference::fourier {

namespace {

// FFTW's planner (plan creation and destruction) keeps process-wide state and must not run on
// two threads at once (FFTW manual, "Thread safety"); solvers may be called from several.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

template <class T>
FftwArray<T> allocate(std::size_t n) {
  void* p = fftw_malloc(sizeof(T) * (n == 0 ? 1 : n));
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, sizeof(T) * (n == 0 ? 1 : n));
  return FftwArray<T>(static_cast<T*>(p));
}

[[noreturn]] void fail(const std::string& owner, const std::string& what) {
  throw std::invalid_argument(owner + "." + what);
}

template <class T>
std::string str(T value) {
  std::ostringstream s;
  s.precision(17);
  s << value;
  return s.str();
}

}  // namespace

FftwArray<double> allocate_real(std::size_t n) { return allocate<double>(n); }
FftwArray<fftw_complex> allocate_complex(std::size_t n) { return allocate<fftw_complex>(n); }

FftwPlan::FftwPlan(fftw_plan plan) : plan_(plan) {
  if (plan_ == nullptr) throw std::runtime_error("FFTW could not create a plan");
}

FftwPlan FftwPlan::complex_to_complex(int n, fftw_complex* in, fftw_complex* out, int sign) {
  std::lock_guard<std::mutex> lock(planner_mutex());
  return FftwPlan(fftw_plan_dft_1d(n, in, out, sign, FFTW_ESTIMATE));
}

FftwPlan FftwPlan::real_to_complex(int n, double* in, fftw_complex* out) {
  std::lock_guard<std::mutex> lock(planner_mutex());
  return FftwPlan(fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE));
}

FftwPlan FftwPlan::complex_to_real(int n, fftw_complex* in, double* out) {
  std::lock_guard<std::mutex> lock(planner_mutex());
  return FftwPlan(fftw_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE | FFTW_DESTROY_INPUT));
}

FftwPlan::FftwPlan(FftwPlan&& other) noexcept : plan_(std::exchange(other.plan_, nullptr)) {}

FftwPlan& FftwPlan::operator=(FftwPlan&& other) noexcept {
  if (this != &other) {
    release();
    plan_ = std::exchange(other.plan_, nullptr);
  }
  return *this;
}

FftwPlan::~FftwPlan() { release(); }

void FftwPlan::release() {
  if (plan_ == nullptr) return;
  std::lock_guard<std::mutex> lock(planner_mutex());
  fftw_destroy_plan(plan_);
  plan_ = nullptr;
}

void FftwPlan::execute() const { fftw_execute(plan_); }

std::vector<double> periodic_nodes(double x_min, double x_max, int modes) {
  std::vector<double> x(modes);
  const double dx = (x_max - x_min) / modes;
  for (int k = 0; k < modes; ++k) x[k] = x_min + k * dx;
  return x;
}

double wavenumber(int index, int modes, double period) {
  const int m = index <= modes / 2 ? index : index - modes;
  return 2.0 * M_PI * m / period;
}

void check_grid(const std::string& owner, double x_min, double x_max, int modes) {
  if (!std::isfinite(x_min) || !std::isfinite(x_max) || !(x_min < x_max)) {
    fail(owner,
         "x_min, x_max: need finite x_min < x_max (got " + str(x_min) + ", " + str(x_max) + ")");
  }
  // Powers of two keep FFTW on its fastest codelets; 8 is a floor below which no solution that
  // needs a spectral method is resolved.
  if (modes < 8 || modes > (1 << 24) || (modes & (modes - 1)) != 0) {
    fail(owner, "modes: must be a power of two from 8 to 2^24 (got " + str(modes) + ")");
  }
}

void check_time_step(const std::string& owner, double time_step) {
  if (!std::isfinite(time_step) || !(time_step > 0.0)) {
    fail(owner, "time_step: must be finite and > 0 (got " + str(time_step) + ")");
  }
}

void check_output_times(const std::string& owner, const std::vector<double>& times) {
  if (times.empty()) fail(owner, "output_times: empty; at least one time is needed");
  for (std::size_t j = 0; j < times.size(); ++j) {
    if (!std::isfinite(times[j]) || times[j] < 0.0) {
      fail(owner, "output_times[" + str(j) + "] = " + str(times[j]) + ": must be finite and >= 0");
    }
    if (j > 0 && !(times[j] > times[j - 1])) {
      fail(owner, "output_times: must be strictly increasing (output_times[" + str(j - 1) +
                      "] = " + str(times[j - 1]) + ", output_times[" + str(j) +
                      "] = " + str(times[j]) + ")");
    }
  }
}

void check_output_x(const std::string& owner, const std::vector<double>& x) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]))
      fail(owner, "output_x[" + str(i) + "] = " + str(x[i]) + ": not finite");
  }
}

long steps_in(double interval, double max_step) {
  if (interval <= 0.0) return 0;
  const double steps = std::ceil(interval / max_step * (1.0 - 1e-9));
  if (!(steps < 1e12)) {
    throw std::invalid_argument("time_step = " + str(max_step) + " needs " + str(steps) +
                                " steps for an output interval of " + str(interval) + ": too many");
  }
  return steps < 1.0 ? 1 : static_cast<long>(steps);
}

ComplexInterpolant::ComplexInterpolant(double x_min, double x_max, int modes,
                                       const std::vector<double>& x)
    : basis_(static_cast<Eigen::Index>(x.size()), modes) {
  const double period = x_max - x_min;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double offset = x[i] - x_min;
    for (int k = 0; k < modes; ++k) {
      const double phase = wavenumber(k, modes, period) * offset;
      basis_(static_cast<Eigen::Index>(i), k) =
          k == modes / 2 ? std::complex<double>(std::cos(phase) / modes, 0.0)
                         : std::polar(1.0 / modes, phase);
    }
  }
}

void ComplexInterpolant::evaluate(const fftw_complex* spectrum, std::complex<double>* out,
                                  std::size_t stride) const {
  const Eigen::Map<const Eigen::VectorXcd> c(
      reinterpret_cast<const std::complex<double>*>(spectrum), basis_.cols());
  const Eigen::VectorXcd values = basis_ * c;
  for (Eigen::Index i = 0; i < values.size(); ++i) out[i * stride] = values[i];
}

RealInterpolant::RealInterpolant(double x_min, double x_max, int modes,
                                 const std::vector<double>& x)
    : cos_(static_cast<Eigen::Index>(x.size()), modes / 2 + 1),
      sin_(static_cast<Eigen::Index>(x.size()), modes / 2 + 1) {
  const double period = x_max - x_min;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double offset = x[i] - x_min;
    for (int k = 0; k <= modes / 2; ++k) {
      // Index k stands for k and its conjugate -k, except the mean and the Nyquist cosine.
      const double weight = (k == 0 || k == modes / 2 ? 1.0 : 2.0) / modes;
      const double phase = wavenumber(k, modes, period) * offset;
      const auto row = static_cast<Eigen::Index>(i);
      cos_(row, k) = weight * std::cos(phase);
      // The Nyquist coefficient of real samples is real; its sine part is the one that the
      // split between +modes/2 and -modes/2 cancels.
      sin_(row, k) = k == modes / 2 ? 0.0 : weight * std::sin(phase);
    }
  }
}

void RealInterpolant::evaluate(const fftw_complex* spectrum, double* out,
                               std::size_t stride) const {
  const Eigen::Index n = cos_.cols();
  Eigen::VectorXd re(n), im(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    re[k] = spectrum[k][0];
    im[k] = spectrum[k][1];
  }
  const Eigen::VectorXd values = cos_ * re - sin_ * im;
  for (Eigen::Index i = 0; i < values.size(); ++i) out[i * stride] = values[i];
}

}  // namespace pinn::reference::fourier
