#pragma once
// The step reduction of a data-parallel run on a c10d process group: the loss
// values, a stop request and every gradient packed into one buffer, summed by one
// all-reduce per evaluation.

#include "solver/distributed/process_group.h"
#include "solver/training/step_reduction.h"

namespace pinn::distributed {

class GradientAllReduce : public StepReduction {
 public:
  explicit GradientAllReduce(ProcessGroup& group) : group_(group) {}

  bool all_reduce(LossValues& values, const std::vector<at::Tensor>& params, bool with_gradients,
                  bool stop_requested) override;
  void sum(at::Tensor& values) override;
  void max(at::Tensor& values) override;
  double seconds() const override { return seconds_; }

 private:
  ProcessGroup& group_;
  double seconds_ = 0;
};

}  // namespace pinn::distributed
