// problem.transform as read: `pinn check`'s line, the network that applies it, its spec
// rebuilt as `pinn eval` rebuilds it, and every bad transform refused at the line and
// column of the fault.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/formula_problem/output_transform.h"
#include "tests/core/support.h"
#include "tests/formula_problem/config_edit.h"

namespace pinn {
namespace {

using testing::config_error_of;
using testing::location_of;
using testing::parse_config;
using testing::with;

const std::string kPoisson = R"yaml(problem:
  inputs: {x: [0, 1]}
  outputs: [u, v]
  parameters: {a: 1, b: 2}
  functions:
    "g(s)": a + (b - a)*s
    "h(s)": 2*s
  transform: {u: "g(x) + x*(1-x)*N_u"}
  equations: [u_xx + pi^2*sin(pi*x), v - u]
network: {hidden: [6]}
training: {phases: [{optimizer: adam, iterations: 1}]}
)yaml";

TEST(TransformConfig, IsDescribedAndAppliedByTheNetwork) {
  const auto config = parse_config(kPoisson);
  std::string text;
  for (const auto& line : config.problem->description()) text += line + "\n";
  EXPECT_NE(text.find("transform u = g(x) + x*(1-x)*N_u  (reads N_u)"), std::string::npos) << text;
  ASSERT_NE(config.network.transform, nullptr);
  EXPECT_TRUE(config.network.transform->transforms(0));
  EXPECT_FALSE(config.network.transform->transforms(1));

  Mlp net(config.network);
  auto plain = config.network;
  plain.transform = nullptr;
  Mlp raw(plain);
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < raw->parameters().size(); ++i) {
    raw->parameters()[i].copy_(net->parameters()[i]);
  }
  const auto x = torch::linspace(0, 1, 11, torch::kFloat64).unsqueeze(1);
  const auto n = raw->forward(x);
  const auto u = net->forward(x);
  const auto want = 1 + x.squeeze(1) + x.squeeze(1) * (1 - x.squeeze(1)) * n.select(1, 0);
  EXPECT_TRUE(torch::allclose(u.select(1, 0), want, 0, 1e-15));
  EXPECT_TRUE(torch::equal(u.select(1, 1), n.select(1, 1)));
  // The conditions hold exactly, whatever the network.
  EXPECT_EQ(u[0][0].item<double>(), 1.0);
  EXPECT_EQ(u[10][0].item<double>(), 2.0);
}

TEST(TransformConfig, ItsSpecRebuildsTheSameTransform) {
  const auto config = parse_config(
      with(kPoisson, "parameters: {a: 1, b: 2}", "parameters: {a: 1, b: 0.30000000000000004}"));
  const auto& transform = *config.network.transform;
  const auto rebuilt = read_output_transform(transform.spec(), {});
  const auto x = torch::rand({50, 1}, torch::kFloat64);
  const auto raw = torch::randn({50, 2}, torch::kFloat64);
  EXPECT_TRUE(torch::equal(transform.apply(x, raw, {}), rebuilt->apply(x, raw, {})));
  EXPECT_TRUE(rebuilt->transforms(0));
  EXPECT_FALSE(rebuilt->transforms(1));
  EXPECT_EQ(rebuilt->spec(), transform.spec());
}

// The boundary value b trained from synthetic observations.
const std::string kInverse = R"yaml(problem:
  inputs: {x: [0, 1]}
  parameters: {b: 2}
  transform: {u: "b*x + x*(1-x)*N_u"}
  equations: [u_xx + pi^2*sin(pi*x)]
  reference: {exact: {u: sin(pi*x) + b*x}}
unknowns: {b: {initial: 3}}
observations: {reference: {points: 5, grid: {x: 5}}}
network: {hidden: [6]}
training: {phases: [{optimizer: adam, iterations: 1}]}
)yaml";

TEST(TransformConfig, ATrainedParameterIsReadAsTrainedAndRebuiltAsIdentified) {
  const auto config = parse_config(kInverse);
  Mlp net(config.network);
  const auto x = torch::tensor({{1.0}}, torch::kFloat64);
  EXPECT_DOUBLE_EQ(net->forward(x)[0][0].item<double>(), 3.0);  // u(1) = b, trained from 3
  // Its gradient reaches the unknown.
  net->forward(x)[0][0].backward();
  EXPECT_DOUBLE_EQ(net->unknown_parameters()[0].grad().item<double>(), 1.0);
  const auto rebuilt = read_output_transform(config.network.transform->spec(), {{"b", 5.0}});
  EXPECT_DOUBLE_EQ(
      rebuilt->apply(x, torch::zeros({1, 1}, torch::kFloat64), {})[0][0].item<double>(), 5.0);
  try {
    read_output_transform(config.network.transform->spec(), {});
    ADD_FAILURE() << "no error without the identified value";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos) << e.what();
  }
}

struct BadTransform {
  const char* transform;  // problem.transform's line
  const char* at;         // where the error points: the first occurrence in the config
  const char* says;
};

class BadTransforms : public ::testing::TestWithParam<BadTransform> {};

TEST_P(BadTransforms, AreRefusedAtTheFault) {
  const auto& c = GetParam();
  const auto yaml = with(kPoisson, "  transform: {u: \"g(x) + x*(1-x)*N_u\"}", c.transform);
  const auto message = config_error_of(yaml);
  EXPECT_EQ(message.rfind(location_of(yaml, c.at) + ": ", 0), 0u) << message;
  EXPECT_NE(message.find(c.says), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Every, BadTransforms,
    ::testing::Values(
        BadTransform{"  transform: {u: \"x*u + N_u\"}", "u + N_u",
                     "the transform of u reads the output it defines"},
        BadTransform{"  transform: {u: \"N_u + h(u)\"}", "u)",
                     "the transform of u reads the output it defines"},
        BadTransform{"  transform: {u: \"N_u + d(u, x)\"}", "u, x)",
                     "the transform of u reads the output it defines"},
        BadTransform{"  transform: {v: \"x*N_v + u\"}", "u\"}",
                     "the transform of v reads the output u; a transform reads the raw"},
        BadTransform{"  transform: {u: \"sin(x)\"}", "sin(x)",
                     "the transform of u reads no network output"},
        BadTransform{"  transform: {u: \"x*N_u + N_u_x\"}", "N_u_x",
                     "reads the derivative N_u_x; a transform is a formula of values only"},
        BadTransform{"  transform: {u: \"x*N_u + d(N_v, x, x)\"}", "d(N_v",
                     "reads the derivative N_v_xx"},
        BadTransform{"  transform: {u: \"x*N_u + laplacian(N_u)\"}", "laplacian",
                     "reads the derivative N_u_xx"},
        BadTransform{"  transform: {u: \"N_u > 0\"}", "N_u > 0",
                     "reads the outputs only through comparisons"},
        BadTransform{"  transform: {u: \"N_u + n_x\"}", "n_x",
                     "is the outward normal's x component"},
        BadTransform{"  transform: {u: \"N_u + N_w\"}", "N_w", "unknown name 'N_w'"},
        BadTransform{"  transform: {w: \"N_u\"}", "\"N_u\"}",
                     "key 'problem.transform.w': is not an output; outputs: u, v"},
        BadTransform{"  transform: [N_u]", "[N_u]", "problem.transform"}));

TEST(TransformConfig, ARawOutputNameTakenByAnotherNameIsRefused) {
  const auto yaml = with(kPoisson, "parameters: {a: 1, b: 2}", "parameters: {a: 1, b: 2, N_v: 1}");
  const auto message = config_error_of(yaml);
  EXPECT_NE(message.find("key 'problem.transform': a transform reads the raw network output of v "
                         "as N_v, which is also the name of a parameter"),
            std::string::npos)
      << message;
}

TEST(TransformConfig, AnEmptyTransformIsNone) {
  const auto config =
      parse_config(with(kPoisson, "  transform: {u: \"g(x) + x*(1-x)*N_u\"}", "  transform: {}"));
  EXPECT_EQ(config.network.transform, nullptr);
}

}  // namespace
}  // namespace pinn
