#pragma once

// A real periodic field on equispaced nodes and its spectrum, with the FFTW plans between them:
// what the semilinear pseudo-spectral solvers (allen_cahn_etdrk4, kuramoto_sivashinsky_etdrk4)
// share around the ETDRK4 stepping of etdrk4.h. Internal to pinn_reference, like fourier.h.

#include <complex>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "solver/reference/etdrk4.h"
#include "solver/reference/fourier.h"

namespace pinn::reference {

class RealPeriodicGrid {
 public:
  // `modes` nodes x_min + k (x_max - x_min) / modes; the solution is written at `output_x`,
  // or at the nodes where it is empty.
  RealPeriodicGrid(double x_min, double x_max, int modes, std::vector<double> output_x);
  RealPeriodicGrid(const RealPeriodicGrid&) = delete;
  RealPeriodicGrid& operator=(const RealPeriodicGrid&) = delete;

  int modes() const { return modes_; }
  int spectrum_size() const { return modes_ / 2 + 1; }
  double period() const { return period_; }
  // Where write() puts the solution: output_x, or the nodes.
  const std::vector<double>& output_x() const { return output_x_.empty() ? nodes_ : output_x_; }

  // The unnormalised spectrum of `initial` sampled at the nodes; throws std::invalid_argument,
  // starting with `owner`, at the first node where it is not finite.
  Spectrum spectrum_of(const std::function<double(double)>& initial, const std::string& owner);
  // modes * F^-1[w] at the nodes, in the grid's buffer: the caller may overwrite the values
  // before forward() (the complex-to-real transform destroys its input, so w is copied in).
  double* values(const Spectrum& w);
  // The unnormalised spectrum of the buffer's values (spectrum_size() coefficients).
  const std::complex<double>* forward();
  // F^-1[w] at output_x(): out[i * stride].
  void write(const Spectrum& w, double* out, std::size_t stride);

 private:
  int modes_;
  double period_;
  std::vector<double> nodes_;
  std::vector<double> output_x_;
  fourier::FftwArray<double> grid_;
  fourier::FftwArray<fftw_complex> spectrum_;
  fourier::FftwPlan forward_;
  fourier::FftwPlan backward_;
  fourier::RealInterpolant interpolant_;
};

}  // namespace pinn::reference
