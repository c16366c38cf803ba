#include "solver/autodiff/taylor_engine.h"

#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_tensor.h"

namespace pinn {

Fields evaluate_taylor(const MlpImpl& net, const at::Tensor& points,
                       const std::vector<Partial>& needs, const std::vector<std::string>& inputs) {
  const StreamPlan plan(needs, kTaylorMaxOrder);
  const auto streams = points.device().is_cpu() ? taylor_streams_cpu(net, points, plan)
                                                : taylor_streams_tensor(net, points, plan);
  Fields fields(points, inputs);
  for (int s = 0; s < plan.size(); ++s) fields.set(plan.streams()[s], streams[s]);
  return fields;
}

}  // namespace pinn
