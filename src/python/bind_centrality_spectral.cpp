// Bindings of the spectral centrality measures (include/onakit/centrality/).
#include "bindings.hpp"

namespace onakit::python {

void bind_centrality_spectral(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
