#pragma once
// Shared helpers for the binding files of onakit._core. Each area binds
// itself in its own bind_<area>.cpp through a `void bind_<area>(py::module_&)`
// declared here and called from module.cpp.

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::python {

namespace py = pybind11;

/// Where a streaming reader (`_core.stream_<reader>`) hands each chunk of
/// messages: a StreamBuilder, or a per-period builder. Bound as
/// `_core.StreamSink`; the reader calls add() without the GIL.
struct stream_sink {
  stream_sink() = default;
  stream_sink(const stream_sink&) = delete;
  stream_sink& operator=(const stream_sink&) = delete;
  virtual ~stream_sink() = default;
  virtual void add(const onakit::message_log& chunk) = 0;
};

/// The readers' `identities=` keyword: None or an Identities. A std::optional
/// so the signature (and the generated stub) reads `Identities | None`.
using identities_arg = std::optional<std::shared_ptr<onakit::identities>>;

/// The readers' `max_input_bytes` keyword: None = default_max_input_bytes,
/// else a positive number of bytes.
inline std::uint64_t input_limit(const std::optional<long long>& v) {
  if (!v) return onakit::default_max_input_bytes;
  if (*v <= 0)
    throw onakit::invalid_option("max_input_bytes=" + std::to_string(*v) +
                                 " is out of range: use a positive number of bytes, or None for the default (64 GiB)");
  return static_cast<std::uint64_t>(*v);
}

/// A fresh numpy array holding a copy of `v`.
template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// A numpy view of `v`, a vector inside the C++ result that the Python
/// object `owner` holds: no copy, and the array keeps `owner` alive. It
/// stays writable (pandas objects built on it must be), which is harmless:
/// a result object is a snapshot nothing else reads.
template <class T>
py::array_t<T> view_of(const std::vector<T>& v, py::handle owner) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data(), owner);
}

/// A read-only numpy view of `data`, memory of a live object that `owner`
/// holds (a graph's CSR arrays, a log's columns): no copy, the array keeps
/// `owner` alive, and it is read-only because graphs and logs are shared by
/// every result built on them (unlike view_of's snapshots).
template <class T>
py::array_t<T> readonly_view_of(std::span<const T> data, py::handle owner) {
  auto a = py::array_t<T>({static_cast<py::ssize_t>(data.size())}, {static_cast<py::ssize_t>(sizeof(T))},
                          data.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

/// A one-character option such as `sep=` (None or "" = detect/none, "\\t"
/// spelled out = tab).
inline char char_option(const std::optional<std::string>& s, const char* keyword) {
  if (!s || s->empty()) return '\0';
  if (s->size() == 1) return (*s)[0];
  if (*s == "\\t") return '\t';
  throw onakit::invalid_option(std::string(keyword) + " must be a single character, not '" + *s + "'");
}

/// The readers' `errors=` keyword.
/// channel_ties= of the chat readers (Slack, Teams): one spelling for both.
template <class ChannelTies>
ChannelTies channel_ties_option(const std::string& value) {
  if (value == "recent") return ChannelTies::recent;
  if (value == "members") return ChannelTies::members;
  if (value == "none") return ChannelTies::none;
  throw onakit::invalid_option("channel_ties must be 'recent', 'members' or 'none', not '" + value + "'");
}

inline onakit::error_policy error_policy_option(const std::string& errors) {
  if (errors == "strict") return onakit::error_policy::strict;
  if (errors == "skip") return onakit::error_policy::skip;
  throw onakit::invalid_option("errors must be 'strict' or 'skip', not '" + errors + "'");
}

/// Binds the vector member `field` of a result class as a numpy view
/// (view_of) named `name`. A result struct is bound once, as a class
/// whose fields carry the C++ names, never as a tuple or dict.
template <class Class, class Base, class T>
void def_array(Class& cls, const char* name, std::vector<T> Base::*field) {
  using result = typename Class::type;
  cls.def_property_readonly(name, [field](py::object self) {
    const result& r = self.cast<const result&>();
    return view_of(r.*field, self);
  });
}

/// An interrupt_check for kernels run with the GIL released: it briefly
/// takes the GIL and asks Python whether Ctrl-C was pressed. Kernels poll it
/// from the calling thread only (OpenMP thread 0), between units of work;
/// onakit::interrupted then reaches Python as KeyboardInterrupt.
///
/// With a `progress` callable (not None) each poll first calls
/// `progress(done, total)` with the kernel's position (interrupt.hpp,
/// total 0 = unknown): the façade's tqdm bar. The callable is borrowed: the
/// caller's argument keeps it alive for the call, and the check must not
/// outlive it. An exception it raises reaches Python unchanged.
inline onakit::interrupt_check python_interrupt(py::handle progress) {
  onakit::reset_position();  // the kernel runs on this thread
  PyObject* report = progress.ptr() == nullptr || progress.is_none() ? nullptr : progress.ptr();
  return [report] {
    py::gil_scoped_acquire gil;
    if (report != nullptr) {
      const onakit::work_position at = onakit::poll_position();
      const py::handle callback(report);
      callback(at.done, at.total);
    }
    return PyErr_CheckSignals() != 0;
  };
}

/// python_interrupt without a progress callback. Touches no Python object, so
/// a binding may call it with the GIL released (inside without_gil): a
/// default argument of py::none() would change None's reference count
/// without the GIL, which pybind11's debug build (scripts/test-sanitizers)
/// reports.
inline onakit::interrupt_check python_interrupt() { return python_interrupt(py::handle()); }

/// Runs `work` with the GIL released and returns its result: long C++ work
/// must not block other Python threads. `work` must not touch Python objects.
template <class Work>
auto without_gil(Work&& work) {
  py::gil_scoped_release release;
  return std::forward<Work>(work)();
}

/// A keyword that a binding takes as any Python object and converts with
/// onakit's own check (int_option, threads_option, python_interrupt, ...),
/// so that a wrong value is an OptionError naming the keyword the user typed
/// rather than pybind11's TypeError listing C++ signatures -- while the
/// generated stub (onakit/_core.pyi) still gives the keyword its type: each
/// alias below has a handle_type_name (end of this file) that names it
/// (`int`, `int | None`, `float`, `bool`, the progress callback).
template <class Kind>
class keyword_arg : public py::object {
 public:
  using py::object::object;
  /// pybind11's isinstance() check for this type: every object is taken.
  static bool check_(py::handle h) { return h.ptr() != nullptr; }
};
struct int_kind;
struct optional_int_kind;
struct real_kind;
struct bool_kind;
struct progress_kind;
using int_arg = keyword_arg<int_kind>;                    ///< `int` (int_option)
using optional_int_arg = keyword_arg<optional_int_kind>;  ///< `int | None` (None = not set)
using real_arg = keyword_arg<real_kind>;                  ///< `float` (an int or float)
using bool_arg = keyword_arg<bool_kind>;                  ///< `bool` (True/False, numpy bools)
/// `progress=`: None, or a callable progress(done, total) (python_interrupt).
using progress_arg = keyword_arg<progress_kind>;

/// A Python integer option (int, numpy integer: anything with __index__
/// except a bool) as a T in [lo, hi]. Anything else, or a value out of
/// range, is an invalid_option (Python: OptionError) that names the keyword
/// the user typed and the allowed range -- instead of pybind11's TypeError
/// listing C++ signatures. Bindings take such options as int_arg and
/// convert them here; the C++ entry points still validate their own
/// options (this only guards the conversion to a C++ integer type).
/// repr(value) for a message, cut to a readable length (a whole DataFrame
/// passed by mistake must not flood the error).
inline std::string short_repr(py::handle value) {
  std::string r = py::repr(value).cast<std::string>();
  if (r.size() > 40) r = r.substr(0, 37) + "...";
  return r;
}

template <class T>
T int_option(py::handle value, const char* keyword, T lo = std::numeric_limits<T>::min(),
             T hi = std::numeric_limits<T>::max()) {
  const auto fail = [&](const std::string& what) -> T {
    throw onakit::invalid_option(std::string(keyword) + "=" + what + ": use an integer from " + std::to_string(lo) +
                                 " to " + std::to_string(hi));
  };
  if (PyBool_Check(value.ptr()))  // bool has __index__, but threads=True is a mistake, not 1
    return fail(std::string(value.ptr() == Py_True ? "True" : "False") + " (a bool) is not an integer");
  PyObject* index = PyNumber_Index(value.ptr());
  if (index == nullptr) {
    PyErr_Clear();
    return fail(short_repr(value) + " (a " + std::string(Py_TYPE(value.ptr())->tp_name) + ") is not an integer");
  }
  const auto v = py::reinterpret_steal<py::object>(index);
  int overflow = 0;
  const long long s = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow == 0 && s == -1 && PyErr_Occurred()) {
    PyErr_Clear();
    return fail(" is not an integer");
  }
  if (overflow < 0) return fail(" is out of range (too small)");
  if (overflow > 0) {  // above long long: only an unsigned 64-bit T can hold it
    const unsigned long long u = PyLong_AsUnsignedLongLong(v.ptr());
    if (PyErr_Occurred()) {
      PyErr_Clear();
      return fail(" is out of range (too large)");
    }
    if (std::cmp_greater(u, hi)) return fail(std::to_string(u) + " is out of range");
    return static_cast<T>(u);
  }
  if (std::cmp_less(s, lo) || std::cmp_greater(s, hi)) return fail(std::to_string(s) + " is out of range");
  return static_cast<T>(s);
}

/// A Python real-number option (float, int, numpy scalar) as a double; any
/// other type is an invalid_option naming the keyword (not pybind11's
/// TypeError listing signatures). Ranges are checked by the C++ entry
/// point that takes the option.
inline double real_option(py::handle value, const char* keyword) {
  if (!PyFloat_Check(value.ptr()) && !PyLong_Check(value.ptr()) && !PyNumber_Check(value.ptr()))
    throw onakit::invalid_option(std::string(keyword) + "=" + short_repr(value) + " must be a number, not a " +
                                 Py_TYPE(value.ptr())->tp_name);
  if (PyBool_Check(value.ptr()))
    throw onakit::invalid_option(std::string(keyword) + "=" + short_repr(value) + " must be a number, not a bool");
  const double v = PyFloat_AsDouble(value.ptr());
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw onakit::invalid_option(std::string(keyword) + "=" + short_repr(value) + " must be a number, not a " +
                                 Py_TYPE(value.ptr())->tp_name);
  }
  return v;
}

/// True or False (or a numpy bool) as a bool; anything else is an
/// invalid_option naming the keyword, so weighted="yes" is not read as True.
inline bool bool_option(py::handle value, const char* keyword) {
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (py::hasattr(value, "dtype") && py::str(value.attr("dtype").attr("kind")).cast<std::string>() == "b")
    return PyObject_IsTrue(value.ptr()) == 1;
  throw onakit::invalid_option(std::string(keyword) + "=" + short_repr(value) + " must be True or False, not a " +
                               Py_TYPE(value.ptr())->tp_name);
}

/// `threads=` as the one rule in onakit/detail/parallel.hpp allows it
/// (0 = all cores, up to onakit::max_threads).
inline int threads_option(py::handle value) { return int_option<int>(value, "threads", 0, onakit::max_threads); }

/// `min_group_size=`: None shows every group (the C++ rule's 1).
inline std::uint32_t min_group_size_option(py::handle value) {
  if (value.is_none()) return 1;
  const auto v = int_option<std::int64_t>(value, "min_group_size");
  if (v < 1) throw onakit::invalid_option("min_group_size must be >= 1 (or None), got " + std::to_string(v));
  return int_option<std::uint32_t>(value, "min_group_size", 1);
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
void bind_layout(py::module_& m);               // bind_layout.cpp
void bind_mbox(py::module_& m);                 // bind_mbox.cpp
void bind_message_rows(py::module_& m);         // bind_message_rows.cpp
void bind_silo(py::module_& m);                 // bind_silo.cpp
void bind_respond(py::module_& m);              // bind_respond.cpp
void bind_tables(py::module_& m);               // bind_tables.cpp
void bind_temporal_reach(py::module_& m);       // bind_temporal_reach.cpp
void bind_work_patterns(py::module_& m);        // bind_work_patterns.cpp
void bind_teams(py::module_& m);                // bind_teams.cpp
void bind_calendar(py::module_& m);             // bind_calendar.cpp
void bind_trend(py::module_& m);                // bind_trend.cpp
void bind_build(py::module_& m);                // bind_build.cpp: build_graph and the streaming builders
void bind_stream_readers(py::module_& m);       // bind_stream_readers.cpp
void bind_arrow(py::module_& m);                // bind_arrow.cpp
void bind_spark(py::module_& m);                // bind_spark.cpp

}  // namespace onakit::python

// How the generated stub types the keyword_arg aliases (see keyword_arg).
namespace pybind11::detail {
template <>
struct handle_type_name<onakit::python::int_arg> {
  static constexpr auto name = const_name("int");
};
template <>
struct handle_type_name<onakit::python::optional_int_arg> {
  static constexpr auto name = const_name("int | None");
};
template <>
struct handle_type_name<onakit::python::real_arg> {
  static constexpr auto name = const_name("float");
};
template <>
struct handle_type_name<onakit::python::bool_arg> {
  static constexpr auto name = const_name("bool");
};
template <>
struct handle_type_name<onakit::python::progress_arg> {
  static constexpr auto name = const_name("collections.abc.Callable[[int, int], object] | None");
};
}  // namespace pybind11::detail
