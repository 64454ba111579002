// Bindings of the Slack export and JSON Lines readers (Microsoft Graph messages, generic).
#include "bindings.hpp"

namespace onakit::python {

void bind_chat(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
