#pragma once
/// \file onakit.hpp
/// onakit in one include: every public header that is cheap to compile, no
/// internals (detail/ folders). Data flows one way: records -> identities ->
/// messages (ingest/, or synthetic/) -> graph (graph/) -> metrics
/// (centrality/, silo/); scripts/check_layers.py enforces it (README.md,
/// Layout).
///
/// Not included: the JSON readers, which pull in simdjson (a quarter of this
/// header's compile time and memory: scripts/compile-time) and need the
/// onakit::json component. Include the one you use:
/// <onakit/ingest/jsonl.hpp> (read_jsonl), <onakit/ingest/graph_messages.hpp>
/// (read_graph_messages), <onakit/ingest/slack_export.hpp> (read_slack_export),
/// <onakit/ingest/teams_messages.hpp> (read_teams_messages). Nor the calendar
/// reader <onakit/ingest/calendar.hpp> (read_calendar), which needs libical
/// (the onakit::ical component, not part of onakit::onakit).

#include <onakit/errors.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/labels.hpp>
#include <onakit/version.hpp>
#include <onakit/message_log.hpp>
#include <onakit/people_index.hpp>
#include <onakit/types.hpp>

#include <onakit/ingest/crypto.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/export_table.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/mail_date.hpp>
#include <onakit/ingest/mbox.hpp>
#include <onakit/ingest/people_table.hpp>
#include <onakit/ingest/message_columns.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/ingest/message_trace.hpp>
#include <onakit/ingest/rfc2047.hpp>
#include <onakit/ingest/rfc5322.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest/viva_p2p.hpp>

#include <onakit/synthetic/synthetic_org.hpp>

#include <onakit/graph/bgl.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/stream_builder.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/ego.hpp>
#include <onakit/graph/groups.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/graph/layout.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/graph/tie_table.hpp>
#include <onakit/graph/undirected_view.hpp>

#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/brokerage.hpp>
#include <onakit/centrality/closeness.hpp>
#include <onakit/centrality/clustering.hpp>
#include <onakit/centrality/common.hpp>
#include <onakit/centrality/core_periphery.hpp>
#include <onakit/centrality/cores.hpp>
#include <onakit/centrality/cut_points.hpp>
#include <onakit/centrality/degree.hpp>
#include <onakit/centrality/edge_betweenness.hpp>
#include <onakit/centrality/reach.hpp>
#include <onakit/centrality/spectral.hpp>
#include <onakit/centrality/structural_holes.hpp>

#include <onakit/silo/boundary.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/communities.hpp>
#include <onakit/silo/community_quality.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>
#include <onakit/silo/partition_compare.hpp>
#include <onakit/silo/report.hpp>

#include <onakit/temporal/burstiness.hpp>
#include <onakit/temporal/work_patterns.hpp>
#include <onakit/temporal/response_times.hpp>
#include <onakit/temporal/network_trend.hpp>
#include <onakit/temporal/working_hours.hpp>
#include <onakit/temporal/contacts.hpp>
#include <onakit/temporal/group_latency.hpp>
#include <onakit/temporal/temporal_reach.hpp>
