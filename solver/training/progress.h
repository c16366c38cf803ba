#pragma once
// Progress display: on a terminal, one line rewritten in place; elsewhere (a
// pipe, a CI log) one plain line per record.

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "solver/training/record.h"

namespace pinn {

class ProgressPrinter : public TrainingObserver {
 public:
  // `error` gives the latest relative L2 error (NaN when there is none).
  ProgressPrinter(std::FILE* out, bool live, std::vector<std::string> term_names,
                  std::function<double()> error);
  ~ProgressPrinter() override;

  void on_record(const TrainingRecord& record) override;
  void on_step(const TrainingRecord& step) override;
  void on_note(const std::string& text) override;
  // Ends the live line so later output starts on a fresh line.
  void finish();

  static std::string format_duration(double seconds);

 private:
  void draw(const TrainingRecord& r, const std::vector<double>& terms, double error);

  std::FILE* out_;
  bool live_;
  bool line_open_ = false;
  std::vector<std::string> term_names_;
  std::function<double()> error_;
  std::vector<double> last_terms_;  // from the latest full record
  double last_error_ = NAN;
  double last_draw_s_ = -1;
};

}  // namespace pinn
