#pragma once
/// \file arrow_messages.hpp
/// Columnar input: Arrow record batches (Parquet row groups, a pyarrow
/// Table, a DuckDB or Polars result) read through the row stage of
/// message_rows.hpp, batch by batch, into ONE message_log. The batches come
/// through the Arrow C data interface (ArrowSchema + ArrowArray, a struct
/// array per batch; https://arrow.apache.org/docs/format/CDataInterface.html),
/// so onakit needs no Arrow library: cells are read as string_views straight
/// from the Arrow buffers (offsets + data, views, or dictionary indices into
/// the dictionary's strings), never copied or decoded.
///
/// Every row goes through message_rows::add() exactly as a row of
/// read_message_columns() (MessageLog.from_pandas) or a delimited file: the
/// same checks, time parser, identity rules, report and pseudonyms. Row i of
/// a source (1-based, counted across its batches) is the record named in
/// errors (``data.parquet:70001: field 'sender': empty sender``). The person
/// cache and the message-id groups persist across batches and sources, so
/// people get the same ids as one read of the concatenated table.
///
/// Column types (the schema's format strings):
///  - text columns (sender, role, message id, channel; recipients cells):
///    utf8 `u`, large utf8 `U`, utf8 view `vu`, binary `z`/`Z` (taken as
///    UTF-8), a dictionary of any of these (any integer index type), or the
///    null type `n`; a null cell is an empty one;
///  - recipients: a text column (split at recipient_sep) or a list `+l` /
///    large list `+L` of text (one entry per recipient, a null list = none);
///  - time: timestamp `ts[smun]:TZ` (any unit, with or without zone: the
///    value is UTC), date32 `tdD`/date64 `tdm` (midnight UTC), integers or
///    floats (Unix seconds, or milliseconds from 10^11:
///    timestamp_from_unix()), or text (try_parse_timestamp()); null = no time;
///  - weight: integers or floats (null = NaN, a bad weight) or text.
///
/// Malformed arrays: the C data interface carries no buffer sizes, so the
/// reader checks what it can before it reads a cell (lengths and offsets,
/// children at least as long as the batch, buffers present, offsets
/// non-negative and non-decreasing, views inside their data buffers,
/// dictionary indices inside the dictionary: detail/arrow_arrays.hpp); an
/// array that breaks a rule is a parse_error "malformed Arrow array" naming
/// the column, in either error policy (it is the producer's bug, not a row).
///
/// Whole streams: read_arrow_stream() reads an ArrowArrayStream (the C
/// stream interface: pyarrow's RecordBatchReader, DuckDB, Polars,
/// arrow::ExportRecordBatchReader) into one log; stream_arrow() hands the
/// messages to a sink in chunks (the streaming readers' convention).
///
/// Streaming: after add() the log holds the messages read so far; a caller
/// may hand them on and call handed_out() (which clears them, keeping
/// people, channels and the report), unless rows are grouped into messages
/// (grouped(): message ids, or sender and time, can join rows anywhere in
/// the input, so those messages are complete only after finish()).
///
/// Complexity: O(cells) time, serial, one hash lookup per sender and
/// recipient (message_rows); memory: the log, the person cache, and with
/// id grouping one entry per message. Nothing is allocated per cell.
///
/// Example (a batch exported by Arrow C++ or pyarrow's `_export_to_c`):
/// \code
///   onakit::arrow_message_columns cols;   // "sender", "recipients", "timestamp"
///   onakit::arrow_message_reader reader(onakit::message_rows_options{}, cols, "mail.parquet");
///   reader.add(schema, batch);            // one ArrowSchema / ArrowArray per record batch
///   reader.finish();
///   const onakit::message_log& log = reader.log();
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/ingest/detail/arrow_arrays.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The Arrow C data interface (ArrowSchema, ArrowArray, ArrowArrayStream) is
// declared in detail/arrow_arrays.hpp, verbatim from the specification.

namespace onakit::inline v0_1 {

/// The columns of the batches, by the names the user gave; an empty name is
/// "no such column" (only sender and recipients are required).
struct arrow_message_columns {
  std::string sender = "sender";
  std::string recipients = "recipients";
  std::string timestamp = "timestamp";
  std::string role{};
  std::string message_id{};
  std::string channel{};
  std::string weight{};
};

/// Reads Arrow record batches into one message_log through the row stage
/// (file summary). Construct it with the rules and column names, add() each
/// batch, finish() once; log() is the result. Not copyable or movable (the
/// row stage refers to the reader's own log and options).
class arrow_message_reader {
 public:
  /// \param o       the row stage's rules; `o.fields` is set from `c` (errors name the user's columns)
  /// \param c       the columns' names
  /// \param source  the input's name: report().source, and the source named
  ///                in errors until start_source() names another
  /// \throws invalid_option if sender or recipients is unnamed
  arrow_message_reader(message_rows_options o, arrow_message_columns c, std::string source)
      : log_(std::make_shared<message_log>()), o_(with_fields(std::move(o), c)), c_(std::move(c)),
        name_(source), rows_(*log_, o_, std::move(source)) {
    if (c_.sender.empty() || c_.recipients.empty())
      throw invalid_option("arrow_message_reader: the sender and recipients columns must be named");
  }

  arrow_message_reader(const arrow_message_reader&) = delete;
  arrow_message_reader& operator=(const arrow_message_reader&) = delete;

  /// The next batches come from another source (the next file of a folder):
  /// errors name it and count its rows from 1. The report keeps the name
  /// given to the constructor.
  /// \throws nothing (it only renames and resets a counter).
  void start_source(std::string source) {
    rows_source_ = std::move(source);
    record_ = 0;
  }

  /// Reads one record batch: a struct array (format `+s`) whose children
  /// are the columns, found by name (extra columns are ignored).
  /// \throws parse_error (record 0) for a missing column; invalid_option for
  ///   a column of a type the file summary does not list, or a batch that is
  ///   not a struct array; parse_error for a bad row under error_policy::strict.
  void add(const ArrowSchema& schema, const ArrowArray& batch) {
    if (finished_) throw invalid_option("arrow_message_reader::add after finish()");
    const std::string_view format = schema.format != nullptr ? schema.format : "";
    if (format != "+s" || schema.n_children != batch.n_children)
      throw invalid_option("arrow_message_reader: a record batch must be a struct array ('+s'), not '" +
                           std::string(format) + "'");
    check_batch(schema, batch);
    const std::int64_t n = batch.length, shift = batch.offset;
    const std::int64_t need = shift + n;  // the slots of each column read (children share the batch's offset)
    message_row r;
    // Text columns.
    const detail::arrow_text sender = text(schema, batch, c_.sender, "sender", need);
    detail::arrow_text role, mid, chan, rcp_text, time_text, weight_text;
    if (!c_.role.empty()) role = text(schema, batch, c_.role, "role", need);
    if (!c_.message_id.empty()) mid = text(schema, batch, c_.message_id, "message_id", need);
    if (!c_.channel.empty()) chan = text(schema, batch, c_.channel, "channel", need);
    r.has_role = !c_.role.empty();
    // Recipients: a list column or a text column.
    const ArrowSchema& rs = schema_of(schema, c_.recipients);
    const ArrowArray& ra = child(schema, batch, c_.recipients);
    const std::string_view rf = rs.format != nullptr ? rs.format : "";
    const bool list = rs.dictionary == nullptr && (rf == "+l" || rf == "+L");
    detail::arrow_text entries;
    if (list) {
      if (rs.n_children != 1 || ra.n_children != 1 || rs.children == nullptr || ra.children == nullptr ||
          rs.children[0] == nullptr || ra.children[0] == nullptr)
        detail::arrow_bad_type(c_.recipients, "recipients", rf, "a list column needs one child");
      entries = detail::arrow_text(*rs.children[0], *ra.children[0], c_.recipients, "recipients");
      // The list's offsets over the rows read, then the entries they span.
      detail::arrow_check_shape(ra, need, 2, rows_source_, c_.recipients, "recipients");
      const std::int64_t last =
          n == 0 ? 0
          : rf == "+l" ? detail::arrow_check_offsets<std::int32_t>(ra.buffers[1], ra.offset + shift, n, rows_source_,
                                                                   c_.recipients, "recipients")
                       : detail::arrow_check_offsets<std::int64_t>(ra.buffers[1], ra.offset + shift, n, rows_source_,
                                                                   c_.recipients, "recipients");
      entries.check(last, rows_source_, c_.recipients, "recipients");
    } else {
      rcp_text = detail::arrow_text(rs, ra, c_.recipients, "recipients");
      rcp_text.check(need, rows_source_, c_.recipients, "recipients");
    }
    // Time: numbers and timestamps, or text.
    detail::arrow_number time_number;
    r.time_is = message_row::time_kind::none;
    if (!c_.timestamp.empty()) {
      const ArrowSchema& ts = schema_of(schema, c_.timestamp);
      const ArrowArray& ta = child(schema, batch, c_.timestamp);
      if (is_text(ts)) {
        time_text = detail::arrow_text(ts, ta, c_.timestamp, "timestamp");
        time_text.check(need, rows_source_, c_.timestamp, "timestamp");
        r.time_is = message_row::time_kind::text;
      } else {
        time_number = detail::arrow_number(ts, ta, c_.timestamp, "timestamp", true);
        time_number.check(need, rows_source_, c_.timestamp, "timestamp");
        r.time_is = time_number.is_time() ? message_row::time_kind::value : message_row::time_kind::unix_number;
      }
    }
    detail::arrow_number weight_number;
    r.weight_is = message_row::weight_kind::none;
    if (!c_.weight.empty()) {
      const ArrowSchema& ws = schema_of(schema, c_.weight);
      const ArrowArray& wa = child(schema, batch, c_.weight);
      if (is_text(ws)) {
        weight_text = detail::arrow_text(ws, wa, c_.weight, "weight");
        weight_text.check(need, rows_source_, c_.weight, "weight");
        r.weight_is = message_row::weight_kind::text;
      } else {
        weight_number = detail::arrow_number(ws, wa, c_.weight, "weight", false);
        weight_number.check(need, rows_source_, c_.weight, "weight");
        r.weight_is = message_row::weight_kind::value;
      }
    }
    const auto* list_offsets32 = list && rf == "+l" ? static_cast<const std::int32_t*>(ra.buffers[1]) : nullptr;
    const auto* list_offsets64 = list && rf == "+L" ? static_cast<const std::int64_t*>(ra.buffers[1]) : nullptr;
    for (std::int64_t k = 0; k < n; ++k) {
      const std::int64_t i = shift + k;  // a child's logical index: the batch's slot
      r.record = ++record_;
      r.sender = sender.at(i);
      if (list) {
        const std::int64_t j = ra.offset + i;
        list_.clear();
        if (detail::arrow_valid(ra, j)) {
          const std::int64_t b = list_offsets32 ? list_offsets32[j] : list_offsets64[j];
          const std::int64_t e = list_offsets32 ? list_offsets32[j + 1] : list_offsets64[j + 1];
          for (std::int64_t x = b; x < e; ++x) list_.push_back(entries.at(x));
        }
        r.list_given = true;
        r.recipient_list = list_;
      } else {
        r.recipients = rcp_text.at(i);
      }
      switch (r.time_is) {
        case message_row::time_kind::text: r.time_text = time_text.at(i); break;
        case message_row::time_kind::value: r.time = time_number.micros(i); break;
        case message_row::time_kind::unix_number: r.unix_time = time_number.number(i); break;
        case message_row::time_kind::none: break;
      }
      if (r.has_role) r.role_text = role.at(i);
      if (!c_.message_id.empty()) r.message_id = mid.at(i);
      if (!c_.channel.empty()) r.channel = chan.at(i);
      if (r.weight_is == message_row::weight_kind::text) r.weight_text = weight_text.at(i);
      else if (r.weight_is == message_row::weight_kind::value) r.weight = weight_number.number(i);
      try {
        rows_.add(r);
      } catch (const parse_error& e) {  // the row stage names the reader's source; errors name the file
        if (rows_source_ == name_) throw;
        throw parse_error(rows_source_, e.line(), e.field(), e.reason(), e.hint());
      }
    }
  }

  /// Whether rows are grouped into messages (by message id, or sender and
  /// time): then messages are complete only after finish(), and the log must
  /// not be handed out before.
  /// \throws nothing.
  [[nodiscard]] bool grouped() const noexcept { return o_.group_by_id || o_.group_by_sender_time; }

  /// The log's messages were handed on (a streaming sink): counts them for
  /// the report and clears them (message_log::clear_messages()).
  /// \throws invalid_option while rows are grouped() and finish() was not called
  void handed_out() {
    if (grouped() && !finished_)
      throw invalid_option("arrow_message_reader::handed_out: grouped messages are complete only after finish()");
    if (!finished_) {
      handed_messages_ += log_->num_messages();
      handed_several_ += log_->messages_with_several_recipients();
    }
    log_->clear_messages();
  }

  /// Writes grouped messages and fills the report (source, messages,
  /// messages with several recipients, including those handed out). Call
  /// once; later calls do nothing.
  /// \throws std::bad_alloc only (grouped messages are written to the log).
  void finish() {
    if (finished_) return;
    rows_.finish();
    detail::close_report(*log_, name_);
    log_->report().messages += handed_messages_;
    log_->report().messages_with_several_recipients += handed_several_;
    finished_ = true;
  }

  /// The log (people, channels, report, and the messages not handed out).
  /// \throws nothing.
  [[nodiscard]] message_log& log() noexcept { return *log_; }
  /// The log, shared (a binding hands it to Python without a copy).
  /// \throws nothing.
  [[nodiscard]] const std::shared_ptr<message_log>& shared_log() const noexcept { return log_; }
  /// Rows read from the current source.
  /// \throws nothing.
  [[nodiscard]] std::uint64_t rows_read() const noexcept { return record_; }

 private:
  static message_rows_options with_fields(message_rows_options o, const arrow_message_columns& c) {
    o.fields.sender = c.sender;
    o.fields.recipients = c.recipients;
    if (!c.timestamp.empty()) o.fields.timestamp = c.timestamp;
    if (!c.role.empty()) o.fields.role = c.role;
    if (!c.message_id.empty()) o.fields.message_id = c.message_id;
    if (!c.weight.empty()) o.fields.weight = c.weight;
    return o;
  }

  /// The batch itself: a sane length and offset, and its columns present
  /// (see detail/arrow_arrays.hpp for the columns' own checks).
  void check_batch(const ArrowSchema& schema, const ArrowArray& batch) const {
    if (batch.length < 0 || batch.offset < 0 || batch.length > std::numeric_limits<std::int64_t>::max() - batch.offset)
      throw parse_error(rows_source_, 0, "", "malformed Arrow array",
                        "the record batch's length " + std::to_string(batch.length) + " and offset " +
                            std::to_string(batch.offset) + " are out of range");
    if (schema.n_children < 0 || (schema.n_children > 0 && (schema.children == nullptr || batch.children == nullptr)))
      throw parse_error(rows_source_, 0, "", "malformed Arrow array", "the record batch's columns are missing");
    for (std::int64_t k = 0; k < schema.n_children; ++k)
      if (schema.children[k] == nullptr || batch.children[k] == nullptr || schema.children[k]->format == nullptr)
        throw parse_error(rows_source_, 0, "", "malformed Arrow array",
                          "column " + std::to_string(k) + " of the record batch is missing");
  }

  static bool is_text(const ArrowSchema& s) {
    const std::string_view f = s.format;
    return s.dictionary != nullptr || f == "u" || f == "U" || f == "vu" || f == "z" || f == "Z" || f == "vz";
  }

  [[nodiscard]] std::int64_t find(const ArrowSchema& schema, const std::string& name) const {
    for (std::int64_t k = 0; k < schema.n_children; ++k)
      if (schema.children[k]->name != nullptr && name == schema.children[k]->name) return k;
    std::string have;
    for (std::int64_t k = 0; k < schema.n_children; ++k)
      have += (k ? ", '" : "'") + std::string(schema.children[k]->name ? schema.children[k]->name : "") + "'";
    throw parse_error(rows_source_, 0, name, "missing column",
                      "no column '" + name + "' (columns: " + have + ")");
  }
  const ArrowSchema& schema_of(const ArrowSchema& schema, const std::string& name) {
    return *schema.children[find(schema, name)];
  }
  const ArrowArray& child(const ArrowSchema& schema, const ArrowArray& batch, const std::string& name) {
    return *batch.children[find(schema, name)];
  }
  detail::arrow_text text(const ArrowSchema& schema, const ArrowArray& batch, const std::string& name,
                          std::string_view keyword, std::int64_t need) {
    const std::int64_t k = find(schema, name);
    detail::arrow_text t(*schema.children[k], *batch.children[k], name, keyword);
    t.check(need, rows_source_, name, keyword);
    return t;
  }

  std::shared_ptr<message_log> log_;
  message_rows_options o_;
  arrow_message_columns c_;
  std::string name_;
  std::string rows_source_ = name_;
  message_rows rows_;
  std::uint64_t record_ = 0;
  std::vector<std::string_view> list_;
  std::uint64_t handed_messages_ = 0;
  std::uint64_t handed_several_ = 0;
  bool finished_ = false;
};

namespace detail {

/// Releases an Arrow C structure on scope exit (when the producer left a release callback).
template <class T>
struct arrow_release_guard {
  T& x;
  explicit arrow_release_guard(T& v) noexcept : x(v) {}
  arrow_release_guard(const arrow_release_guard&) = delete;
  arrow_release_guard& operator=(const arrow_release_guard&) = delete;
  ~arrow_release_guard() {
    if (x.release != nullptr) x.release(&x);
  }
};

[[noreturn]] inline void arrow_stream_failed(ArrowArrayStream& stream, const std::string& source, int code) {
  const char* why = stream.get_last_error != nullptr ? stream.get_last_error(&stream) : nullptr;
  throw io_error(source, "the Arrow stream failed (error " + std::to_string(code) + ")" +
                             (why != nullptr ? std::string(": ") + why : std::string()));
}

}  // namespace detail

/// Reads an Arrow C stream (ArrowArrayStream: pyarrow's RecordBatchReader,
/// DuckDB, Polars, arrow::ExportRecordBatchReader) batch by batch into one
/// log, handing the messages to `sink` whenever the log holds at least
/// `chunk_messages` (and once at the end if any remain; with rows grouped
/// into messages, all at the end: arrow_message_reader::grouped()). After
/// each call the messages are cleared. Concatenated, the chunks are the
/// messages read_arrow_stream() returns (same order, same people ids).
/// The stream is consumed, not released (its owner releases it).
///
/// \param stream          the batches: struct arrays whose children are the columns
/// \param o, c, source    as for arrow_message_reader
/// \param sink            called with the log holding a chunk (valid during the call)
/// \param chunk_messages  at least 1
/// \returns the log without messages (people, channels, report)
/// \throws io_error (naming `source`) when the stream reports an error;
///   invalid_option for chunk_messages 0 or a column type it cannot read;
///   parse_error as arrow_message_reader::add()
/// \par Complexity  O(cells), serial; memory: people + one chunk (+ grouped messages).
[[nodiscard]] inline message_log stream_arrow(ArrowArrayStream& stream, const message_rows_options& o,
                                              const arrow_message_columns& c,
                                              const std::function<void(const message_log&)>& sink,
                                              std::size_t chunk_messages = std::size_t{1} << 20,
                                              std::string source = "<arrow>") {
  if (chunk_messages == 0) throw invalid_option("stream_arrow: chunk_messages must be at least 1");
  arrow_message_reader reader(o, c, source);
  ArrowSchema schema{};
  if (const int rc = stream.get_schema(&stream, &schema); rc != 0) detail::arrow_stream_failed(stream, source, rc);
  const detail::arrow_release_guard<ArrowSchema> schema_guard{schema};
  for (;;) {
    ArrowArray batch{};
    if (const int rc = stream.get_next(&stream, &batch); rc != 0) detail::arrow_stream_failed(stream, source, rc);
    if (batch.release == nullptr) break;  // the end of the stream
    const detail::arrow_release_guard<ArrowArray> batch_guard{batch};
    reader.add(schema, batch);
    if (!reader.grouped() && reader.log().num_messages() >= chunk_messages) {
      sink(reader.log());
      reader.handed_out();
    }
  }
  reader.finish();
  if (reader.log().num_messages() > 0) {
    sink(reader.log());
    reader.handed_out();
  }
  return std::move(reader.log());
}

/// Reads a whole Arrow C stream into one log (stream_arrow() without a sink).
/// \throws as stream_arrow()
[[nodiscard]] inline message_log read_arrow_stream(ArrowArrayStream& stream, const message_rows_options& o,
                                                   const arrow_message_columns& c, std::string source = "<arrow>") {
  arrow_message_reader reader(o, c, source);
  ArrowSchema schema{};
  if (const int rc = stream.get_schema(&stream, &schema); rc != 0) detail::arrow_stream_failed(stream, source, rc);
  const detail::arrow_release_guard<ArrowSchema> schema_guard{schema};
  for (;;) {
    ArrowArray batch{};
    if (const int rc = stream.get_next(&stream, &batch); rc != 0) detail::arrow_stream_failed(stream, source, rc);
    if (batch.release == nullptr) break;
    const detail::arrow_release_guard<ArrowArray> batch_guard{batch};
    reader.add(schema, batch);
  }
  reader.finish();
  return std::move(reader.log());
}

}  // namespace onakit
