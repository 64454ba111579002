// Bindings of the Viva person-to-person, Exchange message trace and HR people tables.
#include "bindings.hpp"

namespace onakit::python {

void bind_tables(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
