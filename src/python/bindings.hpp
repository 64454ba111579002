#pragma once
// Shared helpers for the binding files of onakit._core. Each area binds
// itself in its own bind_<area>.cpp through a `void bind_<area>(py::module_&)`
// declared here and called from module.cpp.

#include <onakit/centrality/common.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/ingest/text_source.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <span>
#include <utility>
#include <vector>

namespace onakit::python {

namespace py = pybind11;

/// The readers' `max_input_bytes` keyword: None = default_max_input_bytes,
/// else a positive number of bytes.
inline std::uint64_t input_limit(const std::optional<long long>& v) {
  if (!v) return onakit::default_max_input_bytes;
  if (*v <= 0)
    throw onakit::invalid_option("max_input_bytes must be a positive number of bytes (or None for the default), not " +
                                 std::to_string(*v));
  return static_cast<std::uint64_t>(*v);
}

/// A fresh numpy array holding a copy of `v`.
template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// An interrupt_check for kernels run with the GIL released: it briefly
/// takes the GIL and asks Python whether Ctrl-C was pressed. Kernels poll it
/// from the calling thread only (OpenMP thread 0), between units of work;
/// onakit::interrupted then reaches Python as KeyboardInterrupt.
inline onakit::interrupt_check python_interrupt() {
  return [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
}

/// Runs `work` with the GIL released and returns its result: long C++ work
/// must not block other Python threads. `work` must not touch Python objects.
template <class Work>
auto without_gil(Work&& work) {
  py::gil_scoped_release release;
  return std::forward<Work>(work)();
}

/// The graph argument of a binding (the C++ object behind onakit.Graph._core).
using graph_ref = const onakit::graph&;

// ---- areas: one binding file each, called from module.cpp ---------------
void bind_centrality_local(py::module_& m);     // bind_centrality_local.cpp
void bind_centrality_paths(py::module_& m);     // bind_centrality_paths.cpp
void bind_centrality_spectral(py::module_& m);  // bind_centrality_spectral.cpp
void bind_chat(py::module_& m);                 // bind_chat.cpp
void bind_communities(py::module_& m);          // bind_communities.cpp
void bind_identities(py::module_& m);           // bind_identities.cpp
void bind_mbox(py::module_& m);                 // bind_mbox.cpp
void bind_silo(py::module_& m);                 // bind_silo.cpp
void bind_tables(py::module_& m);               // bind_tables.cpp

}  // namespace onakit::python
