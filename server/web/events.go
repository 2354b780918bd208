package web

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// Heartbeat is how often GET /api/v1/events says it is alive: a follower that hears nothing
// for a few of these has lost the stream and stops trusting what it cached.
const Heartbeat = time.Second

// eventWriteTimeout bounds each write to a follower, so that a stalled one is let go.
const eventWriteTimeout = 10 * time.Second

// events serves GET /api/v1/events to resource servers holding tokens:verify: a
// Server-Sent Events stream of what they must forget of the verdicts they cached. First
// `ready` (with the heartbeat interval in ms), then `invalidate` ({"tokens":[ids],
// "signIns":[ids]}: token ids as verify answers them, sign-in ids as the sid claim of access
// tokens), `flush` (forget everything) and `heartbeat`. The stream ends when this replica
// stops hearing changes made elsewhere, when it stops serving, and when the follower's own
// token stops being good for it: the follower reconnects, and meanwhile verifies every
// request.
func events(d Deps) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, now time.Time) {
		if !holds(d, w, r, id, ip, "tokens:verify") {
			return
		}
		sub, ok := d.Tokens.Cache().Feed().Subscribe()
		if !ok {
			w.Header().Set("Retry-After", "1")
			WriteError(w, http.StatusServiceUnavailable, "unavailable", "this replica may be missing changes made elsewhere: try again in a moment")
			return
		}
		defer sub.Close()
		rc := http.NewResponseController(w)
		h := w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
		w.WriteHeader(http.StatusOK)
		buf := make([]byte, 0, 256)
		send := func(event string, data []byte) bool {
			buf = append(append(append(append(append(buf[:0], "event: "...), event...), "\ndata: "...), data...), "\n\n"...)
			_ = rc.SetWriteDeadline(time.Now().Add(eventWriteTimeout))
			if _, err := w.Write(buf); err != nil {
				return false
			}
			return rc.Flush() == nil
		}
		if !send("ready", []byte(`{"heartbeat":`+strconv.FormatInt(Heartbeat.Milliseconds(), 10)+`}`)) {
			return
		}
		beat := time.NewTicker(Heartbeat)
		defer beat.Stop()
		// The follower's own token may expire meanwhile.
		var expired <-chan time.Time
		if id.ExpiresAt != nil {
			t := time.NewTimer(id.ExpiresAt.Sub(now))
			defer t.Stop()
			expired = t.C
		}
		for {
			select {
			case <-r.Context().Done():
				return
			case <-sub.Gone:
				return
			case <-expired:
				return
			case <-beat.C:
				if !send("heartbeat", []byte("{}")) {
					return
				}
			case <-sub.Ready:
				c := sub.Take()
				switch {
				case c.Empty():
					continue
				case c.Flush:
					if !send("flush", []byte("{}")) {
						return
					}
				default:
					if !send("invalidate", appendChange(nil, c)) {
						return
					}
				}
				if touches(c, id) && !stillFollows(d, r, ip) {
					return
				}
			}
		}
	}
}

// appendChange renders an invalidation: {"tokens":["12"],"signIns":["7"]}, each member only
// when it names something.
func appendChange(b []byte, c tokens.Change) []byte {
	b = append(b, '{')
	list := func(name string, ids []int64) {
		if len(ids) == 0 {
			return
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), name...), `":[`...)
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(append(b, '"'), id, 10)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	list("tokens", c.Tokens)
	list("signIns", c.SignIns)
	return append(b, '}')
}

// touches says whether c may have changed what the follower's own token may do.
func touches(c tokens.Change, id *tokens.Identity) bool {
	if c.Flush {
		return true
	}
	if id.SignInID != 0 {
		return slices.Contains(c.SignIns, id.SignInID)
	}
	return slices.Contains(c.Tokens, id.TokenID)
}

// stillFollows checks the follower's token again, as a new request would be checked.
func stillFollows(d Deps, r *http.Request, ip netip.Addr) bool {
	tok, _, _ := presentedToken(r)
	res, err := authenticateToken(r.Context(), d, tok, ip)
	return err == nil && res.reason == tokens.OK && res.id.Has("tokens:verify")
}

// holds answers the contract's 403 (and counts the refusal) unless the token's role holds
// perm.
func holds(d Deps, w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, perm string) bool {
	if id.Has(perm) {
		return true
	}
	d.Tokens.Refuse(r.Context(), id, tokens.InsufficientPermissions, "", ip)
	writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden", "message": msgNoPermission, "role": id.RoleName})
	return false
}
