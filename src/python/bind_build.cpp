// Messages -> graph: _core.build_graph (a log in memory) and the streaming
// builders the streaming readers feed (_core.StreamBuilder for one graph,
// _core.PeriodStreamBuilder for one graph per period, _core.TimeSpanSink for
// the first pass that finds the span and the latest time).

#include <onakit/errors.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/stream_builder.hpp>
#include <onakit/message_log.hpp>

#include "bindings.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace onakit::python {

namespace {

using namespace pybind11::literals;

py::dict build_report_dict(const onakit::build_report& r) {
  return py::dict("messages_in"_a = r.messages_in, "messages_used"_a = r.messages_used,
                  "messages_outside_window"_a = r.messages_outside_window,
                  "messages_without_time"_a = r.messages_without_time,
                  "messages_broadcast"_a = r.messages_broadcast,
                  "messages_with_several_recipients"_a = r.messages_with_several_recipients,
                  "pairs_used"_a = r.pairs_used, "pairs_self"_a = r.pairs_self,
                  "pairs_duplicate"_a = r.pairs_duplicate, "ties_below_min_weight"_a = r.ties_below_min_weight,
                  "ties_not_reciprocal"_a = r.ties_not_reciprocal);
}

// The builder keywords of build_graph, StreamBuilder and PeriodStreamBuilder,
// checked once (the messages name the keywords).
onakit::build_options options_of(const std::string& weighting, bool directed, const std::vector<double>& role_weights,
                                 const optional_int_arg& max_recipients, bool self_loops,
                                 std::optional<std::int64_t> start, std::optional<std::int64_t> end,
                                 std::optional<double> half_life, std::optional<std::int64_t> reference_time,
                                 double min_weight, bool reciprocal, const int_arg& threads) {
  onakit::build_options o;
  if (weighting == "count") o.weighting = onakit::weighting::count;
  else if (weighting == "split") o.weighting = onakit::weighting::split;
  else throw onakit::invalid_option("weighting must be 'count' or 'split', not '" + weighting + "'");
  o.directed = directed;
  if (role_weights.size() != onakit::role_count) throw onakit::invalid_option("role_weights: one weight per role");
  std::copy(role_weights.begin(), role_weights.end(), o.role_weights.begin());
  if (!max_recipients.is_none()) o.max_recipients = int_option<std::size_t>(max_recipients, "max_recipients", 1);
  o.self_loops = self_loops;
  o.start = start;
  o.end = end;
  o.half_life = half_life;
  o.reference_time = reference_time;
  o.min_weight = min_weight;
  o.reciprocal = reciprocal;
  o.threads = threads_option(threads);
  o.interrupt = python_interrupt();  // Ctrl-C between the passes (and chunks) of a build
  return o;
}

// One graph of everything streamed.
struct stream_builder_sink final : stream_sink {
  explicit stream_builder_sink(const onakit::build_options& o) : builder(std::in_place, o) {}
  void add(const onakit::message_log& chunk) override { live().add(chunk); }
  onakit::stream_builder& live() {
    if (!builder) throw onakit::invalid_option("StreamBuilder: finish() was called already");
    return *builder;
  }
  std::optional<onakit::stream_builder> builder;
};

// One graph per period [starts[i], ends[i]): a stream_builder per period,
// each seeing every chunk with its period as the window, so each period's
// graph and report equal build_graph(log, start=, end=) on the whole log.
struct period_builder_sink final : stream_sink {
  period_builder_sink(const onakit::build_options& o, const std::vector<std::int64_t>& starts,
                      const std::vector<std::int64_t>& ends,
                      const std::vector<std::optional<std::int64_t>>& reference_times) {
    if (starts.size() != ends.size() || starts.size() != reference_times.size())
      throw onakit::invalid_option("PeriodStreamBuilder: starts, ends and reference_times differ in length");
    // The pending buffers share the default bound.
    const std::size_t pending =
        std::max<std::size_t>(std::size_t{1} << 14, onakit::default_max_pending_pairs / std::max<std::size_t>(1, starts.size()));
    builders.reserve(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      onakit::build_options p = o;
      p.start = starts[i];
      p.end = ends[i];
      if (reference_times[i]) p.reference_time = *reference_times[i];
      builders.emplace_back(p, pending);
    }
  }
  void add(const onakit::message_log& chunk) override {
    if (finished) throw onakit::invalid_option("PeriodStreamBuilder: finish() was called already");
    for (auto& b : builders) b.add(chunk);
  }
  std::vector<onakit::stream_builder> builders;
  bool finished = false;
};

// The first pass of a stream that needs the time span before building (freq
// without start and end, half_life without reference_time).
struct time_span_sink final : stream_sink {
  void add(const onakit::message_log& chunk) override {
    for (const onakit::timestamp_t t : chunk.time_column()) {
      if (t == onakit::no_time) {
        ++without_time;
        continue;
      }
      lo = lo ? std::min(*lo, t) : t;
      hi = hi ? std::max(*hi, t) : t;
    }
    messages += chunk.num_messages();
  }
  std::optional<onakit::timestamp_t> lo, hi;
  std::uint64_t messages = 0, without_time = 0;
};

// What the CLI's summary counts of a stream: messages, pairs and senders in
// the window [start, end), and their time span.
struct message_stats_sink final : stream_sink {
  message_stats_sink(std::optional<std::int64_t> s, std::optional<std::int64_t> e) : start(s), end(e) {}
  void add(const onakit::message_log& chunk) override {
    if (sent.size() < chunk.num_people()) sent.resize(chunk.num_people(), 0);
    const auto offs = chunk.offsets();
    for (std::size_t m = 0; m < chunk.num_messages(); ++m) {
      const onakit::timestamp_t t = chunk.time(m);
      ++messages_in;
      if (start || end) {
        if (t == onakit::no_time || (start && t < *start) || (end && t >= *end)) continue;
      }
      ++messages;
      pairs += offs[m + 1] - offs[m];
      ++sent[chunk.sender(m)];
      if (t != onakit::no_time) {
        lo = lo ? std::min(*lo, t) : t;
        hi = hi ? std::max(*hi, t) : t;
      }
    }
  }
  std::optional<std::int64_t> start, end;
  std::optional<onakit::timestamp_t> lo, hi;
  std::uint64_t messages_in = 0, messages = 0, pairs = 0;
  std::vector<std::uint64_t> sent;
};

// Several sinks fed by one read, in order.
struct tee_sink final : stream_sink {
  explicit tee_sink(std::vector<std::shared_ptr<stream_sink>> s) : sinks(std::move(s)) {}
  void add(const onakit::message_log& chunk) override {
    for (auto& s : sinks) s->add(chunk);
  }
  std::vector<std::shared_ptr<stream_sink>> sinks;
};

}  // namespace

void bind_build(py::module_& m) {
  // The graph shares the result's lifetime (an aliasing shared_ptr): no copy.
  py::class_<onakit::build_result, std::shared_ptr<onakit::build_result>>(m, "build_result")
      .def_property_readonly("graph",
                             [](const std::shared_ptr<onakit::build_result>& r) {
                               return std::shared_ptr<onakit::graph>(r, &r->graph);
                             })
      .def_property_readonly("report", [](const onakit::build_result& r) { return build_report_dict(r.report); });

  m.def(
      "build_graph",
      [](const onakit::message_log& log, const std::string& weighting, bool directed,
         const std::vector<double>& role_weights, const optional_int_arg& max_recipients, bool self_loops,
         std::optional<std::int64_t> start, std::optional<std::int64_t> end, std::optional<double> half_life,
         std::optional<std::int64_t> reference_time, double min_weight, bool reciprocal, int_arg threads) {
        const auto o = options_of(weighting, directed, role_weights, max_recipients, self_loops, start, end, half_life,
                                  reference_time, min_weight, reciprocal, threads);
        auto r = without_gil([&] { return onakit::build_graph(log, o); });
        return std::make_shared<onakit::build_result>(std::move(r));
      },
      "log"_a, "weighting"_a, "directed"_a, "role_weights"_a, "max_recipients"_a, "self_loops"_a, "start"_a, "end"_a,
      "half_life"_a, "reference_time"_a, "min_weight"_a, "reciprocal"_a, "threads"_a = 0);

  py::class_<stream_builder_sink, stream_sink, std::shared_ptr<stream_builder_sink>>(m, "StreamBuilder")
      .def(py::init([](const std::string& weighting, bool directed, const std::vector<double>& role_weights,
                       const optional_int_arg& max_recipients, bool self_loops, std::optional<std::int64_t> start,
                       std::optional<std::int64_t> end, std::optional<double> half_life,
                       std::optional<std::int64_t> reference_time, double min_weight, bool reciprocal,
                       int_arg threads) {
             return std::make_shared<stream_builder_sink>(options_of(weighting, directed, role_weights, max_recipients,
                                                                     self_loops, start, end, half_life,
                                                                     reference_time, min_weight, reciprocal, threads));
           }),
           "weighting"_a, "directed"_a, "role_weights"_a, "max_recipients"_a, "self_loops"_a, "start"_a, "end"_a,
           "half_life"_a, "reference_time"_a, "min_weight"_a, "reciprocal"_a, "threads"_a = 0)
      .def(
          "finish",
          [](stream_builder_sink& s, const onakit::message_log& log) {
            auto r = without_gil([&] { return std::move(s.live()).finish(log); });
            s.builder.reset();
            return std::make_shared<onakit::build_result>(std::move(r));
          },
          "log"_a)
      .def_property_readonly("report", [](stream_builder_sink& s) { return build_report_dict(s.live().report()); })
      .def_property_readonly("num_ties", [](stream_builder_sink& s) { return s.live().num_ties(); })
      .def_property_readonly("memory_bytes", [](stream_builder_sink& s) { return s.live().memory_bytes(); });

  py::class_<period_builder_sink, stream_sink, std::shared_ptr<period_builder_sink>>(m, "PeriodStreamBuilder")
      .def(py::init([](const std::vector<std::int64_t>& starts, const std::vector<std::int64_t>& ends,
                       const std::vector<std::optional<std::int64_t>>& reference_times, const std::string& weighting,
                       bool directed, const std::vector<double>& role_weights, const optional_int_arg& max_recipients,
                       bool self_loops, std::optional<double> half_life, double min_weight, bool reciprocal,
                       int_arg threads) {
             const auto o = options_of(weighting, directed, role_weights, max_recipients, self_loops, std::nullopt,
                                       std::nullopt, half_life, std::nullopt, min_weight, reciprocal, threads);
             return std::make_shared<period_builder_sink>(o, starts, ends, reference_times);
           }),
           "starts"_a, "ends"_a, "reference_times"_a, "weighting"_a, "directed"_a, "role_weights"_a,
           "max_recipients"_a, "self_loops"_a, "half_life"_a, "min_weight"_a, "reciprocal"_a, "threads"_a = 0)
      .def(
          "finish",
          [](period_builder_sink& s, const onakit::message_log& log) {
            if (s.finished) throw onakit::invalid_option("PeriodStreamBuilder: finish() was called already");
            s.finished = true;
            std::vector<std::shared_ptr<onakit::build_result>> out;
            out.reserve(s.builders.size());
            without_gil([&] {
              for (auto& b : s.builders)
                out.push_back(std::make_shared<onakit::build_result>(std::move(b).finish(log)));
              s.builders.clear();
            });
            return out;
          },
          "log"_a);

  py::class_<time_span_sink, stream_sink, std::shared_ptr<time_span_sink>>(m, "TimeSpanSink")
      .def(py::init<>())
      .def_readonly("lo", &time_span_sink::lo)
      .def_readonly("hi", &time_span_sink::hi)
      .def_readonly("messages", &time_span_sink::messages)
      .def_readonly("messages_without_time", &time_span_sink::without_time);

  py::class_<message_stats_sink, stream_sink, std::shared_ptr<message_stats_sink>>(m, "MessageStatsSink")
      .def(py::init<std::optional<std::int64_t>, std::optional<std::int64_t>>(), "start"_a = py::none(),
           "end"_a = py::none())
      .def_readonly("lo", &message_stats_sink::lo)
      .def_readonly("hi", &message_stats_sink::hi)
      .def_readonly("messages_in", &message_stats_sink::messages_in)
      .def_readonly("messages", &message_stats_sink::messages)
      .def_readonly("pairs", &message_stats_sink::pairs)
      .def_property_readonly("sent", [](const message_stats_sink& s) { return to_numpy(s.sent); });

  py::class_<tee_sink, stream_sink, std::shared_ptr<tee_sink>>(m, "TeeSink")
      .def(py::init<std::vector<std::shared_ptr<stream_sink>>>(), "sinks"_a);
}

}  // namespace onakit::python
