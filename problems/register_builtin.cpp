#include "problems/register_builtin.h"

#include "problems/burgers/burgers.h"
#include "problems/poisson/poisson.h"

namespace pinn::problems {

void register_builtin(ProblemRegistry& registry) {
  registry.add(burgers_entry());
  registry.add(poisson_entry());
}

}  // namespace pinn::problems
