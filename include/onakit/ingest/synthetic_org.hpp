#pragma once
/// \file ingest/synthetic_org.hpp
/// Kept for compatibility: the synthetic organisation is a generator, not a
/// reader, and now lives in synthetic/synthetic_org.hpp. Include that one.

#include <onakit/synthetic/synthetic_org.hpp>
