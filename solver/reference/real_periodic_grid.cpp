#include "solver/reference/real_periodic_grid.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace pinn::reference {

RealPeriodicGrid::RealPeriodicGrid(double x_min, double x_max, int modes,
                                   std::vector<double> output_x)
    : modes_(modes),
      period_(x_max - x_min),
      nodes_(fourier::periodic_nodes(x_min, x_max, modes)),
      output_x_(std::move(output_x)),
      grid_(fourier::allocate_real(modes)),
      spectrum_(fourier::allocate_complex(modes / 2 + 1)),
      forward_(fourier::FftwPlan::real_to_complex(modes, grid_.get(), spectrum_.get())),
      backward_(fourier::FftwPlan::complex_to_real(modes, spectrum_.get(), grid_.get())),
      // Empty where the solution is written at the nodes (by the backward transform).
      interpolant_(x_min, x_max, modes, output_x_) {}

Spectrum RealPeriodicGrid::spectrum_of(const std::function<double(double)>& initial,
                                       const std::string& owner) {
  double* u = grid_.get();
  for (int k = 0; k < modes_; ++k) {
    u[k] = initial(nodes_[k]);
    if (!std::isfinite(u[k])) {
      std::ostringstream x;
      x.precision(17);
      x << nodes_[k];
      throw std::invalid_argument(owner + ".initial: not finite at x = " + x.str());
    }
  }
  const std::complex<double>* spec = forward();
  return Spectrum(spec, spec + spectrum_size());
}

double* RealPeriodicGrid::values(const Spectrum& w) {
  std::copy(w.begin(), w.end(), fourier::as_complex(spectrum_.get()));
  backward_.execute();
  return grid_.get();
}

const std::complex<double>* RealPeriodicGrid::forward() {
  forward_.execute();
  return fourier::as_complex(spectrum_.get());
}

void RealPeriodicGrid::write(const Spectrum& w, double* out, std::size_t stride) {
  if (output_x_.empty()) {
    const double* u = values(w);
    const double inv_n = 1.0 / modes_;
    for (int i = 0; i < modes_; ++i) out[i * stride] = u[i] * inv_n;
  } else {
    std::copy(w.begin(), w.end(), fourier::as_complex(spectrum_.get()));
    interpolant_.evaluate(spectrum_.get(), out, stride);
  }
}

}  // namespace pinn::reference
