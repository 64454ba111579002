// Text decoding (text_encoding.hpp): decode_text and decode_table_text under
// every encoding. A successful decode_table_text is valid UTF-8 without a
// BOM; errors are parse_error.
#include "../fuzz.hpp"

#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/text_encoding.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  static constexpr onakit::text_encoding encodings[] = {
      onakit::text_encoding::utf8,    onakit::text_encoding::latin1,  onakit::text_encoding::cp1252,
      onakit::text_encoding::utf16,   onakit::text_encoding::utf16le, onakit::text_encoding::utf16be};
  const auto enc = encodings[in.sub(4).pick(6)];
  const std::string_view raw = in.rest();
  guarded([&] {
    std::string storage;
    const std::string_view t = onakit::decode_text(raw, enc, "<fuzz>", storage);
    const bool utf8_bom = raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0;
    // Converted text (8-bit or UTF-16) is UTF-8; UTF-8 input is passed through unchecked.
    if (enc != onakit::text_encoding::utf8 && !utf8_bom)
      check(onakit::detail::valid_utf8(t), "decoded 8-bit/UTF-16 text is not UTF-8");
  });
  guarded([&] {
    const std::string t = onakit::decode_table_text(raw, enc, "<fuzz>");
    check(onakit::detail::valid_utf8(t), "decode_table_text returned invalid UTF-8");
    check(!(t.size() >= 3 && t.compare(0, 3, "\xEF\xBB\xBF") == 0), "decode_table_text kept a BOM");
  });
  return 0;
}
