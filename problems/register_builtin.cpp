#include "problems/register_builtin.h"

#include "problems/allen_cahn/allen_cahn.h"
#include "problems/burgers/burgers.h"
#include "problems/helmholtz/helmholtz.h"
#include "problems/klein_gordon/klein_gordon.h"
#include "problems/navier_stokes/navier_stokes.h"
#include "problems/poisson/poisson.h"
#include "problems/regression/regression.h"
#include "problems/schrodinger/schrodinger.h"
#include "problems/variable_diffusion/variable_diffusion.h"

namespace pinn::problems {

void register_builtin(ProblemRegistry& registry) {
  registry.add(allen_cahn_entry());
  registry.add(burgers_entry());
  registry.add(helmholtz_entry());
  registry.add(klein_gordon_entry());
  registry.add(navier_stokes_entry());
  registry.add(poisson_entry());
  registry.add(regression_entry());
  registry.add(schrodinger_entry());
  registry.add(variable_diffusion_entry());
}

}  // namespace pinn::problems
