// The email CSV reader alone (onakit::ingest), without OpenSSL or OpenMP:
// reads radoslaw_email/communication.csv (argv[1]), builds the graph, and
// checks that a pseudonymisation key is refused (no crypto component) rather
// than ignored.
#include <onakit/centrality/betweenness.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/ingest/email_csv.hpp>

#if defined(OPENSSL_VERSION_NUMBER) || defined(HEADER_CRYPTO_H) || defined(OPENSSL_CRYPTO_H)
#error "the email CSV reader must not include OpenSSL"
#endif
#if defined(_OPENMP)
#error "this consumer is built without OpenMP"
#endif

#include <cstdio>
#include <memory>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: onakit_consumer_ingest radoslaw_email/communication.csv\n");
    return 2;
  }
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  o.threads = 4;  // accepted; runs on the calling thread without OpenMP
  const onakit::message_log log = onakit::read_email_csv(argv[1], o);
  const onakit::graph g = onakit::build_graph(log).graph;
  const auto bc = onakit::betweenness(g);
  double total = 0;
  for (const double s : bc.scores) total += s;
  std::printf("consumer ingest: %zu messages, %u people, %u ties, betweenness sum %.6f\n",
              static_cast<std::size_t>(log.num_messages()), g.num_vertices(), g.num_edges(), total);

  onakit::identity_options keyed;
  keyed.pseudonymize_key = "k3y";
  bool refused = false;
  try {
    const onakit::identities ids(keyed);
  } catch (const onakit::invalid_option& e) {
    refused = std::string(e.what()).find("onakit/ingest/crypto.hpp") != std::string::npos;
    std::printf("consumer ingest: a key without onakit::crypto is refused: %s\n", e.what());
  }
  return (log.num_messages() == 82927 && g.num_vertices() == 167 && refused) ? 0 : 1;
}
