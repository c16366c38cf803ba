#pragma once

// Pieces shared by the Fourier spectral solvers (nls_split_step, allen_cahn_etdrk4, kuramoto_sivashinsky_etdrk4, real_periodic_grid): owning
// wrappers for FFTW arrays and plans, the periodic grid and its wavenumbers, option checks,
// and evaluation of the trigonometric interpolant at arbitrary points. Internal to
// pinn_reference: only its .cpp files include this header (and so fftw3.h).

#include <fftw3.h>

#include <Eigen/Dense>
#include <complex>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace pinn::reference::fourier {

struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
// fftw_malloc'd arrays: aligned for FFTW's SIMD kernels, so every plan over them picks the same
// algorithm and results do not depend on where the allocator happened to put the data.
template <class T>
using FftwArray = std::unique_ptr<T[], FftwFree>;

// Zero-filled; throws std::bad_alloc when FFTW cannot allocate.
FftwArray<double> allocate_real(std::size_t n);
FftwArray<fftw_complex> allocate_complex(std::size_t n);

// One FFTW plan, destroyed with the object; move-only. Plans are made with FFTW_ESTIMATE (no
// timing runs: the same algorithm every time, so results are reproducible) and, for c2r, with
// FFTW_DESTROY_INPUT made explicit: the input array is scratch after execute().
class FftwPlan {
 public:
  // Unnormalised: forward (FFTW_FORWARD, exp(-i ...)) then backward multiplies by n.
  static FftwPlan complex_to_complex(int n, fftw_complex* in, fftw_complex* out, int sign);
  // Real n samples <-> the n / 2 + 1 non-negative frequencies.
  static FftwPlan real_to_complex(int n, double* in, fftw_complex* out);
  static FftwPlan complex_to_real(int n, fftw_complex* in, double* out);

  FftwPlan(FftwPlan&& other) noexcept;
  FftwPlan& operator=(FftwPlan&& other) noexcept;
  FftwPlan(const FftwPlan&) = delete;
  FftwPlan& operator=(const FftwPlan&) = delete;
  ~FftwPlan();

  // On the arrays the plan was made for (fftw_execute is thread-safe; planning is not).
  void execute() const;

 private:
  explicit FftwPlan(fftw_plan plan);
  void release();
  fftw_plan plan_ = nullptr;
};

// fftw_complex is double[2], laid out like std::complex<double> (FFTW manual, section 4.1.1).
inline std::complex<double>* as_complex(fftw_complex* p) {
  return reinterpret_cast<std::complex<double>*>(p);
}

// x_min + k (x_max - x_min) / modes for k = 0 .. modes - 1 (x_max itself is x_min again).
std::vector<double> periodic_nodes(double x_min, double x_max, int modes);

// Angular wavenumber of DFT index `index` of `modes` on a period of length `period`:
// 2 pi m / period with m = index for index <= modes / 2 and index - modes above.
double wavenumber(int index, int modes, double period);

// Option checks; each throws std::invalid_argument whose message starts with `owner`.
void check_grid(const std::string& owner, double x_min, double x_max, int modes);
void check_time_step(const std::string& owner, double time_step);
void check_output_times(const std::string& owner, const std::vector<double>& times);
void check_output_x(const std::string& owner, const std::vector<double>& x);

// Equal steps no longer than max_step (up to 1e-9 relative, so that an interval that is a
// multiple of max_step up to rounding takes exactly that many) covering `interval` >= 0.
long steps_in(double interval, double max_step);

// Evaluates at fixed points x the trigonometric interpolant of `modes` equispaced samples on
// [x_min, x_max), given their unnormalised forward DFT. The Nyquist term is split evenly between
// +modes/2 and -modes/2 (a cosine): the symmetric choice, real for real samples and for real x
// of either sign alike. The interpolant is exact at the nodes and periodic.
class ComplexInterpolant {
 public:
  ComplexInterpolant(double x_min, double x_max, int modes, const std::vector<double>& x);
  // `spectrum`: all `modes` DFT coefficients. out[i * stride] = p(x_i).
  void evaluate(const fftw_complex* spectrum, std::complex<double>* out, std::size_t stride) const;

 private:
  Eigen::MatrixXcd basis_;  // x.size() x modes, 1 / modes folded in
};

class RealInterpolant {
 public:
  RealInterpolant(double x_min, double x_max, int modes, const std::vector<double>& x);
  // `spectrum`: the modes / 2 + 1 coefficients of a real-to-complex DFT.
  void evaluate(const fftw_complex* spectrum, double* out, std::size_t stride) const;

 private:
  // p(x_i) = sum_m cos_(i, m) Re c_m - sin_(i, m) Im c_m, with the conjugate half (weight 2),
  // the Nyquist split and 1 / modes folded in.
  Eigen::MatrixXd cos_;
  Eigen::MatrixXd sin_;
};

}  // namespace pinn::reference::fourier
