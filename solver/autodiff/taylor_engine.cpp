#include "solver/autodiff/taylor_engine.h"

#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_tensor.h"
#include "solver/autodiff/transformed_streams.h"

namespace pinn {

Fields evaluate_taylor(const MlpImpl& net, const at::Tensor& points,
                       const std::vector<Partial>& needs, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs) {
  const StreamPlan plan(needs, kTaylorMaxOrder);
  const auto streams = points.device().is_cpu() ? taylor_streams_cpu(net, points, plan)
                                                : taylor_streams_tensor(net, points, plan);
  // One split per stream and per output: their backward passes are one
  // concatenation each, where selecting element by element would add a zero-filled
  // copy of every stream per partial read.
  const auto per_stream = streams.unbind(0);
  if (net.transform() != nullptr) {
    return transformed_fields(net, points, plan, per_stream, inputs, outputs);
  }
  Fields fields(points, inputs, outputs);
  for (int s = 0; s < plan.size(); ++s) {
    const auto columns = per_stream[s].split(1, 1);
    for (size_t o = 0; o < columns.size(); ++o) {
      fields.set(Partial(plan.streams()[s].axes(), Output{static_cast<int>(o)}), columns[o]);
    }
  }
  return fields;
}

}  // namespace pinn
