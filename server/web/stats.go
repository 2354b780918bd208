package web

import (
	"strings"
	"sync/atomic"
)

// Handlers names the groups of routes the HTTP counters are kept by.
var Handlers = []string{"api", "graphql", "approve", "console", "health"}

// HTTPStats counts answered requests by handler group and status class, with atomic
// counters (the machine API is the hot path); /metrics reads them.
type HTTPStats struct {
	counts [5][6]atomic.Uint64 // [handler][status/100]
}

func handlerOf(path string) int {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return 0
	case path == "/graphql":
		return 1
	case strings.HasPrefix(path, "/approve/"):
		return 2
	case path == "/healthz" || path == "/readyz" || path == "/metrics":
		return 4
	default:
		return 3
	}
}

func (s *HTTPStats) count(path string, status int) {
	if s == nil {
		return
	}
	if status == 0 {
		status = 200 // nothing written: net/http answers 200
	}
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	s.counts[handlerOf(path)][class].Add(1)
}

// Count returns how many requests to the handler group were answered with a status of the
// class (2 for 2xx…).
func (s *HTTPStats) Count(handler string, class int) uint64 {
	for i, h := range Handlers {
		if h == handler && class >= 1 && class <= 5 {
			return s.counts[i][class].Load()
		}
	}
	return 0
}
