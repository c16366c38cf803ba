// Every activation, fixed and adaptive: value, first and second derivative of
// s(z) = sigma(c z) against independent closed forms and finite differences.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <map>

#include "solver/common/lanes.h"
#include "solver/network/activation.h"
#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

struct Scalar {
  std::function<double(double)> f, d1, d2;
};

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }
double phi(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI); }
double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Written from the textbook definitions, independently of activation.cpp.
const std::map<std::string, Scalar>& closed_forms() {
  static const std::map<std::string, Scalar> forms = {
      {"tanh",
       {[](double z) { return std::tanh(z); },
        [](double z) { return 1 / (std::cosh(z) * std::cosh(z)); },
        [](double z) { return -2 * std::tanh(z) / (std::cosh(z) * std::cosh(z)); }}},
      {"sigmoid",
       {sig, [](double z) { return std::exp(-z) / std::pow(1 + std::exp(-z), 2); },
        [](double z) {
          const double e = std::exp(-z);
          return e * (e - 1) / std::pow(1 + e, 3);
        }}},
      {"sin",
       {[](double z) { return std::sin(z); }, [](double z) { return std::cos(z); },
        [](double z) { return -std::sin(z); }}},
      {"relu",
       {[](double z) { return z > 0 ? z : 0; }, [](double z) { return z > 0 ? 1.0 : 0.0; },
        [](double) { return 0.0; }}},
      {"relu6",
       {[](double z) { return std::min(std::max(z, 0.0), 6.0); },
        [](double z) { return z > 0 && z < 6 ? 1.0 : 0.0; }, [](double) { return 0.0; }}},
      {"leaky_relu",
       {[](double z) { return z > 0 ? z : 0.01 * z; }, [](double z) { return z > 0 ? 1.0 : 0.01; },
        [](double) { return 0.0; }}},
      {"prelu",
       {[](double z) { return z > 0 ? z : 0.25 * z; }, [](double z) { return z > 0 ? 1.0 : 0.25; },
        [](double) { return 0.0; }}},
      {"elu",
       {[](double z) { return z > 0 ? z : std::expm1(z); },
        [](double z) { return z > 0 ? 1.0 : std::exp(z); },
        [](double z) { return z > 0 ? 0.0 : std::exp(z); }}},
      {"celu",
       {[](double z) { return z > 0 ? z : std::expm1(z); },
        [](double z) { return z > 0 ? 1.0 : std::exp(z); },
        [](double z) { return z > 0 ? 0.0 : std::exp(z); }}},
      {"softplus",
       {[](double z) { return std::log(1 + std::exp(z)); }, sig,
        [](double z) { return sig(z) * (1 - sig(z)); }}},
      {"silu",
       {[](double z) { return z * sig(z); },
        [](double z) { return sig(z) + z * sig(z) * (1 - sig(z)); },
        [](double z) {
          const double s = sig(z);
          return 2 * s * (1 - s) + z * s * (1 - s) * (1 - 2 * s);
        }}},
      {"gelu",
       {[](double z) { return z * Phi(z); }, [](double z) { return Phi(z) + z * phi(z); },
        [](double z) { return 2 * phi(z) - z * z * phi(z); }}},
      {"logsigmoid",
       {[](double z) { return std::log(sig(z)); }, [](double z) { return 1 - sig(z); },
        [](double z) { return -sig(z) * (1 - sig(z)); }}},
      {"softshrink",
       {[](double z) { return z > 0.5 ? z - 0.5 : (z < -0.5 ? z + 0.5 : 0.0); },
        [](double z) { return std::abs(z) > 0.5 ? 1.0 : 0.0; }, [](double) { return 0.0; }}},
  };
  return forms;
}

// Points chosen away from every kink (0, +-0.5, 6) for both slopes below.
const std::vector<double> kPoints = {-2.3, -1.1, -0.62, 0.21, 0.93, 1.7, 2.6};
// c = n * a: 1 is a fixed activation; 1.7 stands for an adaptive slope.
const std::vector<double> kSlopes = {1.0, 1.7};

class ActivationTest : public ::testing::TestWithParam<std::string> {};

at::Tensor prelu_weight(torch::Dtype dtype) { return torch::full({1}, 0.25, dtype); }

// s(z) = sigma(c z) and its autograd derivatives with respect to z.
std::array<at::Tensor, 3> autograd_derivatives(const Activation& a, double c, torch::Dtype dtype) {
  auto z = torch::tensor(kPoints, dtype).requires_grad_(true);
  auto s = a.value(c * z, prelu_weight(dtype));
  auto d1 = torch::autograd::grad({s}, {z}, {torch::ones_like(s)}, true, true)[0];
  auto d2 = torch::autograd::grad({d1}, {z}, {torch::ones_like(d1)}, true, true, true)[0];
  if (!d2.defined()) d2 = torch::zeros_like(z);
  return {s.detach(), d1.detach(), d2.detach()};
}

TEST_P(ActivationTest, ValueAndDerivativesMatchClosedForms) {
  const auto& a = find_activation(GetParam());
  const auto& form = closed_forms().at(GetParam());
  for (double c : kSlopes) {
    const auto d = autograd_derivatives(a, c, torch::kFloat64);
    const auto w = prelu_weight(torch::kFloat64);
    const auto zc = c * torch::tensor(kPoints, torch::kFloat64);
    const auto closed_d1 = a.d1(zc, w), closed_d2 = a.d2(zc, w);
    for (size_t i = 0; i < kPoints.size(); ++i) {
      const double z = kPoints[i];
      SCOPED_TRACE(GetParam() + " c=" + std::to_string(c) + " z=" + std::to_string(z));
      EXPECT_NEAR(d[0][i].item<double>(), form.f(c * z), 1e-12);
      // Chain rule: s' = c sigma'(c z), s'' = c^2 sigma''(c z).
      EXPECT_NEAR(d[1][i].item<double>(), c * form.d1(c * z), 1e-12);
      EXPECT_NEAR(d[2][i].item<double>(), c * c * form.d2(c * z), 1e-12);
      // The library's own closed forms (used by forward-mode engines).
      EXPECT_NEAR(closed_d1[i].item<double>(), form.d1(c * z), 1e-12);
      EXPECT_NEAR(closed_d2[i].item<double>(), form.d2(c * z), 1e-12);
    }
  }
}

TEST_P(ActivationTest, DerivativesMatchFiniteDifferences) {
  const auto& a = find_activation(GetParam());
  const auto w = prelu_weight(torch::kFloat64);
  auto s = [&](double c, double z) {
    return a.value(torch::tensor({c * z}, torch::kFloat64), w).item<double>();
  };
  for (double c : kSlopes) {
    const auto d = autograd_derivatives(a, c, torch::kFloat64);
    for (size_t i = 0; i < kPoints.size(); ++i) {
      const double z = kPoints[i];
      SCOPED_TRACE(GetParam() + " c=" + std::to_string(c) + " z=" + std::to_string(z));
      const double h1 = 1e-5, h2 = 1e-3;
      const double fd1 = (s(c, z + h1) - s(c, z - h1)) / (2 * h1);
      const double fd2 = (s(c, z + h2) - 2 * s(c, z) + s(c, z - h2)) / (h2 * h2);
      EXPECT_NEAR(d[1][i].item<double>(), fd1, 1e-8);
      EXPECT_NEAR(d[2][i].item<double>(), fd2, 1e-5);
    }
  }
}

TEST_P(ActivationTest, Float32AgreesWithFloat64) {
  const auto& a = find_activation(GetParam());
  for (double c : kSlopes) {
    const auto d64 = autograd_derivatives(a, c, torch::kFloat64);
    const auto d32 = autograd_derivatives(a, c, torch::kFloat32);
    for (int k = 0; k < 3; ++k) {
      EXPECT_TRUE(torch::allclose(d32[k].to(torch::kFloat64), d64[k], 1e-5, 1e-6))
          << GetParam() << " derivative " << k << " c=" << c;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(All, ActivationTest, ::testing::ValuesIn(activation_names()),
                         [](const auto& info) { return info.param; });

// The Taylor engine's rules, sigma^(m) for m <= 5 (scalar, tensor and lane forms),
// against repeated autograd of the activation's value: a fourth-order kernel reads
// sigma^(5) in its backward pass.
TEST_P(ActivationTest, TaylorRulesMatchAutogradUpToTheFifthDerivative) {
  const auto& a = find_activation(GetParam());
  const auto w = prelu_weight(torch::kFloat64);
  auto y = torch::tensor(kPoints, torch::kFloat64).requires_grad_(true);
  std::vector<at::Tensor> want = {a.value(y, w)};
  for (int m = 1; m <= rules::kMaxOrder; ++m) {
    if (!want.back().requires_grad()) {  // a constant derivative: the rest are zero
      want.push_back(torch::zeros_like(y));
      continue;
    }
    auto g = torch::autograd::grad({want.back()}, {y}, {torch::ones_like(y)}, true, true, true)[0];
    want.push_back(g.defined() ? g : torch::zeros_like(y));
  }
  rules::visit(GetParam(), [&](auto rule) {
    using Rule = decltype(rule);
    const auto yd = y.detach();
    const auto prims = Rule::primitives(yd);
    at::Tensor tensor_form[rules::kMaxOrder + 1];
    Rule::template derive<rules::kMaxOrder>(yd, prims.data(), w, tensor_form);
    // The lane form, as the fused kernel runs it: every point in one batch.
    using Batch = Lanes<double, 8>;
    ASSERT_LE(kPoints.size(), 8u);
    double lane_y[8] = {}, lane_p[2][8] = {};
    for (size_t i = 0; i < kPoints.size(); ++i) {
      lane_y[i] = kPoints[i];
      for (size_t k = 0; k < prims.size(); ++k) lane_p[k][i] = prims[k][i].template item<double>();
    }
    Batch lane_prims[2] = {Batch::load(lane_p[0]), Batch::load(lane_p[1])};
    if constexpr (rules::kHasLanePrimitives<Rule>) {
      Batch computed[2];
      Rule::lane_primitives(Batch::load(lane_y), computed);
      for (int k = 0; k < Rule::kLanePrimitives; ++k) {
        for (size_t i = 0; i < kPoints.size(); ++i) {
          EXPECT_NEAR(computed[k].v[i], lane_p[k][i], 1e-15) << GetParam() << " primitive " << k;
        }
        lane_prims[k] = computed[k];
      }
    }
    Batch lane_form[rules::kMaxOrder + 1];
    Rule::template derive<rules::kMaxOrder>(Batch::load(lane_y), lane_prims, Batch(0.25),
                                            lane_form);
    for (size_t i = 0; i < kPoints.size(); ++i) {
      double p[2] = {0, 0};
      for (size_t k = 0; k < prims.size(); ++k) p[k] = prims[k][i].template item<double>();
      double scalar_form[rules::kMaxOrder + 1];
      Rule::template derive<rules::kMaxOrder>(kPoints[i], p, 0.25, scalar_form);
      for (int m = 0; m <= rules::kMaxOrder; ++m) {
        const double expected = want[m][i].template item<double>();
        const double tolerance = 1e-12 * std::max(1.0, std::abs(expected));
        EXPECT_NEAR(scalar_form[m], expected, tolerance)
            << GetParam() << " order " << m << " at " << kPoints[i];
        EXPECT_NEAR(tensor_form[m][i].template item<double>(), expected, tolerance)
            << GetParam() << " order " << m << " at " << kPoints[i];
        EXPECT_NEAR(lane_form[m].v[i], expected, tolerance)
            << GetParam() << " order " << m << " at " << kPoints[i] << " (lanes)";
      }
    }
  });
}

TEST(Activation, EveryActivationHasAClosedFormInThisTest) {
  EXPECT_EQ(activation_names().size(), closed_forms().size());
  EXPECT_EQ(activation_names().size(), 14u);
}

TEST(Activation, PiecewiseLinearOnesDeclareOnlyFirstDerivatives) {
  for (const auto* name : {"relu", "relu6", "leaky_relu", "prelu", "softshrink"}) {
    EXPECT_EQ(find_activation(name).informative_order, 1) << name;
  }
  // The smooth ones (and elu, celu: exp(z) below 0) are informative at every order.
  for (const auto* name :
       {"tanh", "sigmoid", "sin", "gelu", "silu", "softplus", "logsigmoid", "elu", "celu"}) {
    EXPECT_EQ(find_activation(name).informative_order, kEveryOrder) << name;
  }
}

TEST(Activation, UnknownNameListsValidNames) {
  try {
    find_activation("tanhh");
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'tanhh'"), std::string::npos);
    EXPECT_NE(message.find("celu, elu, gelu"), std::string::npos) << message;
    EXPECT_NE(message.find("tanh"), std::string::npos);
  }
}

}  // namespace
}  // namespace pinn
