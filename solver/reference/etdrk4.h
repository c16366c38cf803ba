#pragma once

// ETDRK4 time stepping for a semilinear equation in Fourier space, v_t = L v + N(v), with a
// real diagonal L (Cox & Matthews, J. Comput. Phys. 176 (2002) 430; the coefficients of
// Kassam & Trefethen, SIAM J. Sci. Comput. 26 (2005) 1214). Shared by the pseudo-spectral
// solvers (allen_cahn_etdrk4, kuramoto_sivashinsky_etdrk4).

#include <complex>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pinn::reference {

// The ETDRK4 coefficients for a diagonal linear part with entries `linear` and step h:
//   e = exp(L h), e_half = exp(L h / 2), q = h phi1(L h / 2) / 2,
//   f1 = h (-4 - z + e^z (4 - 3z + z^2)) / z^3, f2 = h (2 + z + e^z (z - 2)) / z^3,
//   f3 = h (-4 - 3z - z^2 + e^z (4 - z)) / z^3,  z = L h,
// with phi1(z) = (e^z - 1) / z. The quotients lose all accuracy to cancellation for small
// |z|, so each is the mean over `contour_points` points of a unit circle around z (Cauchy's
// integral formula by the trapezoid rule, geometrically convergent; Kassam & Trefethen). For
// real L the points come in conjugate pairs and only the upper half is evaluated.
// Throws std::invalid_argument unless h > 0 is finite, contour_points is even and >= 8, and
// every entry of `linear` is finite.
struct EtdRk4Coefficients {
  std::vector<double> e, e_half, q, f1, f2, f3;
};
EtdRk4Coefficients etdrk4_coefficients(const std::vector<double>& linear, double h,
                                       int contour_points = 64);

using Spectrum = std::vector<std::complex<double>>;

struct EtdRk4Run {
  std::vector<double> linear;  // L, one entry per coefficient of the spectrum
  // out = N(w); `out` has the size of `w`.
  std::function<void(const Spectrum& w, Spectrum& out)> nonlinear;
  double time_step = 0;              // largest step
  std::vector<double> output_times;  // increasing, >= 0 (checked by the caller)
  // Called with the index of each output time once v holds the solution there.
  std::function<void(std::size_t index, const Spectrum& v)> output;
  std::string owner;  // names the solver in the error below
};

// Advances v from t = 0 through every output time, each interval between outputs in equal
// steps no longer than time_step (the coefficients are recomputed only when the step changes).
// Throws std::runtime_error, starting with `owner`, when v stops being finite.
void etdrk4_integrate(const EtdRk4Run& run, Spectrum& v);

}  // namespace pinn::reference
