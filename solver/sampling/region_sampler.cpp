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

// Rows of a shape's sample (spatial coordinates, then the time's unit coordinate where
// `with_time`) placed in the domain's axis order; without it, time is set to its lo.
std::vector<double> from_shape(const Domain& domain, const std::vector<double>& rows, int64_t n,
                               bool with_time) {
  const auto spatial = domain.spatial_axes();
  const size_t width = spatial.size() + (with_time ? 1 : 0);
  const auto dim = static_cast<size_t>(domain.dim());
  std::vector<double> points(static_cast<size_t>(n) * dim);
  for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
    const double* r = &rows[i * width];
    double* p = &points[i * dim];
    for (size_t k = 0; k < spatial.size(); ++k) p[spatial[k]] = r[k];
    if (domain.has_time()) {
      const int t = domain.time_axis;
      p[t] = with_time ? scale(r[spatial.size()], domain.lo[t], domain.hi[t]) : domain.lo[t];
    }
  }
  return points;
}

std::vector<double> sample_interior(const Domain& domain, SamplingMethod method, int64_t n,
                                    uint64_t seed) {
  if (domain.shape) {
    const int extra = domain.has_time() ? 1 : 0;
    return from_shape(domain, domain.shape->sample_interior(n, extra, method, seed), n, extra);
  }
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
  if (domain.shape) return sample_parts(domain, {}, method, n, seed);
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
  if (domain.shape) {
    return from_shape(domain, domain.shape->sample_interior(n, 0, method, seed), n, false);
  }
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

std::vector<double> sample_parts(const Domain& domain, const std::vector<std::string>& parts,
                                 SamplingMethod method, int64_t n, uint64_t seed) {
  domain.validate();
  if (!domain.shape) throw std::invalid_argument("sample_parts: the domain is a box, not a shape");
  const bool with_time = domain.has_time();
  return from_shape(domain,
                    domain.shape->sample_boundary(parts, n, with_time ? 1 : 0, method, seed), n,
                    with_time);
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
