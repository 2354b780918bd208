package client

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The answers Keyward gives to refused requests, which Require gives in its stead.
const (
	msgInvalidToken = "invalid or expired token"
	msgIPNotAllowed = "request IP is not whitelisted for this token"
	msgNoPermission = "Insufficient permissions to access this resource"
	msgTwoTokens    = "send one token, in X-Auth-Token or in Authorization: Bearer, not two"
	msgRateLimited  = "too many refused requests from this address: try again later"
	msgUnavailable  = "the token cannot be checked now: try again later"
)

// The refusals' bodies, rendered once as Keyward renders them (encoding/json, one line).
var (
	bodyUnauthorized = errorBody("unauthorized", msgInvalidToken)
	bodyIPNotAllowed = errorBody("forbidden", msgIPNotAllowed)
	bodyTwoTokens    = errorBody("bad_request", msgTwoTokens)
	bodyRateLimited  = errorBody("rate_limited", msgRateLimited)
	bodyUnavailable  = errorBody("unavailable", msgUnavailable)
)

func errorBody(code, message string) []byte {
	b, err := json.Marshal(map[string]string{"error": code, "message": message})
	if err != nil {
		panic(err) // strings always encode
	}
	return append(b, '\n')
}

// forbiddenBody is the 403 naming the role, as Keyward writes it.
func forbiddenBody(role string) []byte {
	b := append([]byte(nil), `{"error":"forbidden","message":"`+msgNoPermission+`","role":`...)
	b = appendJSONString(b, role)
	return append(b, "}\n"...)
}

// forbiddenOf is the 403 naming v's role, rendered once per verdict.
func forbiddenOf(v *Verdict) []byte {
	m := v.memo
	if m == nil {
		return forbiddenBody(v.Role.Name)
	}
	if b := m.forbidden.Load(); b != nil {
		return *b
	}
	b := forbiddenBody(v.Role.Name)
	m.forbidden.Store(&b)
	return b
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

// Shared header values of the answers (never modified).
var (
	jsonType = []string{"application/json"}
	noStore  = []string{"no-store"}
	nosniff  = []string{"nosniff"}
)

func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	h["X-Content-Type-Options"] = nosniff
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

type ctxKey struct{}

// FromContext returns the verdict Require put in the request's context: the token's
// identity, with Scope set for Require's permission.
func FromContext(ctx context.Context) (*Verdict, bool) {
	v, ok := ctx.Value(ctxKey{}).(*Verdict)
	return v, ok
}

// NewContext returns ctx carrying v, as Require passes it on (for handlers tested alone).
func NewContext(ctx context.Context, v *Verdict) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// Require returns a handler that lets a request through to next only when it presents a
// token Keyward vouches for, from its client IP, whose role grants permission (empty: any
// valid token). next finds the verdict with FromContext. A refused request gets the answer
// Keyward itself would give, as JSON:
//
//   - 400 {"error":"bad_request",…} when X-Auth-Token and Authorization both carry a token
//   - 401 {"error":"unauthorized","message":"invalid or expired token"}: missing,
//     malformed, unknown, expired or revoked
//   - 403 {"error":"forbidden","message":"request IP is not whitelisted for this token"}
//   - 403 {"error":"forbidden","message":"Insufficient permissions to access this resource","role":"…"}
//   - 429 {"error":"rate_limited",…} with Retry-After
//   - 503 {"error":"unavailable",…} when Keyward cannot be asked and no verdict is at hand
//
// Require panics when permission does not look like module:action or
// module:action:qualifier, as http.ServeMux panics on a bad pattern.
func (c *Client) Require(permission string, next http.Handler) http.Handler {
	if permission != "" && !validPermission(permission) {
		panic("keyward: Require: permission " + strconv.Quote(permission) + " must look like module:action or module:action:qualifier")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, present, conflict := presentedToken(r)
		switch {
		case conflict:
			writeBody(w, http.StatusBadRequest, bodyTwoTokens)
			return
		case !present:
			writeBody(w, http.StatusUnauthorized, bodyUnauthorized)
			return
		}
		v, err := c.lookup(r.Context(), tok, c.ClientIP(r))
		if err != nil {
			if r.Context().Err() != nil {
				return // the client is gone
			}
			writeBody(w, http.StatusServiceUnavailable, bodyUnavailable)
			return
		}
		v = v.withPermission(permission)
		if !v.Valid {
			refuse(w, v)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, v)))
	})
}

// refuse answers a refused verdict as Keyward would.
func refuse(w http.ResponseWriter, v *Verdict) {
	switch v.Code {
	case CodeIPNotAllowed:
		writeBody(w, http.StatusForbidden, bodyIPNotAllowed)
	case CodeInsufficientPermissions:
		writeBody(w, http.StatusForbidden, forbiddenOf(v))
	case CodeRateLimited:
		w.Header().Set("Retry-After", retrySeconds(v.RetryAfter))
		writeBody(w, http.StatusTooManyRequests, bodyRateLimited)
	default:
		writeBody(w, http.StatusUnauthorized, bodyUnauthorized)
	}
}

// presentedToken reads the token from X-Auth-Token or Authorization: Bearer, as Keyward
// does. present is false when neither header is there; conflict when more than one
// credential is: two values of one header, or both headers.
func presentedToken(r *http.Request) (tok string, present, conflict bool) {
	xs, as := r.Header["X-Auth-Token"], r.Header["Authorization"]
	switch {
	case len(xs) > 1 || len(as) > 1 || len(xs) == 1 && len(as) == 1:
		return "", true, true
	case len(xs) == 1:
		return strings.TrimSpace(xs[0]), true, false
	case len(as) == 1:
		auth := strings.TrimSpace(as[0])
		if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
			return strings.TrimSpace(auth[7:]), true, false
		}
		// Another scheme: present, and no token that can be good.
		return auth, true, false
	}
	return "", false, false
}
