package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/keyward/keyward/server/tokens"
	"github.com/keyward/keyward/server/web/verifybody"
)

// maxVerifyBody bounds the body of POST /api/v1/verify: a token, an IP and a permission.
const maxVerifyBody = 16 << 10

// verify answers POST /api/v1/verify for resource servers: always 200 once the caller is
// authorised, saying whether the checked token is good for the given IP and permission.
func verify(d Deps) func(http.ResponseWriter, *http.Request, time.Time) {
	return func(w http.ResponseWriter, r *http.Request, now time.Time) {
		ctx := r.Context()
		bp := bodyPool.Get().(*[]byte)
		defer bodyPool.Put(bp)
		body, err := readBody(r.Body, (*bp)[:0], maxVerifyBody)
		*bp = body[:0]
		var maxErr *http.MaxBytesError
		switch {
		case errors.As(err, &maxErr) || errors.Is(err, errBodyTooLarge):
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "bad_request", "message": "the body is too large"})
			return
		case err != nil:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "the body could not be read"})
			return
		}
		req, err := verifybody.Decode(body)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "the body must be a JSON object like {\"token\":\"kw_…\",\"ip\":\"203.0.113.45\",\"permission\":\"clients:read\"}"})
			return
		}
		if strings.TrimSpace(req.Token) == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "token is required", "field": "token"})
			return
		}
		var ip netip.Addr
		if s := strings.TrimSpace(req.IP); s != "" {
			a, err := netip.ParseAddr(s)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "ip must be an IPv4 or IPv6 address", "field": "ip"})
				return
			}
			ip = a.Unmap().WithZone("")
		}
		perm := strings.TrimSpace(req.Permission)
		if perm != "" && !validPermission(perm) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "permission must look like module:action or module:action:qualifier", "field": "permission"})
			return
		}
		id, reason, err := d.Tokens.VerifyAt(ctx, req.Token, ip, now)
		if err != nil {
			internalError(ctx, d.Log, w, "api: verify", err)
			return
		}
		var scope string
		if reason == tokens.OK && perm != "" {
			var ok bool
			if scope, ok = id.Scope(perm); !ok {
				reason = tokens.InsufficientPermissions
			}
		}
		if reason != tokens.OK {
			d.Tokens.Refuse(ctx, id, reason, req.Token, ip)
			switch {
			case reason == tokens.RateLimited:
				writeJSON(w, http.StatusOK, map[string]any{"valid": false, "code": string(reason), "retryAfter": retrySeconds(d.Tokens.RetryAfter(ip))})
			case reason == tokens.IPNotAllowed && !ip.IsValid():
				writeJSON(w, http.StatusOK, map[string]any{"valid": false, "code": string(reason), "message": "ip is required: this token only admits whitelisted addresses"})
			default:
				writeStatic(w, http.StatusOK, verifyRefusal(reason))
			}
			return
		}
		recordUse(d, id, now, ip)
		out := appendVerified(body[len(body):], id, scope)
		writeStatic(w, http.StatusOK, out)
		*bp = out[:0]
	}
}

var errBodyTooLarge = errors.New("body too large")

// readBody reads all of body into buf, refusing more than limit bytes.
func readBody(body io.Reader, buf []byte, limit int) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return buf, errBodyTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// verifyAnswer is verify's answer for a good token, rendered once per cached identity
// without its scope (the only part that depends on the request).
type verifyAnswer struct {
	Valid bool `json:"valid"`
	tokenViews
	Scope   string      `json:"scope,omitempty"`
	Subject subjectView `json:"subject"`
}

func renderVerified(id *tokens.Identity) []byte {
	v := viewsOf(id)
	b, err := json.Marshal(verifyAnswer{true, v, "", subjectOf(id, v)})
	if err != nil {
		panic(err) // strings and slices of strings always encode
	}
	return append(b, '\n')
}

// subjectKey starts the last member of verify's answer: the scope goes just before it. It
// cannot occur inside a JSON string, where every quote is escaped.
var subjectKey = []byte(`,"subject":`)

// appendVerified appends verify's answer for a good token with scope (empty: none asked), as
// encoding/json would render verifyAnswer.
func appendVerified(b []byte, id *tokens.Identity, scope string) []byte {
	full := id.Rendered(tokens.RenderVerify, renderVerified)
	if scope == "" {
		return append(b, full...)
	}
	i := bytes.LastIndex(full, subjectKey)
	b = append(b, full[:i]...)
	b = append(b, `,"scope":`...)
	b = appendJSONString(b, scope)
	return append(b, full[i:]...)
}

// appendJSONString appends s as encoding/json writes a string.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// verifyRefusals are verify's answers for a refused token, rendered once.
var verifyRefusals = func() map[tokens.Reason][]byte {
	m := map[tokens.Reason][]byte{}
	for _, r := range append([]tokens.Reason{tokens.InsufficientPermissions}, tokens.Outcomes...) {
		m[r] = renderRefusal(r)
	}
	return m
}()

func verifyRefusal(r tokens.Reason) []byte {
	if b, ok := verifyRefusals[r]; ok {
		return b
	}
	return renderRefusal(r)
}

func renderRefusal(r tokens.Reason) []byte {
	b, err := json.Marshal(map[string]any{"valid": false, "code": string(r)})
	if err != nil {
		panic(err) // a string and a bool always encode
	}
	return append(b, '\n')
}
