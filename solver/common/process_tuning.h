#pragma once
// Process-wide settings that PINN training steps need for speed on the CPU
// (measured facts in the README's performance section). Every pinn program
// calls this once at start-up, before any tensor is allocated.

namespace pinn {

void tune_process();

}  // namespace pinn
