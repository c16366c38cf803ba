#include "solver/sampling/region_sampler.h"

#include <stdexcept>

#include "solver/sampling/face_sampler.h"
#include "solver/sampling/sobol.h"
#include "solver/sampling/unit_cube.h"

namespace pinn {
namespace {

// Every region draws one unit sample of at most domain.dim() coordinates (the boundary:
// spatial_dim, +1 with time), so Sobol must cover as many dimensions as a domain has inputs.
static_assert(SobolSequence::kMaxDim >= kMaxInputs, "Sobol covers fewer dimensions than inputs");

double scale(double u, double lo, double hi) { return lo + u * (hi - lo); }

std::vector<double> sample_interior(const Domain& domain, SamplingMethod method, int64_t n,
                                    uint64_t seed) {
  const int dim = domain.dim();
  std::vector<double> points = sample_unit_cube(method, n, dim, seed);
  for (int64_t i = 0; i < n; ++i) {
    double* p = &points[static_cast<size_t>(i) * dim];
    for (int a = 0; a < dim; ++a) p[a] = scale(p[a], domain.lo[a], domain.hi[a]);
  }
  return points;
}

std::vector<double> sample_boundary(const Domain& domain, SamplingMethod method, int64_t n,
                                    uint64_t seed) {
  const std::vector<int> spatial = domain.spatial_axes();
  const int sd = static_cast<int>(spatial.size());
  if (sd == 0) throw std::invalid_argument("region 'boundary' needs a spatial axis");
  const int dim = domain.dim();
  const int udim = sd + (domain.has_time() ? 1 : 0);

  // Faces 2j (lo) and 2j + 1 (hi) are normal to spatial axis spatial[j]; each has the measure
  // of the other spatial extents.
  std::vector<double> cumulative(2 * sd);
  double total = 0.0;
  for (int j = 0; j < sd; ++j) {
    double measure = 1.0;
    for (int k = 0; k < sd; ++k) {
      if (k != j) measure *= domain.hi[spatial[k]] - domain.lo[spatial[k]];
    }
    cumulative[2 * j] = total += measure;
    cumulative[2 * j + 1] = total += measure;
  }
  for (double& c : cumulative) c /= total;
  cumulative.back() = 1.0;  // Guard against rounding leaving u just above the last edge.

  const std::vector<double> u = sample_unit_cube(method, n, udim, seed);
  std::vector<double> points(static_cast<size_t>(n) * dim);
  for (int64_t i = 0; i < n; ++i) {
    const double* ui = &u[static_cast<size_t>(i) * udim];
    double* p = &points[static_cast<size_t>(i) * dim];
    int face = 0;
    while (face + 1 < 2 * sd && ui[0] >= cumulative[face]) ++face;
    const int normal = face / 2;
    int next_u = 1;  // Next unit coordinate for a free spatial axis.
    for (int k = 0; k < sd; ++k) {
      const int a = spatial[k];
      if (k == normal) {
        p[a] = (face % 2 == 0) ? domain.lo[a] : domain.hi[a];
      } else {
        p[a] = scale(ui[next_u++], domain.lo[a], domain.hi[a]);
      }
    }
    if (domain.has_time()) {
      const int t = domain.time_axis;
      p[t] = scale(ui[udim - 1], domain.lo[t], domain.hi[t]);
    }
  }
  return points;
}

std::vector<double> sample_initial(const Domain& domain, SamplingMethod method, int64_t n,
                                   uint64_t seed) {
  if (!domain.has_time()) throw std::invalid_argument("region 'initial' needs a time axis");
  const std::vector<int> spatial = domain.spatial_axes();
  const int sd = static_cast<int>(spatial.size());
  const int dim = domain.dim();
  const int t = domain.time_axis;
  // A time-only domain has a single initial point; no unit sample is needed for it.
  const std::vector<double> u =
      sd > 0 ? sample_unit_cube(method, n, sd, seed) : std::vector<double>();
  std::vector<double> points(static_cast<size_t>(n) * dim);
  for (int64_t i = 0; i < n; ++i) {
    double* p = &points[static_cast<size_t>(i) * dim];
    for (int k = 0; k < sd; ++k) {
      const int a = spatial[k];
      p[a] = scale(u[static_cast<size_t>(i) * sd + k], domain.lo[a], domain.hi[a]);
    }
    p[t] = domain.lo[t];
  }
  return points;
}

}  // namespace

std::string to_string(Region region) {
  switch (region) {
    case Region::Interior:
      return "interior";
    case Region::Boundary:
      return "boundary";
    case Region::Initial:
      return "initial";
  }
  throw std::invalid_argument("invalid Region value " + std::to_string(static_cast<int>(region)));
}

Region parse_region(const std::string& name) {
  if (name == "interior") return Region::Interior;
  if (name == "boundary") return Region::Boundary;
  if (name == "initial") return Region::Initial;
  throw std::invalid_argument("unknown region '" + name + "' (valid: boundary, initial, interior)");
}

std::vector<double> sample_region(const Domain& domain, Region region, SamplingMethod method,
                                  int64_t n, uint64_t seed) {
  domain.validate();
  if (n < 0) {
    throw std::invalid_argument("sample_region: n must be >= 0 (got " + std::to_string(n) + ")");
  }
  switch (region) {
    case Region::Interior:
      return sample_interior(domain, method, n, seed);
    case Region::Boundary:
      return sample_boundary(domain, method, n, seed);
    case Region::Initial:
      return sample_initial(domain, method, n, seed);
  }
  throw std::invalid_argument("sample_region: invalid Region value " +
                              std::to_string(static_cast<int>(region)));
}

std::vector<double> sample_face(const Domain& domain, int axis, SamplingMethod method, int64_t n,
                                uint64_t seed) {
  domain.validate();
  if (axis < 0 || axis >= domain.dim()) {
    throw std::invalid_argument("sample_face: axis " + std::to_string(axis) +
                                " is not an axis of the " + std::to_string(domain.dim()) +
                                "-input domain");
  }
  if (n < 0) {
    throw std::invalid_argument("sample_face: n must be >= 0 (got " + std::to_string(n) + ")");
  }
  return sample_faces(domain, {BoxFace{axis, false}}, method, n, seed);
}

}  // namespace pinn
