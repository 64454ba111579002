#pragma once
/// \file onakit.hpp
/// Everything onakit offers, in one include. Data flows one way:
/// records -> messages (ingest/) -> graph (graph/) -> metrics.

#include <onakit/errors.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/message_log.hpp>
#include <onakit/people_index.hpp>
#include <onakit/types.hpp>

#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/synthetic_org.hpp>
#include <onakit/ingest/timestamp.hpp>

#include <onakit/graph/bgl.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/graph.hpp>
