// Bindings of the community detection (Leiden, Louvain) and partition comparison.
#include "bindings.hpp"

namespace onakit::python {

void bind_communities(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
