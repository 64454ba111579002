// Bindings of the mbox, Maildir and .eml readers.
#include "bindings.hpp"

namespace onakit::python {

void bind_mbox(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
