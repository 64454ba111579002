#pragma once
/// \file teams_members.hpp
/// Member lists of Microsoft Teams chats and channels, for
/// read_teams_messages() (teams_messages.hpp): who a chat or channel
/// message reaches with `channel_ties = members`, and the e-mail of each
/// user id (`resolve_emails`).
///
/// Accepted shapes (JSON): a mapping `{"<chatId or channelId>": [members]}`;
/// a Graph response listing chats with their members (`GET
/// /chats?$expand=members`: `{"value": [{"id": "19:...", "members": [...]}]}`)
/// or a bare array of such chats; one conversation's member page (`GET
/// /chats/{id}/members`, `GET /teams/{id}/channels/{id}/members`), whose id
/// is read from its `@odata.context`. A member is a user id string or a
/// `conversationMember` object (`userId`, `email`; other fields ignored).
///
/// Complexity: O(bytes).
///
/// Example:
/// \code
///   onakit::teams_members m = onakit::parse_teams_members_text(R"({"19:abc@thread.v2": ["ann-id", "bob-id"]})");
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/ingest/detail/json_messages.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/text_source.hpp>

#include <simdjson.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// One member of a chat or channel (a Graph `conversationMember`).
struct teams_member {
  std::string user_id{};  ///< `userId`, the Azure AD user id ("" if only the e-mail is known)
  std::string email{};    ///< `email`, or ""
};

/// Members of chats and channels: conversation id (a `chatId` or a
/// `channelIdentity.channelId`, as written) -> its members.
using teams_members = std::map<std::string, std::vector<teams_member>>;

namespace detail {

/// A member list entry: a user id string or a conversationMember object.
inline teams_member teams_member_of(simdjson::dom::element e, const std::string& name, std::uint64_t entry) {
  teams_member v;
  if (const auto s = json_string(e)) {
    v.user_id = std::string(trim(*s));
  } else if (e.is_object()) {
    for (const auto& [field, out] : {std::pair{"userId", &v.user_id}, std::pair{"email", &v.email}})
      if (const auto x = json_at(e, field); json_present(x)) {
        const auto s2 = json_string(*x);
        if (!s2) throw parse_error(name, entry, field, "wrong type", "expected a string");
        *out = std::string(trim(*s2));
      }
  } else {
    throw parse_error(name, entry, "members", "wrong type",
                      "a member is a user id string or an object with userId (and email)");
  }
  if (v.user_id.empty() && v.email.empty())
    throw parse_error(name, entry, "members", "member without userId or email",
                      "each member needs a userId (or an email)");
  return v;
}

/// Appends the members in the array `arr` to `out[conversation]`.
inline void teams_add_members(simdjson::dom::element arr, const std::string& conversation, teams_members& out,
                              const std::string& name, std::uint64_t entry) {
  if (!arr.is_array()) throw parse_error(name, entry, "members", "wrong type", "expected an array of members");
  auto& list = out[conversation];
  for (const simdjson::dom::element m : simdjson::dom::array(arr)) list.push_back(teams_member_of(m, name, entry));
}

/// The chat or channel id a `GET /chats/{id}/members` or
/// `GET /teams/{id}/channels/{id}/members` page names in its
/// `@odata.context` (`...#chats('19%3A...%40thread.v2')/members`),
/// percent-decoded; "" if the page is not such a member list.
inline std::string teams_members_page_conversation(simdjson::dom::element page) {
  simdjson::dom::object obj;
  simdjson::dom::element c;  // a key with a dot: not a json_at() path
  if (page.get(obj) != simdjson::SUCCESS || obj.at_key("@odata.context").get(c) != simdjson::SUCCESS) return {};
  const auto cs = json_string(c);
  if (!cs || !cs->ends_with("')/members")) return {};
  std::string_view ctx = cs->substr(0, cs->size() - 10);
  const std::size_t open = ctx.rfind("('");
  if (open == std::string_view::npos) return {};
  const std::string_view kind = ctx.substr(0, open);
  if (!kind.ends_with("chats") && !kind.ends_with("channels")) return {};
  const std::string_view enc = ctx.substr(open + 2);
  std::string id;
  for (std::size_t i = 0; i < enc.size(); ++i) {
    const auto hex = [](char h) -> int {
      return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    };
    if (enc[i] == '%' && i + 2 < enc.size() && hex(enc[i + 1]) >= 0 && hex(enc[i + 2]) >= 0) {
      id += static_cast<char>(hex(enc[i + 1]) * 16 + hex(enc[i + 2]));
      i += 2;
    } else {
      id += enc[i];
    }
  }
  return id;
}

/// A chat/channel resource carrying its members (`{"id": ..., "members": [...]}`, no messageType).
inline bool teams_is_member_listing(simdjson::dom::element e) {
  return e.is_object() && json_present(json_at(e, "members")) && !json_present(json_at(e, "messageType")) &&
         json_present(json_at(e, "id"));
}
}  // namespace detail

/// Parses member lists: a JSON object mapping each conversation id (`chatId`
/// or `channelId`) to an array of members, or a Graph response listing chats
/// with their members (`{"value": [{"id": "19:...", "members": [...]}]}`, as
/// `GET /chats?$expand=members` returns), or a bare array of such chats, or
/// one conversation's member page (`GET /chats/{id}/members`,
/// `GET /teams/{id}/channels/{id}/members`: the id is read from its
/// `@odata.context`). A
/// member is a user id string or a `conversationMember` object (`userId`,
/// `email`). `name` names the input in errors.
/// \throws parse_error naming `name` and the entry for anything else.
[[nodiscard]] inline teams_members parse_teams_members_text(std::string_view text, const std::string& name = "<memory>") {
  if (detail::trim(text).empty()) throw parse_error(name, 0, "", "empty input", "expected a JSON object of member lists");
  const simdjson::padded_string buf(text);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (const auto err = parser.parse(buf).get(doc); err != simdjson::SUCCESS)
    throw parse_error(name, 0, "", "invalid JSON", simdjson::error_message(err));
  teams_members out;
  const auto listing = [&](simdjson::dom::element arr) {
    std::uint64_t entry = 0;
    for (const simdjson::dom::element c : simdjson::dom::array(arr)) {
      ++entry;
      const auto id = detail::json_at(c, "id");
      const auto ids = detail::json_present(id) ? detail::json_string(*id) : std::nullopt;
      const auto mem = detail::json_at(c, "members");
      if (!ids || ids->empty() || !detail::json_present(mem))
        throw parse_error(name, entry, "id", "not a chat with members",
                          "expected {\"id\": \"<chat id>\", \"members\": [...]} (GET /chats?$expand=members)");
      detail::teams_add_members(*mem, std::string(*ids), out, name, entry);
    }
  };
  if (doc.is_array()) {
    listing(doc);
  } else if (const auto v = detail::json_at(doc, "value"); v && v->is_array()) {
    if (const std::string conv = detail::teams_members_page_conversation(doc); !conv.empty())
      detail::teams_add_members(*v, conv, out, name, 1);  // GET /chats/{id}/members
    else
      listing(*v);
  } else if (doc.is_object()) {
    std::uint64_t entry = 0;
    for (const auto field : simdjson::dom::object(doc)) {
      ++entry;
      if (field.key.starts_with("@odata.")) continue;
      detail::teams_add_members(field.value, std::string(field.key), out, name, entry);
    }
  } else {
    throw parse_error(name, 0, "", "not member lists", "expected a JSON object mapping conversation ids to members");
  }
  return out;
}

/// Reads member lists from a file (parse_teams_members_text()).
/// \throws io_error if the file cannot be read; parse_error as parse_teams_members_text().
[[nodiscard]] inline teams_members read_teams_members(const std::filesystem::path& path) {
  return detail::read_input(path, false, default_max_input_bytes,
                            [&](std::string_view t, std::string name) { return parse_teams_members_text(t, name); });
}

}  // namespace onakit
