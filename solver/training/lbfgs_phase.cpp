#include <torch/optim/lbfgs.h>

#include <algorithm>
#include <cmath>

#include "solver/training/optimizer_state.h"
#include "solver/training/phase_runners.h"

namespace pinn {
namespace {

// L-BFGS ends when the loss has not changed by more than this relative amount
// over a whole chunk of iterations: the line search is stuck.
constexpr double kStallTolerance = 1e-15;
// Function evaluations one L-BFGS iteration may spend in its line search.
constexpr int kLineSearchEvaluations = 25;

// Thrown from inside an L-BFGS step to abandon it when the loss is not finite.
struct NonFiniteLoss {};

}  // namespace

// L-BFGS in chunks that end on record, resampling and loss-weight update boundaries.
// Within a chunk LibTorch's loop reuses the loss and gradient of each accepted
// line-search point; one step() call per iteration would evaluate every point twice.
void run_lbfgs_phase(TrainingRun& run) {
  const auto& phase = run.phase();
  const auto& options = run.options();
  torch::optim::LBFGS lbfgs(run.params(), torch::optim::LBFGSOptions(1.0)
                                              .history_size(phase.history)
                                              .tolerance_grad(phase.tolerance_grad)
                                              .tolerance_change(0.0)
                                              .line_search_fn("strong_wolfe"));
  const auto* resumed = run.resuming();
  if (resumed) deserialize_optimizer(lbfgs, resumed->optimizer);
  auto& settings = static_cast<torch::optim::LBFGSOptions&>(lbfgs.param_groups()[0].options());
  settings.lr(run.lr_scale());  // after loading: a loaded state carries its own
  const int64_t first_iteration = run.phase_first_iteration();
  const int64_t last_iteration = run.phase_last_iteration();
  double previous = resumed ? resumed->previous_loss : std::numeric_limits<double>::infinity();
  while (run.iteration_ < last_iteration && !run.stopped()) {
    if (run.maybe_resample()) previous = std::numeric_limits<double>::infinity();
    if (run.maybe_update_weights()) previous = std::numeric_limits<double>::infinity();
    const int64_t chunk = std::min({options.log_every - run.iteration_ % options.log_every,
                                    last_iteration - run.iteration_, run.until_resample(),
                                    run.until_weight_update()});
    settings.max_iter(chunk).max_eval(chunk * kLineSearchEvaluations);
    const int64_t chunk_start = run.iteration_;
    auto iterations_done = [&]() -> int64_t {
      if (lbfgs.state().empty()) return 0;
      const auto& state =
          static_cast<const torch::optim::LBFGSParamState&>(*lbfgs.state().begin()->second);
      return state.n_iter() - (chunk_start - first_iteration);
    };
    bool first_call = true;
    LossValues first;  // at the parameters the chunk starts from
    try {
      lbfgs.step([&]() -> at::Tensor {
        // The line search of iteration i evaluates on the way from i to i + 1.
        run.iteration_ = chunk_start + std::max<int64_t>(iterations_done() - 1, 0);
        LossValues v;
        if (!run.evaluate(v)) throw NonFiniteLoss{};
        if (first_call) {
          // Recorded here, before the step moves the parameters, so the error
          // and slopes belong to the same point as the loss.
          run.maybe_record(v);
          first = v;
          first_call = false;
        } else {
          run.progress(run.iteration_);
        }
        return v.total;
      });
    } catch (const NonFiniteLoss&) {
      break;
    }
    const int64_t done = iterations_done();
    run.iteration_ = chunk_start + done;
    run.progress(run.iteration_);
    const double current = first.total.item<double>();
    // Fewer iterations than asked: the gradient met tolerance_grad. An unchanged
    // loss over a whole chunk: the line search is stuck. Either way, done.
    if (done < chunk) {
      run.note("gradient below tolerance_grad", "");
      break;
    }
    if (std::abs(previous - current) <= kStallTolerance * std::abs(current)) {
      run.note("loss unchanged over a record interval", "");
      break;
    }
    previous = current;
    if (run.checkpoint_due()) run.checkpoint(false, serialize_optimizer(lbfgs), previous);
  }
  if (run.interrupted() && !run.interrupt_saved()) {
    run.checkpoint(true, serialize_optimizer(lbfgs), previous);
  }
}

}  // namespace pinn
