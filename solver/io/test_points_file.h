#pragma once
// A result's test points in its HDF5 file (README of tools, "HDF5 result"):
//
//   /test_points/    points (N x inputs, float64, rows in the reference file's order);
//                    per field F with values at the points F (the network), F_exact,
//                    F_abs_error; attributes axes (the inputs, comma-joined), source (the
//                    file), skipped_rows (its rows holding NaN), outputs (the fields
//                    stored), up_to_constant (compared without their means; F_exact is
//                    shifted to the network's mean)
//   /test_points/by_time/   where an input is named t and every time among the points
//                    holds two or more of them (a grid in time): t (the times, increasing)
//                    and per field rel_l2_<F> (||pred - ref|| / ||ref|| over the points
//                    of each time; NaN where the reference is 0 there) and max_abs_error_<F>
//   /metrics         attributes test_point_count, test_rel_l2, test_max_abs_error and
//                    per field test_rel_l2_<F>, test_max_abs_error_<F>
//
// Nothing is written for a result without test points.

#include <H5Cpp.h>

#include "solver/io/result.h"

namespace pinn {

void write_test_points(H5::H5File& file, const TestPointFields& points);
// Empty where the file has no /test_points.
TestPointFields read_test_points(H5::H5File& file);

void write_test_point_metrics(H5::Group& metrics, const Metrics& m);
// Leaves `m`'s test-point members as they are where the attributes are absent; the
// per-field ones in the order of `points.fields` (read_test_points).
void read_test_point_metrics(const H5::Group& metrics, const TestPointFields& points, Metrics& m);

}  // namespace pinn
