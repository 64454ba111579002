// Bindings of the silo measures: mixing, E-I index, modularity, assortativity, insularity, conductance, boundary spanners, group graph, silo report.
#include "bindings.hpp"

namespace onakit::python {

void bind_silo(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
