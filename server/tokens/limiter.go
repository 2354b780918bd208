package tokens

import (
	"net/netip"
	"sync"
	"time"
)

// Limiter slows down a client address that keeps presenting bad tokens: once it was refused
// Max times within Window, it is answered 429 before any lookup until the window ends, while
// a valid token it holds (already in the cache) keeps working. IPv6 addresses count by their
// /64, which one client usually holds whole.
type Limiter struct {
	max    int
	window time.Duration

	mu sync.Mutex
	by map[netip.Addr]*tally
}

type tally struct {
	start time.Time
	n     int
}

// maxTallies bounds the addresses a Limiter remembers; past it, ended windows are dropped.
const maxTallies = 100_000

// NewLimiter returns a limiter of max refusals per window per address (max 0: never limits).
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, by: map[netip.Addr]*tally{}}
}

func clientKey(ip netip.Addr) netip.Addr {
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.Addr()
	}
	return ip
}

// Hit counts one refusal of ip at now.
func (l *Limiter) Hit(ip netip.Addr, now time.Time) {
	if l == nil || l.max <= 0 || !ip.IsValid() {
		return
	}
	k := clientKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.by[k]
	if t == nil || now.Sub(t.start) >= l.window {
		if t == nil && len(l.by) >= maxTallies {
			l.sweep(now)
		}
		t = &tally{start: now}
		l.by[k] = t
	}
	t.n++
}

// sweep drops the tallies whose window ended, or every tally if that frees nothing.
func (l *Limiter) sweep(now time.Time) {
	for k, t := range l.by {
		if now.Sub(t.start) >= l.window {
			delete(l.by, k)
		}
	}
	if len(l.by) >= maxTallies {
		clear(l.by)
	}
}

// Blocked reports whether ip is limited at now, and for how long still.
func (l *Limiter) Blocked(ip netip.Addr, now time.Time) (time.Duration, bool) {
	if l == nil || l.max <= 0 || !ip.IsValid() {
		return 0, false
	}
	k := clientKey(ip)
	l.mu.Lock()
	t := l.by[k]
	var left time.Duration
	blocked := t != nil && t.n >= l.max
	if blocked {
		left = l.window - now.Sub(t.start)
	}
	l.mu.Unlock()
	if left <= 0 {
		return 0, false
	}
	return left, true
}
