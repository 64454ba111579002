// Bindings of the paths centrality measures (include/onakit/centrality/).
#include "bindings.hpp"

namespace onakit::python {

void bind_centrality_paths(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
