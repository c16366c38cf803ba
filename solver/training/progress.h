#pragma once
// Progress display: on a terminal, one line rewritten in place and cut to the
// terminal's width; elsewhere (a pipe, a CI log) one plain line per record.
//
// The total loss is fresh at every step; the per-term losses and the relative L2
// error are computed only at records (every log_every iterations), so between
// records the live line shows them inside "[at N: ...]", N being their iteration.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "solver/training/record.h"

namespace pinn {

class ProgressPrinter : public TrainingObserver {
 public:
  // `error` gives the latest relative L2 error (NaN when there is none). `width`
  // bounds a live line; 0 asks the terminal `out` is (COLUMNS, else 80, when
  // that fails). Plain lines are never cut.
  ProgressPrinter(std::FILE* out, bool live, std::vector<std::string> term_names,
                  std::function<double()> error, int width = 0);
  ~ProgressPrinter() override;

  void on_record(const TrainingRecord& record) override;
  void on_step(const TrainingRecord& step) override;
  void on_note(const std::string& text) override;
  // Ends the live line so later output starts on a fresh line.
  void finish();

  // The progress text for `step`, at most `width` characters (0: no limit). Fields
  // that do not fit are dropped, least useful first: per-term losses, elapsed time,
  // time left, the error, the loss; phase and iteration always stay.
  std::string compose(const TrainingRecord& step, int width) const;

 private:
  void draw(const TrainingRecord& step);
  int line_width() const;

  std::FILE* out_;
  bool live_;
  int width_;
  bool line_open_ = false;
  std::vector<std::string> term_names_;
  std::function<double()> error_;
  // From the latest record:
  std::vector<double> record_terms_;
  std::vector<double> record_weights_;  // training.balance's, per problem term
  double record_causal_ = NAN;          // training.causal's smallest bin weight
  double record_error_ = NAN;
  int64_t record_iteration_ = -1;
  double last_draw_s_ = -1;
};

}  // namespace pinn
