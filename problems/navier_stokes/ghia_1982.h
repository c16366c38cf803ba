#pragma once
// Centre-line velocities of the lid-driven square cavity at Re = 100 from
// U. Ghia, K. N. Ghia and C. T. Shin, "High-Re solutions for incompressible flow
// using the Navier-Stokes equations and a multigrid method", J. Comput. Phys. 48
// (1982) 387-411: Table I (u along the vertical line through the centre, x = 0.5)
// and Table II (v along the horizontal line, y = 0.5), their 129 x 129 solution.
// The lid is y = 1, moving with u = 1.

#include <array>

namespace pinn::problems::ghia_1982 {

inline constexpr std::array<double, 17> kY = {1.0000, 0.9766, 0.9688, 0.9609, 0.9531, 0.8516,
                                              0.7344, 0.6172, 0.5000, 0.4531, 0.2813, 0.1719,
                                              0.1016, 0.0703, 0.0625, 0.0547, 0.0000};
inline constexpr std::array<double, 17> kU = {
    1.00000,  0.84123,  0.78871,  0.73722,  0.68717,  0.23151,  0.00332,  -0.13641, -0.20581,
    -0.21090, -0.15662, -0.10150, -0.06434, -0.04775, -0.04192, -0.03717, 0.00000};
inline constexpr std::array<double, 17> kX = {1.0000, 0.9688, 0.9609, 0.9531, 0.9453, 0.9063,
                                              0.8594, 0.8047, 0.5000, 0.2344, 0.2266, 0.1563,
                                              0.0938, 0.0781, 0.0703, 0.0625, 0.0000};
inline constexpr std::array<double, 17> kV = {
    0.00000, -0.05906, -0.07391, -0.08864, -0.10313, -0.16914, -0.22445, -0.24533, 0.05454,
    0.17527, 0.17507,  0.16077,  0.12317,  0.10890,  0.10091,  0.09233,  0.00000};

inline constexpr const char* kSource =
    "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) 387-411, Tables I and II (Re = 100)";

}  // namespace pinn::problems::ghia_1982
