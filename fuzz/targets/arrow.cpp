// Arrow input (arrow_messages.hpp): record batches built from the fuzz bytes
// through the Arrow C data interface, as a buggy producer could hand them:
// any of the text, list, number and time types the reader takes, offsets,
// lengths, null bitmaps, views, dictionaries and list offsets taken from the
// bytes (well formed or not), one to three batches, read with
// arrow_message_reader and with read_arrow_stream.
//
// The producer model: every buffer is allocated with exactly the size the
// Arrow specification gives it from the fields a consumer can see (length,
// offset, the last offset, a view's variadic buffer sizes), so ASan reports
// any read outside what the array declares. What the reader must catch is
// everything else: negative or decreasing offsets, children shorter than the
// batch, dictionary indices out of range, view lengths and buffer indices
// out of range, missing buffers. A malformed array is an onakit::error.
#include "../fuzz.hpp"

#include <onakit/ingest/arrow_messages.hpp>

#include <deque>
#include <memory>
#include <vector>

namespace {

using onakit_fuzz::bytes;

/// Owns everything the batches point to.
struct producer {
  std::deque<std::unique_ptr<std::uint8_t[]>> blocks;
  std::deque<std::string> strings;
  std::deque<std::vector<const void*>> buffer_lists;
  std::deque<std::vector<ArrowArray*>> array_lists;
  std::deque<std::vector<ArrowSchema*>> schema_lists;
  std::deque<ArrowArray> arrays;
  std::deque<ArrowSchema> schemas;

  /// A block of exactly `n` bytes (n may be 0), filled from the input.
  std::uint8_t* block(std::size_t n, bytes& in) {
    blocks.push_back(std::make_unique<std::uint8_t[]>(n));
    std::uint8_t* p = blocks.back().get();
    const std::string_view s = in.take(n);
    std::memcpy(p, s.data(), s.size());
    return p;
  }
  template <class T>
  T* typed(std::size_t count, bytes& in) {
    return reinterpret_cast<T*>(block(count * sizeof(T), in));
  }
  const char* str(std::string s) {
    strings.push_back(std::move(s));
    return strings.back().c_str();
  }
  ArrowSchema& schema(std::string format, std::string name = {}) {
    schemas.push_back(ArrowSchema{});
    ArrowSchema& s = schemas.back();
    s.format = str(std::move(format));
    s.name = str(std::move(name));
    s.flags = ARROW_FLAG_NULLABLE;
    return s;
  }
  ArrowArray& array(std::int64_t length, std::int64_t offset, std::vector<const void*> buffers) {
    buffer_lists.push_back(std::move(buffers));
    arrays.push_back(ArrowArray{});
    ArrowArray& a = arrays.back();
    a.length = length;
    a.offset = offset;
    a.n_buffers = static_cast<std::int64_t>(buffer_lists.back().size());
    a.buffers = buffer_lists.back().data();
    return a;
  }
};

// The bytes read as 0 once the input runs out: 0 always picks a well-formed choice.

/// Slots, validity bitmap and null count of an array that must have `need` logical slots.
struct shape {
  std::int64_t length, offset, slots;
};

shape pick_shape(bytes& in, std::int64_t need) {
  shape s{need, 0, 0};
  const std::uint8_t b = in.byte();
  if ((b & 7) == 7) s.length = need - 1 - (b >> 3) % 3;  // too short for the batch
  if ((b & 24) == 8) s.offset = 1 + (b >> 5);           // a sliced array
  if (b == 0xFF) s.offset = -1;                          // a negative offset
  if (s.length < 0 && (b & 32)) s.length = 0;
  s.slots = std::max<std::int64_t>(s.offset + s.length, 0);
  return s;
}

/// A validity bitmap (or none) and its null count.
void set_validity(producer& p, bytes& in, ArrowArray& a, const shape& sh) {
  const std::uint8_t b = in.byte();
  if (b & 1) {
    const auto n = static_cast<std::size_t>((sh.slots + 7) / 8);
    a.buffers[0] = p.block(n, in);
    a.null_count = (b & 2) ? -1 : (b >> 2);
  } else {
    a.buffers[0] = nullptr;
    a.null_count = (b & 2) ? 0 : (b >> 2);  // a null count without a bitmap
  }
}

/// Offsets for `slots` slots (slots + 1 values): well formed from short
/// lengths, or raw values (possibly negative or decreasing). Returns the last.
template <class T>
T* make_offsets(producer& p, bytes& in, std::int64_t slots, std::int64_t& last) {
  T* off = p.typed<T>(static_cast<std::size_t>(slots + 1), in);
  const std::uint8_t mode = in.byte();
  if (mode % 4 != 3) {  // well formed
    T at = static_cast<T>(mode % 8 == 1 ? in.byte() % 4 : 0);
    for (std::int64_t k = 0; k <= slots; ++k) {
      off[k] = at;
      at = static_cast<T>(at + in.byte() % 24);
    }
  } else {  // raw, kept small so the data buffer stays small
    for (std::int64_t k = 0; k <= slots; ++k) off[k] = static_cast<T>(static_cast<std::int64_t>(off[k]) % 2048);
  }
  last = std::max<std::int64_t>(0, static_cast<std::int64_t>(off[slots]));
  return off;
}

ArrowArray& text_array(producer& p, bytes& in, ArrowSchema& s, std::int64_t need, int depth = 0);

/// Plain text types: utf8 / binary (32-bit offsets), large (64-bit), views.
ArrowArray& plain_text(producer& p, bytes& in, ArrowSchema& s, std::int64_t need, std::uint8_t kind) {
  const shape sh = pick_shape(in, need);
  switch (kind) {
    case 0:
    case 1: {
      s.format = p.str(kind == 0 ? (in.flag() ? "u" : "z") : (in.flag() ? "U" : "Z"));
      ArrowArray& a = p.array(sh.length, sh.offset, {nullptr, nullptr, nullptr});
      set_validity(p, in, a, sh);
      std::int64_t last = 0;
      a.buffers[1] = kind == 0 ? static_cast<const void*>(make_offsets<std::int32_t>(p, in, sh.slots, last))
                               : static_cast<const void*>(make_offsets<std::int64_t>(p, in, sh.slots, last));
      a.buffers[2] = p.block(static_cast<std::size_t>(last), in);
      if (in.byte() == 0xFE) a.buffers[2] = nullptr;  // a missing data buffer
      return a;
    }
    default: {  // string view: validity, views, variadic data buffers, their int64 sizes
      s.format = p.str(in.flag() ? "vu" : "vz");
      const std::size_t nvar = in.pick(3);
      std::vector<const void*> bufs(3 + nvar, nullptr);
      ArrowArray& a = p.array(sh.length, sh.offset, bufs);
      a.n_buffers = static_cast<std::int64_t>(2 + nvar + 1);
      set_validity(p, in, a, sh);
      auto* sizes = p.typed<std::int64_t>(nvar, in);
      for (std::size_t k = 0; k < nvar; ++k) {
        sizes[k] = in.byte() % 64;
        a.buffers[2 + k] = p.block(static_cast<std::size_t>(sizes[k]), in);
      }
      a.buffers[2 + nvar] = sizes;
      auto* views = p.block(static_cast<std::size_t>(16 * sh.slots), in);
      const bool tidy = in.flag();
      for (std::int64_t k = 0; k < sh.slots && tidy; ++k) {  // well formed views
        std::uint8_t* v = views + 16 * k;
        std::int32_t len = in.byte() % 20;
        if (len > 12 && nvar == 0) len = 12;
        std::memcpy(v, &len, 4);
        if (len > 12) {
          const auto buf = static_cast<std::int32_t>(in.pick(nvar));
          const std::int32_t room = static_cast<std::int32_t>(sizes[buf]) - len;
          const std::int32_t off = room > 0 ? static_cast<std::int32_t>(in.byte()) % (room + 1) : 0;
          if (room < 0) {
            len = static_cast<std::int32_t>(sizes[buf]);
            std::memcpy(v, &len, 4);
            if (len <= 12) continue;
          }
          std::memcpy(v + 8, &buf, 4);
          std::memcpy(v + 12, &off, 4);
        }
      }
      a.buffers[1] = views;
      return a;
    }
  }
}

ArrowArray& text_array(producer& p, bytes& in, ArrowSchema& s, std::int64_t need, int depth) {
  const std::uint8_t kind = in.byte() % 8;
  if (kind == 6) {  // the null type
    s.format = p.str("n");
    const shape sh = pick_shape(in, need);
    ArrowArray& a = p.array(sh.length, sh.offset, {});
    a.null_count = sh.length;
    return a;
  }
  if (kind == 7 && depth == 0) {  // a dictionary: integer indices into text values
    static constexpr char index_formats[] = "cCsSiIlL";
    static constexpr std::size_t widths[] = {1, 1, 2, 2, 4, 4, 8, 8};
    const std::size_t f = in.pick(8);
    s.format = p.str(std::string(1, index_formats[f]));
    const shape sh = pick_shape(in, need);
    ArrowArray& a = p.array(sh.length, sh.offset, {nullptr, nullptr});
    set_validity(p, in, a, sh);
    const std::int64_t dict_length = in.byte() % 8;
    auto* idx = p.block(static_cast<std::size_t>(sh.slots) * widths[f], in);
    if (!in.flag())  // in range
      for (std::int64_t k = 0; k < sh.slots; ++k)
        idx[static_cast<std::size_t>(k) * widths[f]] =
            static_cast<std::uint8_t>(dict_length > 0 ? idx[static_cast<std::size_t>(k) * widths[f]] % dict_length : 0),
        std::memset(idx + static_cast<std::size_t>(k) * widths[f] + 1, 0, widths[f] - 1);
    a.buffers[1] = idx;
    ArrowSchema& ds = p.schema("u");
    s.dictionary = &ds;
    if (in.byte() != 0xFD) a.dictionary = &text_array(p, in, ds, dict_length, depth + 1);
    return a;
  }
  return plain_text(p, in, s, need, static_cast<std::uint8_t>(kind % 3));
}

/// Recipients as a list (32- or 64-bit offsets) of text entries.
ArrowArray& list_array(producer& p, bytes& in, ArrowSchema& s, std::int64_t need) {
  const bool large = in.flag();
  s.format = p.str(large ? "+L" : "+l");
  const shape sh = pick_shape(in, need);
  ArrowArray& a = p.array(sh.length, sh.offset, {nullptr, nullptr});
  set_validity(p, in, a, sh);
  std::int64_t last = 0;
  a.buffers[1] = large ? static_cast<const void*>(make_offsets<std::int64_t>(p, in, sh.slots, last))
                       : static_cast<const void*>(make_offsets<std::int32_t>(p, in, sh.slots, last));
  ArrowSchema& cs = p.schema("u", "item");
  p.schema_lists.push_back({&cs});
  s.children = p.schema_lists.back().data();
  s.n_children = 1;
  ArrowArray& child = text_array(p, in, cs, last);
  p.array_lists.push_back({&child});
  a.children = p.array_lists.back().data();
  a.n_children = in.byte() == 0xFC ? 0 : 1;
  return a;
}

/// Numbers, timestamps and dates.
ArrowArray& number_array(producer& p, bytes& in, ArrowSchema& s, std::int64_t need, bool times) {
  static constexpr const char* formats[] = {"c", "C", "s", "S", "i", "I", "l", "L", "f", "g",
                                            "tss:", "tsm:UTC", "tsu:", "tsn:Europe/Paris", "tdD", "tdm"};
  static constexpr std::size_t widths[] = {1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 8, 8, 8, 4, 8};
  const std::size_t f = in.pick(times ? 16 : 10);
  s.format = p.str(formats[f]);
  const shape sh = pick_shape(in, need);
  ArrowArray& a = p.array(sh.length, sh.offset, {nullptr, nullptr});
  set_validity(p, in, a, sh);
  a.buffers[1] = p.block(static_cast<std::size_t>(sh.slots) * widths[f], in);
  if (in.byte() == 0xFB) a.buffers[1] = nullptr;
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  const std::uint8_t f = opt.byte();
  const std::uint8_t g = opt.byte();
  onakit::message_rows_options o;
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  static constexpr char rseps[] = {';', ',', '\0', ' '};
  o.recipient_sep = rseps[(f >> 1) & 3];
  onakit::arrow_message_columns c;
  c.timestamp = (f & 8) ? "timestamp" : "";
  if (f & 16) c.role = "role";
  if (f & 32) c.message_id = "id";
  if (f & 64) c.channel = "channel";
  if (f & 128) c.weight = "weight";
  onakit::resolve_row_grouping(o, (g & 1) && !c.timestamp.empty() && c.message_id.empty()
                                      ? onakit::row_grouping::sender_time : onakit::row_grouping::automatic,
                               !c.message_id.empty(), !c.timestamp.empty());
  const std::size_t batches = 1 + g / 2 % 3;

  producer p;
  std::vector<std::pair<ArrowSchema*, ArrowArray*>> made;
  for (std::size_t b = 0; b < batches && in.size() > 0; ++b) {
    // The batch: a struct array over the columns, in an order and with names from the bytes.
    const std::int64_t rows = in.byte() % 12;
    const std::int64_t shift = in.pick(8) == 0 ? 1 + in.pick(3) : 0;
    const std::int64_t need = rows + shift;
    std::vector<ArrowSchema*> cs;
    std::vector<ArrowArray*> ca;
    const auto add = [&](const std::string& name, int type) {
      if (name.empty() || in.pick(32) == 31) return;  // a missing column now and then
      ArrowSchema& s = p.schema("u", name);
      ArrowArray* a = nullptr;
      switch (type) {
        case 0: a = &text_array(p, in, s, need); break;
        case 1: a = in.flag() ? &list_array(p, in, s, need) : &text_array(p, in, s, need); break;
        case 2: a = in.flag() ? &number_array(p, in, s, need, true) : &text_array(p, in, s, need); break;
        default: a = in.flag() ? &number_array(p, in, s, need, false) : &text_array(p, in, s, need); break;
      }
      cs.push_back(&s);
      ca.push_back(a);
    };
    add(c.sender, 0);
    add(c.recipients, 1);
    add(c.timestamp, 2);
    add(c.role, 0);
    add(c.message_id, 0);
    add(c.channel, 0);
    add(c.weight, 3);
    if (in.pick(4) == 0 && cs.size() > 1) {  // another column order
      std::swap(cs.front(), cs.back());
      std::swap(ca.front(), ca.back());
    }
    ArrowSchema& ss = p.schema(in.pick(64) == 63 ? "+l" : "+s");
    p.schema_lists.push_back(cs);
    ss.children = p.schema_lists.back().data();
    ss.n_children = static_cast<std::int64_t>(cs.size());
    ArrowArray& sa = p.array(rows, shift, {nullptr});
    sa.null_count = 0;
    p.array_lists.push_back(ca);
    sa.children = p.array_lists.back().data();
    sa.n_children = static_cast<std::int64_t>(ca.size());
    made.emplace_back(&ss, &sa);
  }

  // The batch reader, row by row into one log.
  guarded([&] {
    onakit::arrow_message_reader reader(o, c, "<fuzz>");
    for (const auto& [s, a] : made) reader.add(*s, *a);
    reader.finish();
    check_log(reader.log());
  });
  // The first batch as an Arrow C stream (a stream has one schema for all its batches).
  if (!made.empty()) {
    struct state {
      std::vector<std::pair<ArrowSchema*, ArrowArray*>>* batches;
      std::size_t next = 0;
    } st{&made};
    ArrowArrayStream stream{};
    stream.private_data = &st;
    stream.get_schema = [](ArrowArrayStream* self, ArrowSchema* out) {
      *out = *static_cast<state*>(self->private_data)->batches->front().first;
      out->release = nullptr;  // owned by the producer
      return 0;
    };
    stream.get_next = [](ArrowArrayStream* self, ArrowArray* out) {
      auto* s = static_cast<state*>(self->private_data);
      *out = ArrowArray{};
      if (s->next < 1) {
        *out = *(*s->batches)[s->next++].second;
        out->release = [](ArrowArray* x) { x->release = nullptr; };
      }
      return 0;
    };
    stream.get_last_error = [](ArrowArrayStream*) -> const char* { return nullptr; };
    guarded([&] { check_log(onakit::read_arrow_stream(stream, o, c, "<fuzz>")); });
  }
  return 0;
}
