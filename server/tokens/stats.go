package tokens

import "sync/atomic"

// Outcomes lists what Verify can answer, OK first (a missing permission is decided later,
// by the caller).
var Outcomes = []Reason{OK, Malformed, Unknown, Expired, Revoked, IPNotAllowed, RateLimited}

// Stats counts what verification does, with atomic counters cheap enough for the hot path;
// /metrics reads them.
type Stats struct {
	CacheHits, CacheMisses atomic.Uint64
	results                [7]atomic.Uint64
}

func reasonIndex(r Reason) int {
	switch r {
	case OK:
		return 0
	case Malformed:
		return 1
	case Unknown:
		return 2
	case Expired:
		return 3
	case Revoked:
		return 4
	case IPNotAllowed:
		return 5
	case RateLimited:
		return 6
	}
	return -1
}

// Count adds one verification that ended with r; a reason not in Outcomes is not counted.
func (s *Stats) Count(r Reason) {
	if i := reasonIndex(r); i >= 0 {
		s.results[i].Add(1)
	}
}

// Results returns how many verifications ended with r (0 for a reason not in Outcomes).
func (s *Stats) Results(r Reason) uint64 {
	if i := reasonIndex(r); i >= 0 {
		return s.results[i].Load()
	}
	return 0
}
