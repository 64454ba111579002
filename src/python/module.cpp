// onakit._core: the pybind11 layer. It converts between C++ results and
// numpy arrays / Python dicts; labels, pandas and display belong to the
// Python façade in python/onakit.

#include <onakit/detail/utf8.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/ego.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/graph/tie_table.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/synthetic/synthetic_org.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/message_log.hpp>
#include <onakit/version.hpp>

#include "bindings.hpp"

#include <unistd.h>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace pybind11::literals;
using onakit::python::int_option;
using onakit::python::threads_option;
using onakit::python::int_arg;
using onakit::python::optional_int_arg;
using onakit::python::progress_arg;
using onakit::python::to_numpy;
using onakit::python::without_gil;
using onakit::python::readonly_view_of;
using onakit::python::error_policy_option;
using onakit::python::char_option;
using onakit::python::graph_ref;
using onakit::python::identities_arg;

namespace {


py::dict report_dict(const onakit::ingest_report& r) {
  py::dict skipped, dropped;
  for (const auto& [k, v] : r.skipped) skipped[py::str(k)] = v;
  for (const auto& [k, v] : r.dropped) dropped[py::str(k)] = v;
  return py::dict("source"_a = r.source, "records_read"_a = r.records_read, "records_kept"_a = r.records_kept,
                  "messages"_a = r.messages,
                  "messages_with_several_recipients"_a = r.messages_with_several_recipients, "skipped"_a = skipped,
                  "dropped"_a = dropped);
}



// Error texts may quote input bytes (a field that is not UTF-8, a file name
// from a directory listing); Python needs UTF-8, so they are repaired here,
// the last point before they become str (detail/utf8.hpp's fallback).
std::string utf8_text(std::string s) {
  onakit::detail::make_valid_utf8(s);
  return s;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "onakit's compiled core (use the onakit package, not this module)";
  m.attr("__version__") = ONAKIT_VERSION_STRING;

  // ---- errors: ValueError subclasses carrying file/line/field/reason ----
  // Module-lifetime exception classes (kept as raw handles: they live as
  // long as the interpreter holds the module).
  static PyObject* base_error = py::exception<onakit::error>(m, "Error", PyExc_ValueError).release().ptr();
  static PyObject* parse_error = py::exception<onakit::parse_error>(m, "ParseError", base_error).release().ptr();
  static PyObject* option_error = py::exception<onakit::invalid_option>(m, "OptionError", base_error).release().ptr();
  static PyObject* read_error = py::exception<onakit::io_error>(m, "ReadError", base_error).release().ptr();
  static PyObject* capacity_error = py::exception<onakit::capacity_error>(m, "CapacityError", base_error).release().ptr();
  // Class-level defaults of the attributes the translator below sets on every
  // raised instance: an error raised from Python has them too, and the
  // generated stub declares them.
  for (PyObject* cls : {parse_error, read_error}) {
    py::handle(cls).attr("file") = "";
    py::handle(cls).attr("line") = 0;
  }
  py::handle(parse_error).attr("field") = "";
  py::handle(parse_error).attr("reason") = "";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const onakit::parse_error& e) {
      py::object exc = py::reinterpret_borrow<py::object>(parse_error)(utf8_text(e.what()));
      exc.attr("file") = utf8_text(e.file());
      exc.attr("line") = e.line();
      exc.attr("field") = utf8_text(e.field());
      exc.attr("reason") = utf8_text(e.reason());
      PyErr_SetObject(parse_error, exc.ptr());
    } catch (const onakit::io_error& e) {
      py::object exc = py::reinterpret_borrow<py::object>(read_error)(utf8_text(e.what()));
      exc.attr("file") = utf8_text(e.path());
      exc.attr("line") = 0;
      PyErr_SetObject(read_error, exc.ptr());
    } catch (const onakit::interrupted& e) {
      // KeyboardInterrupt, saying what was stopped ("betweenness interrupted").
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    } catch (const onakit::invalid_option& e) {
      py::set_error(option_error, utf8_text(e.what()).c_str());
    } catch (const onakit::capacity_error& e) {
      py::set_error(capacity_error, utf8_text(e.what()).c_str());
    } catch (const onakit::error& e) {
      py::set_error(base_error, utf8_text(e.what()).c_str());
    }
  });

  // Identities first: a class must be bound before any signature names it,
  // or its C++ name leaks into the docstring (and the generated stub).
  onakit::python::bind_identities(m);

  // ---- message log -----------------------------------------------------
  py::class_<onakit::message_log, std::shared_ptr<onakit::message_log>>(m, "MessageLog")
      .def_property_readonly("num_messages", &onakit::message_log::num_messages)
      .def_property_readonly("num_pairs", &onakit::message_log::num_pairs)
      .def_property_readonly("num_people", &onakit::message_log::num_people)
      .def("clear_messages", &onakit::message_log::clear_messages,
           "Drops every message, keeping people, channels and the report (streaming readers)")
      .def_property_readonly("people", [](const onakit::message_log& l) { return l.people(); })
      .def_property_readonly("channel_names", [](const onakit::message_log& l) { return l.channels(); })
      .def_property_readonly("senders", [](py::object self) {
        return readonly_view_of(self.cast<const onakit::message_log&>().sender_column(), self);
      })
      .def_property_readonly("times", [](py::object self) {
        return readonly_view_of(self.cast<const onakit::message_log&>().time_column(), self);
      })
      .def_property_readonly("offsets", [](py::object self) {
        return readonly_view_of(self.cast<const onakit::message_log&>().offsets(), self);
      })
      .def_property_readonly("recipients", [](py::object self) {
        return readonly_view_of(self.cast<const onakit::message_log&>().recipient_column(), self);
      })
      .def_property_readonly("roles", [](py::object self) {
        const auto r = self.cast<const onakit::message_log&>().role_column();
        return readonly_view_of(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(r.data()), r.size()), self);
      })
      .def_property_readonly("weights", [](const onakit::message_log& l) {
        py::array_t<double> a(static_cast<py::ssize_t>(l.num_messages()));
        for (std::size_t i = 0; i < l.num_messages(); ++i) a.mutable_at(static_cast<py::ssize_t>(i)) = l.weight(i);
        return a;
      })
      .def_property_readonly("message_ids", [](const onakit::message_log& l) -> py::object {
        bool any = false;
        for (std::size_t i = 0; i < l.num_messages() && !any; ++i) any = !l.message_id(i).empty();
        if (!any) return py::none();
        py::list out(l.num_messages());
        for (std::size_t i = 0; i < l.num_messages(); ++i) out[i] = py::str(std::string(l.message_id(i)));
        return out;
      })
      .def_property_readonly("channels", [](const onakit::message_log& l) {
        py::array_t<std::int64_t> a(static_cast<py::ssize_t>(l.num_messages()));
        for (std::size_t i = 0; i < l.num_messages(); ++i) {
          const auto c = l.channel(i);
          a.mutable_at(static_cast<py::ssize_t>(i)) = c == onakit::no_channel ? -1 : static_cast<std::int64_t>(c);
        }
        return a;
      })
      .def_property_readonly("parents", [](const onakit::message_log& l) {
        py::array_t<std::int64_t> a(static_cast<py::ssize_t>(l.num_messages()));
        for (std::size_t i = 0; i < l.num_messages(); ++i) {
          const auto p = l.parent(i);
          a.mutable_at(static_cast<py::ssize_t>(i)) = p == onakit::no_message ? -1 : static_cast<std::int64_t>(p);
        }
        return a;
      })
      .def_property_readonly("time_span", &onakit::message_log::time_span)
      .def_property_readonly("report", [](const onakit::message_log& l) { return report_dict(l.report()); })
      .def_static(
          "from_arrays",
          [](const std::vector<std::string>& labels, py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> senders,
             py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> times,
             py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast> offsets,
             py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> recipients,
             py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> roles,
             std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>> weights,
             std::string source, const std::optional<std::vector<std::string>>& message_ids,
             std::optional<std::uint64_t> records_read, std::optional<std::uint64_t> records_kept,
             const std::map<std::string, std::uint64_t>& skipped,
             const std::map<std::string, std::uint64_t>& dropped,
             std::optional<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>> channels,
             const std::vector<std::string>& channel_names,
             std::optional<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>> parents) {
            const auto nm = static_cast<std::size_t>(senders.size());
            if (parents && static_cast<std::size_t>(parents->size()) != nm)
              throw onakit::invalid_option("MessageLog.from_arrays: column lengths disagree");
            if (channels && static_cast<std::size_t>(channels->size()) != nm)
              throw onakit::invalid_option("MessageLog.from_arrays: column lengths disagree");
            if (times.size() != senders.size() || static_cast<std::size_t>(offsets.size()) != nm + 1 ||
                roles.size() != recipients.size() || (weights && weights->size() != senders.size()) ||
                (message_ids && message_ids->size() != nm))
              throw onakit::invalid_option("MessageLog.from_arrays: column lengths disagree");
            auto log = std::make_shared<onakit::message_log>();
            for (const auto& s : labels) log->intern(s);
            for (const auto& c : channel_names) log->intern_channel(c);
            if (log->channels().size() != channel_names.size())
              throw onakit::invalid_option("MessageLog.from_arrays: duplicate channel names");
            const std::int64_t* ch = channels ? channels->data() : nullptr;
            if (log->num_people() != labels.size()) throw onakit::invalid_option("MessageLog.from_arrays: duplicate labels");
            const auto* se = senders.data();
            const auto* ti = times.data();
            const auto* of = offsets.data();
            const auto* re = recipients.data();
            const auto* ro = roles.data();
            if (of[0] != 0 || of[nm] != static_cast<std::uint64_t>(recipients.size()))
              throw onakit::invalid_option("MessageLog.from_arrays: offsets must start at 0 and end at len(recipients)");
            log->reserve(nm, static_cast<std::size_t>(recipients.size()));
            for (std::size_t i = 0; i < nm; ++i) {
              if (se[i] >= labels.size()) throw onakit::invalid_option("MessageLog.from_arrays: sender id out of range");
              if (of[i + 1] < of[i]) throw onakit::invalid_option("MessageLog.from_arrays: offsets must not decrease");
              onakit::channel_id c = onakit::no_channel;
              if (ch && ch[i] >= 0) {
                if (static_cast<std::uint64_t>(ch[i]) >= channel_names.size())
                  throw onakit::invalid_option("MessageLog.from_arrays: channel id out of range");
                c = static_cast<onakit::channel_id>(ch[i]);
              }
              log->begin_message(se[i], ti[i], message_ids ? std::string_view((*message_ids)[i]) : std::string_view{},
                                 c, weights ? weights->data()[i] : 1.0);
              for (std::uint64_t p = of[i]; p < of[i + 1]; ++p) {
                if (re[p] >= labels.size()) throw onakit::invalid_option("MessageLog.from_arrays: recipient id out of range");
                if (ro[p] >= onakit::role_count) throw onakit::invalid_option("MessageLog.from_arrays: bad role code");
                log->add_recipient(re[p], static_cast<onakit::role>(ro[p]));
              }
            }
            if (parents)
              for (std::size_t i = 0; i < nm; ++i) {
                const std::int64_t p = parents->data()[i];
                if (p >= 0) log->set_parent(i, static_cast<std::size_t>(p));
              }
            auto& rep = log->report();
            rep.source = std::move(source);
            // The caller (MessageLog.from_pandas) knows what it read and skipped.
            rep.messages = nm;
            rep.messages_with_several_recipients = log->messages_with_several_recipients();
            rep.records_kept = records_kept.value_or(nm);
            rep.records_read = records_read.value_or(rep.records_kept);
            rep.skipped = skipped;
            rep.dropped = dropped;
            if (!rep.balanced()) throw onakit::invalid_option("MessageLog.from_arrays: records_read != kept + skipped");
            return log;
          },
          "labels"_a, "senders"_a, "times"_a, "offsets"_a, "recipients"_a, "roles"_a, "weights"_a = py::none(),
          "source"_a = "<pandas>", "message_ids"_a = py::none(), "records_read"_a = py::none(),
          "records_kept"_a = py::none(), "skipped"_a = std::map<std::string, std::uint64_t>{},
          "dropped"_a = std::map<std::string, std::uint64_t>{}, "channels"_a = py::none(),
          "channel_names"_a = std::vector<std::string>{}, "parents"_a = py::none());

  // ona.concat: one log from several, through message_log::append (people and
  // channels re-interned by label, reply links renumbered, reports merged).
  m.def(
      "concat_logs",
      [](const std::vector<std::shared_ptr<onakit::message_log>>& logs, const std::vector<double>& weights) {
        if (logs.size() != weights.size()) throw onakit::invalid_option("concat: one weight per log is needed");
        auto out = std::make_shared<onakit::message_log>();
        for (std::size_t i = 0; i < logs.size(); ++i) out->append(*logs[i], weights[i]);
        return out;
      },
      "logs"_a, "weights"_a);

  m.attr("role_names") = py::cast(std::vector<std::string>(onakit::role_names.begin(), onakit::role_names.end()));

  // ---- readers -----------------------------------------------------------
  m.def(
      "read_email_csv",
      [](const std::string& path, const std::string& sender, const std::string& recipients,
         const std::optional<std::string>& timestamp, const std::optional<std::string>& role,
         const std::optional<std::string>& message_id, const std::optional<std::string>& sep,
         const std::optional<std::string>& recipient_sep, const std::string& errors, int_arg threads_arg,
         identities_arg identities, const std::string& encoding,
         std::optional<long long> max_input_bytes, const std::optional<std::string>& group_rows_by,
         progress_arg progress) {
        const int threads = threads_option(threads_arg);
        onakit::email_csv_options o;
        o.group_rows_by = onakit::parse_row_grouping(group_rows_by.value_or("auto"));
        o.max_input_bytes = onakit::python::input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sender = sender;
        o.recipients = recipients;
        o.timestamp = timestamp.value_or("");
        o.role = role.value_or("");
        o.message_id = message_id.value_or("");
        o.sep = char_option(sep, "sep");
        o.recipient_sep = char_option(recipient_sep, "recipient_sep");
        o.errors = error_policy_option(errors);
        o.threads = threads;
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_email_csv(path, o)); });
      },
      "path"_a, "sender"_a, "recipients"_a, "timestamp"_a, "role"_a, "message_id"_a, "sep"_a, "recipient_sep"_a,
      "errors"_a, "threads"_a = 0, "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), "group_rows_by"_a = py::none(), "progress"_a = py::none());

  m.def(
      "read_edgelist",
      [](const std::string& path, const std::optional<std::string>& sep, const std::string& third,
         const std::string& errors, identities_arg identities, const std::string& encoding,
         std::optional<long long> max_input_bytes, progress_arg progress) {
        onakit::edgelist_options o;
        o.max_input_bytes = onakit::python::input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sep = char_option(sep, "sep");
        o.errors = error_policy_option(errors);
        if (third == "weight") o.third = onakit::third_column::weight;
        else if (third == "time") o.third = onakit::third_column::time;
        else throw onakit::invalid_option("third must be 'weight' or 'time', not '" + third + "'");
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_edgelist(path, o)); });
      },
      "path"_a, "sep"_a, "third"_a, "errors"_a, "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), "progress"_a = py::none());

  // For the Python readers (read_people): raises ParseError formatted as the C++ readers format it.
  m.def(
      "raise_parse_error",
      [](const std::string& file, std::uint64_t line, const std::string& field, const std::string& reason,
         const std::string& hint) -> py::typing::NoReturn { throw onakit::parse_error(file, line, field, reason, hint); },
      "file"_a, "line"_a, "field"_a, "reason"_a, "hint"_a = "");

  // The C++ readers' delimiter rule (csv.hpp), for read_people.
  m.def("detect_delimiter", [](const std::string& text) { return std::string(1, onakit::detect_delimiter(text)); },
        "text"_a);

  // Test hook (tests/python/test_input_files.py): every file text_source maps
  // is truncated to 0 bytes right after it is mapped, as if another process
  // did it while onakit read it.
  m.def(
      "_set_truncate_after_mapping",
      [](bool on) {
        onakit::detail::after_mapping_hook =
            on ? +[](const std::filesystem::path& p) { (void)::truncate(p.c_str(), 0); } : nullptr;
      },
      "on"_a);

  // A read waiting on a pipe (a FIFO nobody writes to yet) asks every 100 ms
  // whether Ctrl-C was pressed (text_source.hpp): KeyboardInterrupt ends it.
  onakit::detail::waiting_interrupted = +[]() -> bool {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };

  m.attr("max_abs_timestamp") = onakit::max_abs_timestamp;
  m.attr("max_threads") = onakit::max_threads;  // the largest threads= (onakit/detail/parallel.hpp)
  m.attr("default_max_input_bytes") = onakit::default_max_input_bytes;  // onakit/ingest/text_source.hpp
  // The façade's checks of options it uses itself (onakit/_options.py): the
  // same conversions and messages as the keywords bindings take directly.
  m.def(
      "int_option", [](const py::object& value, const std::string& keyword) {
        return int_option<std::int64_t>(value, keyword.c_str());
      },
      "value"_a, "keyword"_a);
  m.def(
      "real_option", [](const py::object& value, const std::string& keyword) { return onakit::python::real_option(value, keyword.c_str()); },
      "value"_a, "keyword"_a);
  m.def("threads_option", [](const py::object& value) { return onakit::python::threads_option(value); }, "value"_a);
  m.def(
      "min_group_size_option",
      [](const py::object& value) { return onakit::python::min_group_size_option(value); }, "value"_a);
  m.def("parse_timestamp", [](const std::string& s) { return onakit::parse_timestamp(s); }, "text"_a);

  // Base of the streaming builders; the streaming readers take one as `sink`.
  py::class_<onakit::python::stream_sink, std::shared_ptr<onakit::python::stream_sink>>(m, "StreamSink")
      .def(
          "add",
          [](onakit::python::stream_sink& s, const onakit::message_log& log) { without_gil([&] { s.add(log); }); },
          "log"_a, "Hands a chunk of messages to the sink (a reader refills the log after it returns)");

  // ---- graph -------------------------------------------------------------
  py::class_<onakit::graph, std::shared_ptr<onakit::graph>>(m, "Graph")
      .def_property_readonly("num_vertices", &onakit::graph::num_vertices)
      .def_property_readonly("num_edges", &onakit::graph::num_edges)
      .def_property_readonly("directed", &onakit::graph::directed)
      .def_property_readonly("labels", [](const onakit::graph& g) { return g.labels(); })
      .def_property_readonly("time_span", &onakit::graph::time_span)
      .def_property_readonly("memory_bytes", &onakit::graph::memory_bytes)
      .def_property_readonly("out_offsets", [](py::object self) { return readonly_view_of(self.cast<const onakit::graph&>().out_offsets(), self); })
      .def_property_readonly("out_targets", [](py::object self) { return readonly_view_of(self.cast<const onakit::graph&>().out_targets(), self); })
      .def_property_readonly("out_weights", [](py::object self) { return readonly_view_of(self.cast<const onakit::graph&>().out_weights(), self); })
      .def("out_degrees", [](const onakit::graph& g) {
        std::vector<std::uint32_t> d(g.num_vertices());
        for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) d[v] = g.out_degree(v);
        return to_numpy(d);
      })
      .def("in_degrees", [](const onakit::graph& g) {
        std::vector<std::uint32_t> d(g.num_vertices());
        for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) d[v] = g.in_degree(v);
        return to_numpy(d);
      });

  py::class_<onakit::tie_table> ties(m, "tie_table");
  onakit::python::def_array(ties, "source", &onakit::tie_table::source);
  onakit::python::def_array(ties, "target", &onakit::tie_table::target);
  onakit::python::def_array(ties, "weight", &onakit::tie_table::weight);
  m.def("tie_table_of", [](graph_ref g) { return onakit::tie_table_of(g); }, "g"_a);

  onakit::python::bind_build(m);  // build_graph and the streaming builders

  m.def(
      "make_graph",
      [](std::size_t n, py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> sources,
         py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> targets,
         std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>> weights, bool directed,
         std::optional<std::pair<onakit::timestamp_t, onakit::timestamp_t>> time_span) {
        const std::span<const std::uint32_t> s(sources.data(), static_cast<std::size_t>(sources.size()));
        const std::span<const std::uint32_t> t(targets.data(), static_cast<std::size_t>(targets.size()));
        std::span<const double> w;
        if (weights) w = {weights->data(), static_cast<std::size_t>(weights->size())};
        auto stop = onakit::python::python_interrupt();
        auto g = without_gil(
            [&] { return std::make_shared<onakit::graph>(onakit::make_graph(n, s, t, w, directed, 0, stop)); });
        // Graphs derived from a built graph (subgraph, load, unpickle) keep its provenance.
        if (time_span) g->set_time_span(*time_span);
        return g;
      },
      "n"_a, "sources"_a, "targets"_a, "weights"_a = py::none(), "directed"_a = true, "time_span"_a = py::none());

  py::class_<onakit::ego_result> ego(m, "ego_result");
  onakit::python::def_array(ego, "vertices", &onakit::ego_result::vertices);
  onakit::python::def_array(ego, "distance", &onakit::ego_result::distance);
  m.def(
      "ego_vertices",
      [](graph_ref g, onakit::vertex_id center, std::uint32_t radius, const std::string& direction) {
        onakit::ego_direction d = onakit::ego_direction::both;
        if (direction == "out") d = onakit::ego_direction::out;
        else if (direction == "in") d = onakit::ego_direction::in;
        else if (direction != "both")
          throw onakit::invalid_option("direction must be 'both', 'out' or 'in', not '" + direction + "'");
        return without_gil([&] { return onakit::ego_vertices(g, center, radius, d); });
      },
      "g"_a, "center"_a, "radius"_a, "direction"_a = "both");

  m.def("density", &onakit::density, "g"_a);
  m.def("reciprocity", &onakit::reciprocity, "g"_a);
  py::class_<onakit::components_result> comp(m, "components_result");
  onakit::python::def_array(comp, "component", &onakit::components_result::component);
  comp.def_readonly("count", &onakit::components_result::count);
  m.def("weakly_connected_components", &onakit::weakly_connected_components, "g"_a);
  m.def("strongly_connected_components", &onakit::strongly_connected_components, "g"_a);

  // ---- synthetic organisation ---------------------------------------------
  // The organisation with its people as columns (person_record fields);
  // the log shares the result's lifetime (an aliasing shared_ptr).
  using org_t = onakit::synthetic_org;
  const auto column = [](auto field) {
    return [field](const org_t& o) {
      std::vector<std::remove_cvref_t<decltype(o.people[0].*field)>> c;
      c.reserve(o.people.size());
      for (const auto& p : o.people) c.push_back(p.*field);
      return to_numpy(c);
    };
  };
  py::class_<org_t, std::shared_ptr<org_t>>(m, "synthetic_org")
      .def_property_readonly("log",
                             [](const std::shared_ptr<org_t>& o) { return std::shared_ptr<onakit::message_log>(o, &o->log); })
      .def_property_readonly("department", column(&onakit::person_record::department))
      .def_property_readonly("manager", column(&onakit::person_record::manager))
      .def_property_readonly("level", column(&onakit::person_record::level))
      .def_property_readonly("site", column(&onakit::person_record::site))
      .def_property_readonly("team", column(&onakit::person_record::team))
      .def_readonly("department_names", &org_t::department_names)
      .def_readonly("site_names", &org_t::site_names)
      .def_readonly("silo_department", &org_t::silo_department)
      .def_readonly("broker", &org_t::broker);
  m.def(
      "make_synthetic_org",
      [](int_arg people_arg, int_arg departments_arg, int_arg weeks_arg, int_arg seed_arg,
         double messages_per_person_week) {
        onakit::synthetic_org_options o;
        o.people = int_option<std::uint32_t>(people_arg, "people");
        o.departments = int_option<std::uint32_t>(departments_arg, "departments");
        o.weeks = int_option<std::uint32_t>(weeks_arg, "weeks");
        o.seed = int_option<std::uint64_t>(seed_arg, "seed");
        o.messages_per_person_week = messages_per_person_week;
        o.interrupt = onakit::python::python_interrupt();
        return std::make_shared<org_t>(onakit::python::without_gil([&] { return onakit::make_synthetic_org(o); }));
      },
      "people"_a, "departments"_a, "weeks"_a, "seed"_a, "messages_per_person_week"_a);

  // ---- measures, one file per area -------------------------------------------
  // Spectral first: it registers centrality_result, which constraint (local) returns,
  // so the generated stub names the Python class rather than the C++ type.
  onakit::python::bind_centrality_spectral(m);
  onakit::python::bind_centrality_local(m);
  onakit::python::bind_centrality_paths(m);
  onakit::python::bind_mbox(m);
  onakit::python::bind_message_rows(m);
  onakit::python::bind_chat(m);
  onakit::python::bind_tables(m);
  onakit::python::bind_silo(m);
  onakit::python::bind_communities(m);
  onakit::python::bind_layout(m);
  onakit::python::bind_temporal_reach(m);
  onakit::python::bind_work_patterns(m);
  onakit::python::bind_teams(m);
  onakit::python::bind_calendar(m);
  onakit::python::bind_respond(m);
  onakit::python::bind_trend(m);
  onakit::python::bind_stream_readers(m);
  onakit::python::bind_arrow(m);
  onakit::python::bind_spark(m);
}
