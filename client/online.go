package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// ErrUnavailable is matched (errors.Is) by every error saying Keyward could not be asked:
// a network error, a timeout, a 5xx answer, or a 429 to this client's own calls. A cached
// verdict younger than Config.StaleIfError is served instead when there is one.
var ErrUnavailable = errors.New("keyward: unavailable")

// ErrUnauthorized is matched by the Error of a call Keyward refused with 401: this client's
// own token is unknown, expired or revoked.
var ErrUnauthorized = errors.New("keyward: this client's token was refused")

// ErrForbidden is matched by the Error of a call Keyward refused with 403: this client's
// token lacks tokens:verify, or this resource server's IP is not whitelisted for it.
var ErrForbidden = errors.New("keyward: this client's token may not do this")

// Error is an answer of Keyward to this client's own call that is not a verdict.
type Error struct {
	// Op is the call: "verify", "events" or "jwks".
	Op         string
	StatusCode int
	// Code and Message are Keyward's error body, when it had one.
	Code, Message string
	// RetryAfter is Keyward's Retry-After, if any.
	RetryAfter time.Duration
}

// Error says what Keyward answered, never with a token.
func (e *Error) Error() string {
	s := fmt.Sprintf("keyward: %s: %d %s", e.Op, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is makes errors.Is match ErrUnavailable, ErrUnauthorized and ErrForbidden by status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnavailable:
		return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	}
	return false
}

// maxAnswer bounds what is read of an answer of Keyward.
const maxAnswer = 1 << 20

// ask returns Keyward's verdict on token from k's IP, and caches it. Concurrent asks for the
// same token and IP share one call.
func (c *Client) ask(ctx context.Context, token string, k cacheKey, sid string) (*Verdict, error) {
	s := c.cache.shard(k)
	cl, leader := s.join(k, &c.cache.epoch)
	if leader {
		func() {
			// The call outlives the request that started it, which others may be waiting on.
			defer s.done(k, cl)
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
			defer cancel()
			cl.v, cl.err = c.verifyOnline(cctx, token, k.ip, sid)
			c.noteReachable(cl.err)
			if cl.err == nil {
				c.stats.online.Add(1)
				c.cacheVerdict(k, cl.v, sid, cl.epoch, c.now())
			}
		}()
	}
	select {
	case <-cl.done:
		return cl.v, cl.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// noteReachable logs when Keyward stops or starts answering, once each way.
func (c *Client) noteReachable(err error) {
	switch {
	case err == nil:
		if c.down.CompareAndSwap(true, false) {
			c.log.Info("keyward: verifying tokens again")
		}
	case c.down.CompareAndSwap(false, true):
		level := slog.LevelWarn
		if !errors.Is(err, ErrUnavailable) {
			level = slog.LevelError // this client's token is refused: a configuration to fix
		}
		c.log.Log(context.Background(), level, "keyward: cannot verify tokens", "err", err)
	}
}

type verifyBody struct {
	Token string `json:"token"`
	IP    string `json:"ip,omitempty"`
}

// verifyOnline asks POST /api/v1/verify.
func (c *Client) verifyOnline(ctx context.Context, token string, ip netip.Addr, sid string) (*Verdict, error) {
	body := verifyBody{Token: token}
	if ip.IsValid() {
		body.IP = ip.String()
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("keyward: verify: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/verify", bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("keyward: verify: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	var w wireVerdict
	if err := c.do(req, "verify", &w); err != nil {
		return nil, err
	}
	if w.Valid == nil {
		return nil, fmt.Errorf("keyward: verify: %w: the answer has no \"valid\"", ErrUnavailable)
	}
	return c.verdictOf(&w, sid), nil
}

// do sends req with this client's token and decodes a 200 answer's JSON into out.
func (c *Client) do(req *http.Request, op string, out any) error {
	req.Header.Set("X-Auth-Token", c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error names the URL, never a header: the token stays out of it.
		return fmt.Errorf("keyward: %s: %w: %w", op, ErrUnavailable, err)
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxAnswer)
	if resp.StatusCode != http.StatusOK {
		e := &Error{Op: op, StatusCode: resp.StatusCode}
		var eb struct{ Error, Message string }
		if json.NewDecoder(body).Decode(&eb) == nil {
			e.Code, e.Message = eb.Error, eb.Message
		}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		}
		_, _ = io.Copy(io.Discard, body)
		return e
	}
	if err := json.NewDecoder(body).Decode(out); err != nil {
		return fmt.Errorf("keyward: %s: %w: unreadable answer: %w", op, ErrUnavailable, err)
	}
	_, _ = io.Copy(io.Discard, body)
	return nil
}

const userAgent = "keyward-client-go"
