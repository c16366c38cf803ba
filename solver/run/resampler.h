#pragma once
// The resampling of a run's point sets as configured (sampling.<term>.resample):
// every term with a resample setting is redrawn at the multiples of its `every`,
// from a seed fixed by the run's seed, the term and the iteration. Every process
// of a data-parallel run draws the same whole set (its network is the same) and
// keeps its share of it.

#include <memory>

#include "solver/run/run.h"
#include "solver/training/resampling.h"

namespace pinn {

class TermResampler : public PointResampler {
 public:
  // Null when no term of `config` resamples.
  static std::unique_ptr<TermResampler> create(const RunConfig& config, Loss& loss,
                                               const Shard& shard);

  int64_t every() const override { return every_; }
  void resample(int64_t iteration) override;
  ResamplingState state() const override { return state_; }
  void restore(const ResamplingState& state) override;

 private:
  struct Term {
    size_t index;  // into the loss's batches
    LossTerm term;
    SamplingSpec spec;
  };
  TermResampler(const RunConfig& config, Loss& loss, const Shard& shard, std::vector<Term> terms,
                int64_t every);
  // Puts this process's share of `points` (the whole set, row-major) into the loss.
  void install(const Term& term, const std::vector<double>& points);
  std::vector<double> draw(const Term& term, int64_t iteration) const;

  const RunConfig& config_;
  Loss& loss_;
  Shard shard_;
  std::vector<Term> terms_;
  int64_t every_;
  ResamplingState initial_;  // the sets training started with
  ResamplingState state_;
};

}  // namespace pinn
