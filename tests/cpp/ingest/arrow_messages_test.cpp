// arrow_message_reader: Arrow record batches built by hand (the C data
// interface's layouts) from the real radoslaw export give the log that
// read_email_csv gives the file itself -- every column and the report --
// whatever the batch cuts, slicing offsets, dictionary encoding, list
// recipients and time types; bad rows are named by source and row.

#include <onakit/ingest/arrow_messages.hpp>
#include <onakit/ingest/email_csv.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

// ---- a tiny Arrow builder: arrays that own their buffers --------------------
struct owned_array {
  ArrowArray array{};
  ArrowSchema schema{};
  std::string format;
  std::string name;
  std::vector<std::int32_t> offsets;
  std::vector<std::int64_t> values;
  std::vector<std::int32_t> indices;
  std::vector<std::uint8_t> validity;
  std::string data;
  std::vector<const void*> buffers;
  std::unique_ptr<owned_array> dictionary;
  std::unique_ptr<owned_array> child;
  ArrowArray* child_array = nullptr;
  ArrowSchema* child_schema = nullptr;

  void finish(std::int64_t length) {
    array.length = length;
    array.null_count = validity.empty() ? 0 : -1;
    array.n_buffers = static_cast<std::int64_t>(buffers.size());
    array.buffers = buffers.data();
    schema.format = format.c_str();
    schema.name = name.c_str();
    if (dictionary) {
      array.dictionary = &dictionary->array;
      schema.dictionary = &dictionary->schema;
    }
    if (child) {
      child_array = &child->array;
      child_schema = &child->schema;
      array.n_children = 1;
      array.children = &child_array;
      schema.n_children = 1;
      schema.children = &child_schema;
    }
  }
};

std::unique_ptr<owned_array> utf8(const std::vector<std::string>& cells, std::string name, bool nulls_for_empty = false) {
  auto a = std::make_unique<owned_array>();
  a->format = "u";
  a->name = std::move(name);
  a->offsets.push_back(0);
  if (nulls_for_empty) a->validity.assign((cells.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    a->data += cells[i];
    a->offsets.push_back(static_cast<std::int32_t>(a->data.size()));
    if (nulls_for_empty && !cells[i].empty()) a->validity[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
  }
  a->buffers = {a->validity.empty() ? nullptr : a->validity.data(), a->offsets.data(), a->data.data()};
  a->finish(static_cast<std::int64_t>(cells.size()));
  return a;
}

std::unique_ptr<owned_array> dictionary(const std::vector<std::string>& cells, std::string name) {
  std::map<std::string, std::int32_t> codes;
  std::vector<std::string> values;
  auto a = std::make_unique<owned_array>();
  for (const auto& c : cells) {
    auto [it, fresh] = codes.emplace(c, static_cast<std::int32_t>(values.size()));
    if (fresh) values.push_back(c);
    a->indices.push_back(it->second);
  }
  a->format = "i";
  a->name = std::move(name);
  a->dictionary = utf8(values, "");
  a->buffers = {nullptr, a->indices.data()};
  a->finish(static_cast<std::int64_t>(cells.size()));
  return a;
}

std::unique_ptr<owned_array> timestamps(const std::vector<std::int64_t>& v, std::string format, std::string name) {
  auto a = std::make_unique<owned_array>();
  a->format = std::move(format);
  a->name = std::move(name);
  a->values = v;
  a->buffers = {nullptr, a->values.data()};
  a->finish(static_cast<std::int64_t>(v.size()));
  return a;
}

/// A list<utf8> column: one single-entry list per cell.
std::unique_ptr<owned_array> singleton_lists(const std::vector<std::string>& cells, std::string name) {
  auto a = std::make_unique<owned_array>();
  a->format = "+l";
  a->name = std::move(name);
  for (std::size_t i = 0; i <= cells.size(); ++i) a->offsets.push_back(static_cast<std::int32_t>(i));
  a->child = utf8(cells, "item");
  a->buffers = {nullptr, a->offsets.data()};
  a->finish(static_cast<std::int64_t>(cells.size()));
  return a;
}

/// A struct batch over `columns`, showing rows [offset, offset + length) of them.
struct owned_batch {
  std::vector<std::unique_ptr<owned_array>> columns;
  std::vector<ArrowArray*> arrays;
  std::vector<ArrowSchema*> schemas;
  const void* no_validity = nullptr;
  ArrowArray array{};
  ArrowSchema schema{};

  void finish(std::int64_t offset, std::int64_t length) {
    arrays.clear();
    schemas.clear();
    for (auto& c : columns) {
      arrays.push_back(&c->array);
      schemas.push_back(&c->schema);
    }
    array.length = length;
    array.offset = offset;
    array.n_buffers = 1;
    array.buffers = &no_validity;
    array.n_children = static_cast<std::int64_t>(columns.size());
    array.children = arrays.data();
    schema.format = "+s";
    schema.name = "";
    schema.n_children = array.n_children;
    schema.children = schemas.data();
  }
};

struct radoslaw_cells {
  std::vector<std::string> sender, recipient, time;
};

radoslaw_cells read_radoslaw() {
  std::ifstream in(onakit::testing::data_file("radoslaw_email/communication.csv"));
  radoslaw_cells c;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto a = line.find(';'), b = line.find(';', a + 1);
    c.sender.push_back(line.substr(0, a));
    c.recipient.push_back(line.substr(a + 1, b - a - 1));
    c.time.push_back(line.substr(b + 1));
  }
  return c;
}

onakit::message_log from_csv(onakit::row_grouping g = onakit::row_grouping::automatic) {
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  o.recipient_sep = '\0';
  o.group_rows_by = g;
  o.threads = 1;
  return onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), o);
}

onakit::arrow_message_columns radoslaw_columns() {
  onakit::arrow_message_columns c;
  c.sender = "Sender";
  c.recipients = "Recipient";
  c.timestamp = "EventDate";
  return c;
}

void expect_same(const onakit::message_log& a, const onakit::message_log& b) {
  ASSERT_EQ(a.num_messages(), b.num_messages());
  EXPECT_EQ(a.people().size(), b.people().size());
  for (std::size_t i = 0; i < std::min(a.people().size(), b.people().size()); ++i)
    ASSERT_EQ(a.people()[i], b.people()[i]);
  EXPECT_TRUE(std::ranges::equal(a.sender_column(), b.sender_column()));
  EXPECT_TRUE(std::ranges::equal(a.time_column(), b.time_column()));
  EXPECT_TRUE(std::ranges::equal(a.offsets(), b.offsets()));
  EXPECT_TRUE(std::ranges::equal(a.recipient_column(), b.recipient_column()));
  EXPECT_TRUE(std::ranges::equal(a.role_column(), b.role_column()));
  EXPECT_EQ(a.report().records_read, b.report().records_read);
  EXPECT_EQ(a.report().records_kept, b.report().records_kept);
  EXPECT_EQ(a.report().messages, b.report().messages);
  EXPECT_EQ(a.report().messages_with_several_recipients, b.report().messages_with_several_recipients);
  EXPECT_EQ(a.report().skipped, b.report().skipped);
  EXPECT_EQ(a.report().dropped, b.report().dropped);
}

/// Reads `batch` in slices of `step` rows (struct offsets), as a Parquet file's row groups.
void read_in_slices(onakit::arrow_message_reader& r, owned_batch& batch, std::int64_t rows, std::int64_t step) {
  for (std::int64_t at = 0; at < rows; at += step) {
    batch.finish(at, std::min(step, rows - at));
    r.add(batch.schema, batch.array);
  }
}

}  // namespace

TEST(ArrowMessages, RadoslawTextBatchesEqualTheCsvReader) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const radoslaw_cells c = read_radoslaw();
  const auto rows = static_cast<std::int64_t>(c.sender.size());
  ASSERT_EQ(rows, 82'927);
  for (const auto g : {onakit::row_grouping::automatic, onakit::row_grouping::sender_time}) {
    owned_batch b;
    b.columns.push_back(utf8(c.time, "EventDate"));
    b.columns.push_back(dictionary(c.sender, "Sender"));  // dictionary-encoded
    b.columns.push_back(utf8(c.recipient, "Recipient"));
    onakit::message_rows_options o;
    o.recipient_sep = '\0';
    onakit::resolve_row_grouping(o, g, false, true);
    onakit::arrow_message_reader r(o, radoslaw_columns(), "radoslaw.parquet");
    read_in_slices(r, b, rows, 9'999);
    r.finish();
    expect_same(r.log(), from_csv(g));
    EXPECT_EQ(r.log().report().source, "radoslaw.parquet");
  }
}

TEST(ArrowMessages, TimestampsListsAndStreamingEqualTheCsvReader) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const radoslaw_cells c = read_radoslaw();
  const auto rows = static_cast<std::int64_t>(c.sender.size());
  const onakit::message_log want = from_csv();
  // Seconds since 1970 from the CSV reader's own times: timestamp[s, UTC].
  std::vector<std::int64_t> seconds;
  for (const auto t : want.time_column()) seconds.push_back(t / 1'000'000);
  owned_batch b;
  b.columns.push_back(singleton_lists(c.recipient, "Recipient"));
  b.columns.push_back(timestamps(seconds, "tss:UTC", "EventDate"));
  b.columns.push_back(utf8(c.sender, "Sender"));
  onakit::message_rows_options o;
  onakit::arrow_message_reader r(o, radoslaw_columns(), "radoslaw.parquet");
  // Streaming: hand out every 5,000 rows, keep the chunks, concatenate.
  std::vector<onakit::vertex_id> senders, recipients;
  std::vector<onakit::timestamp_t> times;
  for (std::int64_t at = 0; at < rows; at += 5'000) {
    b.finish(at, std::min<std::int64_t>(5'000, rows - at));
    r.add(b.schema, b.array);
    ASSERT_FALSE(r.grouped());
    const auto& log = r.log();
    senders.insert(senders.end(), log.sender_column().begin(), log.sender_column().end());
    times.insert(times.end(), log.time_column().begin(), log.time_column().end());
    recipients.insert(recipients.end(), log.recipient_column().begin(), log.recipient_column().end());
    r.handed_out();
    EXPECT_EQ(r.log().num_messages(), 0u);
  }
  r.finish();
  EXPECT_TRUE(std::ranges::equal(senders, want.sender_column()));
  EXPECT_TRUE(std::ranges::equal(times, want.time_column()));
  EXPECT_TRUE(std::ranges::equal(recipients, want.recipient_column()));
  EXPECT_EQ(r.log().report().messages, want.report().messages);
  EXPECT_EQ(r.log().report().records_kept, want.report().records_kept);
  EXPECT_EQ(r.log().people().size(), want.people().size());
}

TEST(ArrowMessages, BadRowsAreNamedBySourceAndRowAcrossBatches) {
  std::vector<std::string> s = {"ann", "bob", "", "cy", "dee"}, t = {"2024-01-01", "2024-01-02", "2024-01-03",
                                                                     "yesterday", "2024-01-05"};
  std::vector<std::string> rc = {"bob", "ann", "ann", "ann", "ann"};
  owned_batch b;
  b.columns.push_back(utf8(s, "from", /*nulls_for_empty=*/true));  // the empty sender is a null
  b.columns.push_back(utf8(rc, "to"));
  b.columns.push_back(utf8(t, "when"));
  onakit::arrow_message_columns cols;
  cols.sender = "from";
  cols.recipients = "to";
  cols.timestamp = "when";
  {
    onakit::arrow_message_reader r({}, cols, "folder");
    r.start_source("folder/part-1.parquet");
    b.finish(0, 2);
    r.add(b.schema, b.array);
    try {
      b.finish(2, 3);
      r.add(b.schema, b.array);
      FAIL() << "no error";
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.file(), "folder/part-1.parquet");
      EXPECT_EQ(e.line(), 3u);
      EXPECT_EQ(e.field(), "from");
      EXPECT_EQ(e.reason(), "empty sender");
    }
  }
  onakit::message_rows_options lenient;
  lenient.errors = onakit::error_policy::skip;
  onakit::arrow_message_reader r(lenient, cols, "t.parquet");
  read_in_slices(r, b, 5, 2);
  r.finish();
  EXPECT_EQ(r.log().num_messages(), 3u);
  EXPECT_EQ(r.log().report().skipped.at("empty sender"), 1u);
  EXPECT_EQ(r.log().report().skipped.at("bad timestamp"), 1u);
  EXPECT_TRUE(r.log().report().balanced());
  cols.channel = "chan";
  onakit::arrow_message_reader missing({}, cols, "t.parquet");
  b.finish(0, 5);
  EXPECT_THROW(missing.add(b.schema, b.array), onakit::parse_error);
}

namespace {

/// An ArrowArrayStream over slices of one hand-built batch; `fail_at` >= 0
/// makes get_next fail at that slice (a producer's error).
struct slice_stream {
  owned_batch* batch;
  std::int64_t rows, step, at = 0, fail_at = -1, calls = 0;
};

ArrowArrayStream make_stream(slice_stream& s) {
  ArrowArrayStream out{};
  out.private_data = &s;
  out.get_schema = [](ArrowArrayStream* self, ArrowSchema* schema) {
    auto& st = *static_cast<slice_stream*>(self->private_data);
    st.batch->finish(0, 0);
    *schema = st.batch->schema;
    schema->release = [](ArrowSchema* x) { x->release = nullptr; };
    return 0;
  };
  out.get_next = [](ArrowArrayStream* self, ArrowArray* array) {
    auto& st = *static_cast<slice_stream*>(self->private_data);
    if (st.calls++ == st.fail_at) return 5;  // EIO
    if (st.at >= st.rows) {
      array->release = nullptr;  // the end
      return 0;
    }
    st.batch->finish(st.at, std::min(st.step, st.rows - st.at));
    st.at += st.step;
    *array = st.batch->array;
    array->release = [](ArrowArray* x) { x->release = nullptr; };
    return 0;
  };
  out.get_last_error = [](ArrowArrayStream*) -> const char* { return "disk went away"; };
  out.release = [](ArrowArrayStream* self) { self->release = nullptr; };
  return out;
}

}  // namespace

TEST(ArrowMessages, StreamArrowChunksConcatenateToReadArrowStream) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const radoslaw_cells c = read_radoslaw();
  const auto rows = static_cast<std::int64_t>(c.sender.size());
  owned_batch b;
  b.columns.push_back(utf8(c.sender, "Sender"));
  b.columns.push_back(dictionary(c.recipient, "Recipient"));
  b.columns.push_back(utf8(c.time, "EventDate"));
  onakit::message_rows_options o;
  o.recipient_sep = '\0';
  const onakit::message_log want = from_csv();
  slice_stream whole_state{&b, rows, 8'192};
  ArrowArrayStream whole = make_stream(whole_state);
  expect_same(onakit::read_arrow_stream(whole, o, radoslaw_columns()), want);
  slice_stream st{&b, rows, 3'000};
  ArrowArrayStream stream = make_stream(st);
  std::vector<onakit::vertex_id> senders, recipients;
  std::size_t chunks = 0;
  const onakit::message_log rest = onakit::stream_arrow(
      stream, o, radoslaw_columns(),
      [&](const onakit::message_log& chunk) {
        ++chunks;
        EXPECT_GE(chunk.num_messages(), 10'000u);  // every chunk here, the last one included (10,927)
        senders.insert(senders.end(), chunk.sender_column().begin(), chunk.sender_column().end());
        recipients.insert(recipients.end(), chunk.recipient_column().begin(), chunk.recipient_column().end());
      },
      10'000, "radoslaw.arrow");
  EXPECT_EQ(chunks, 7u);  // slices of 3,000 rows: handed at 12,000, 24,000, ..., 72,000 rows, then 82,927
  EXPECT_EQ(rest.num_messages(), 0u);
  EXPECT_EQ(rest.report().messages, want.report().messages);
  EXPECT_TRUE(std::ranges::equal(senders, want.sender_column()));
  EXPECT_TRUE(std::ranges::equal(recipients, want.recipient_column()));
  slice_stream bad{&b, rows, 3'000};
  bad.fail_at = 2;
  ArrowArrayStream failing = make_stream(bad);
  try {
    (void)onakit::read_arrow_stream(failing, o, radoslaw_columns(), "radoslaw.arrow");
    FAIL() << "no error";
  } catch (const onakit::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("radoslaw.arrow: the Arrow stream failed (error 5): disk went away"),
              std::string::npos)
        << e.what();
  }
}

namespace {

/// What reading a one-batch table whose columns were corrupted by `spoil` says.
template <class Spoil>
std::string malformed_reason(Spoil&& spoil, std::string* field = nullptr) {
  owned_batch b;
  b.columns.push_back(utf8({"ann", "bob", "cy"}, "sender"));
  b.columns.push_back(singleton_lists({"bob", "cy", "ann"}, "recipients"));
  b.columns.push_back(dictionary({"x", "y", "x"}, "channel"));
  spoil(b);
  b.finish(0, 3);
  onakit::arrow_message_columns cols;
  cols.timestamp = "";
  cols.channel = "channel";
  for (const auto policy : {onakit::error_policy::strict, onakit::error_policy::skip}) {
    onakit::message_rows_options o;
    o.errors = policy;  // a malformed array is the producer's bug, not a bad row: an error in either mode
    onakit::arrow_message_reader r(o, cols, "t.arrow");
    try {
      r.add(b.schema, b.array);
      if (policy == onakit::error_policy::skip) return "read";
    } catch (const onakit::parse_error& e) {
      if (policy == onakit::error_policy::skip) {
        if (field != nullptr) *field = e.field();
        return e.reason() + ": " + e.hint();
      }
    }
  }
  return "?";
}

}  // namespace

// Fuzz findings (fuzz/targets/arrow.cpp, fuzz/corpus/arrow): the reader
// trusted every offset, length and index a producer handed it, so a
// malformed array read out of bounds (ASan: heap-buffer-overflow). Each rule
// of the C data interface a consumer can check now gives a parse_error
// "malformed Arrow array" naming the column, and a well-formed batch still reads.
TEST(ArrowMessages, FuzzFindingMalformedArraysAreErrorsNotOutOfBoundsReads) {
  EXPECT_EQ(malformed_reason([](owned_batch&) {}), "read");
  std::string field;
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->offsets = {0, 3, 1, 3}; }, &field)
                .find("malformed Arrow array: offsets decrease"),
            std::string::npos);
  EXPECT_EQ(field, "sender");
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->offsets[0] = -2; }).find("a negative offset"),
            std::string::npos);
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->array.length = 2; }, &field)
                .find("the array has 2 slots but 3 are read"),
            std::string::npos);
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->array.offset = -1; }).find("out of range"),
            std::string::npos);
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->buffers[1] = nullptr; }).find("is missing"),
            std::string::npos);
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[0]->array.n_buffers = 2; }).find("buffers where"),
            std::string::npos);
  // A list whose offsets reach past its entries, or decrease.
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[1]->offsets = {0, 1, 2, 7}; }, &field)
                .find("the array has 3 slots but 7 are read"),
            std::string::npos);
  EXPECT_EQ(field, "recipients");
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[1]->offsets = {0, 2, 1, 3}; }).find("offsets decrease"),
            std::string::npos);
  // A dictionary index outside the dictionary (two values).
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[2]->indices[1] = 2; }, &field)
                .find("dictionary index 2 at slot 1 is outside the dictionary (2 values)"),
            std::string::npos);
  EXPECT_EQ(field, "channel");
  EXPECT_NE(malformed_reason([](owned_batch& b) { b.columns[2]->indices[0] = -1; }).find("dictionary index -1"),
            std::string::npos);
}

// The same for string views: the C data interface gives the sizes of the
// variadic data buffers, so a view reaching past them (or a negative length,
// a buffer index out of range) is caught.
TEST(ArrowMessages, FuzzFindingMalformedStringViewsAreErrors) {
  struct view_column {
    std::vector<std::uint8_t> views = std::vector<std::uint8_t>(16 * 2, 0);
    std::string data = "ann@example.org and bob@example.org";
    std::int64_t sizes[1] = {35};
    std::vector<const void*> buffers;
    std::string format = "vu", name = "sender";
  };
  const auto set_view = [](view_column& v, int slot, std::int32_t len, std::int32_t buf, std::int32_t off) {
    std::memcpy(v.views.data() + 16 * slot, &len, 4);
    std::memcpy(v.views.data() + 16 * slot + 8, &buf, 4);
    std::memcpy(v.views.data() + 16 * slot + 12, &off, 4);
  };
  const auto read = [&](std::int32_t len, std::int32_t buf, std::int32_t off) -> std::string {
    view_column v;
    set_view(v, 0, len, buf, off);
    set_view(v, 1, 2, 0, 0);
    std::memcpy(v.views.data() + 16 + 4, "cy", 2);
    v.buffers = {nullptr, v.views.data(), v.data.data(), v.sizes};
    owned_batch b;
    b.columns.push_back(utf8({"bob", "ann"}, "recipients"));
    b.finish(0, 2);
    ArrowArray a{};
    a.length = 2;
    a.n_buffers = 4;
    a.buffers = v.buffers.data();
    ArrowSchema s{};
    s.format = v.format.c_str();
    s.name = v.name.c_str();
    ArrowArray* arrays[2] = {&a, b.arrays[0]};
    ArrowSchema* schemas[2] = {&s, b.schemas[0]};
    b.array.n_children = b.schema.n_children = 2;
    b.array.children = arrays;
    b.schema.children = schemas;
    onakit::arrow_message_columns cols;
    cols.timestamp = "";
    onakit::arrow_message_reader r({}, cols, "t.arrow");
    try {
      r.add(b.schema, b.array);
      r.finish();
      return std::string(r.log().people()[0]);
    } catch (const onakit::parse_error& e) {
      return e.reason();
    }
  };
  EXPECT_EQ(read(15, 0, 0), "ann@example.org");  // well formed: 15 bytes of buffer 0
  EXPECT_EQ(read(15, 0, 21), "malformed Arrow array");  // 21 + 15 > 35
  EXPECT_EQ(read(15, 1, 0), "malformed Arrow array");   // no buffer 1
  EXPECT_EQ(read(-4, 0, 0), "malformed Arrow array");   // a negative length
  EXPECT_EQ(read(15, 0, -1), "malformed Arrow array");
}
