#pragma once
// Shared inputs of the benchmarks: seeded synthetic organisations and their
// e-mail CSV text, generated once per process and cached.
//
// Sizes (10'000 people, seed 42, ~1.65 recipients per message):
//   small: 12 weeks x 5 messages/person/week  =   600'000 messages, ~1M pairs
//   large: 52 weeks x 12 messages/person/week = 6'240'000 messages, ~10M pairs

#include <onakit/synthetic/synthetic_org.hpp>
#include <onakit/ingest/timestamp.hpp>

#include <map>
#include <string>

namespace onakit_bench {

enum class size { small, large };

inline onakit::synthetic_org_options org_options(size s) {
  onakit::synthetic_org_options o;
  o.people = 10'000;
  o.departments = 12;
  o.seed = 42;
  if (s == size::small) {
    o.weeks = 12;
    o.messages_per_person_week = 5.0;
  } else {
    o.weeks = 52;
    o.messages_per_person_week = 12.0;
  }
  return o;
}

inline const onakit::synthetic_org& org(size s) {
  static std::map<size, onakit::synthetic_org> cache;
  auto it = cache.find(s);
  if (it == cache.end()) it = cache.emplace(s, onakit::make_synthetic_org(org_options(s))).first;
  return it->second;
}

/// `sender,recipients,timestamp` with `;`-joined recipients and ISO 8601 UTC
/// times in whole seconds,
/// one row per message (roles are not written: every recipient reads as `to`).
inline std::string email_csv(const onakit::message_log& log) {
  std::string out;
  out.reserve(log.num_messages() * 32 + log.num_pairs() * 28);
  out += "sender,recipients,timestamp\n";
  const auto& labels = log.people();
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    out += labels[log.sender(m)];
    out += ',';
    bool first = true;
    for (const auto r : log.recipients(m)) {
      if (!first) out += ';';
      first = false;
      out += labels[r];
    }
    out += ',';
    // Whole seconds, as mail logs usually have them (compare_ingest.py writes the same).
    const onakit::timestamp_t t = log.time(m);
    out += onakit::format_timestamp(t - t % onakit::microseconds_per_second);
    out += '\n';
  }
  return out;
}

inline const std::string& email_csv(size s) {
  static std::map<size, std::string> cache;
  auto it = cache.find(s);
  if (it == cache.end()) it = cache.emplace(s, email_csv(org(s).log)).first;
  return it->second;
}

}  // namespace onakit_bench
