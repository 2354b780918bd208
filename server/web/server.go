// Package web is Keyward's HTTP layer: the router, middleware (sessions, cross-origin
// protection, client IP, who is calling), health checks and the embedded console.
package web

import (
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/signin"
	"github.com/keyward/keyward/server/tokens"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// Deps are what the HTTP layer serves.
type Deps struct {
	Log            *slog.Logger
	DB             *db.DB
	Access         *access.Service
	Sessions       *Sessions
	Tokens         *tokens.Service
	Usage          *tokens.Usage
	Clock          clock.Clock
	GraphQL        http.Handler
	SPA            fs.FS
	TrustedProxies []netip.Prefix
	// Stats counts the answered requests (nil: not counted).
	Stats *HTTPStats
	// Metrics serves /metrics to the clients of MetricsAllow (nil: no /metrics).
	Metrics      http.Handler
	MetricsAllow []netip.Prefix
	// SignIn serves the API sign-in (/api/v1/auth/*) and the JWKS.
	SignIn *signin.Service
}

// NewHandler builds the whole HTTP handler.
func NewHandler(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := d.DB.Ping(r.Context()); err != nil {
			d.Log.WarnContext(r.Context(), "readyz: database unreachable", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
	})
	if d.Metrics != nil {
		mux.Handle("GET /metrics", allowOnly(d, d.Metrics))
	}
	// A session that cannot be read or saved is answered as GraphQL errors are, never as
	// scs's plain-text 500.
	d.Sessions.Manager.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		d.Log.ErrorContext(r.Context(), "session store", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, graphQLError("the session store is unavailable: try again in a moment", "UNAVAILABLE"))
	}
	console := d.Sessions.Manager.LoadAndSave(identify(d, d.GraphQL))
	mux.Handle("/graphql", limitBody(console))
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusNotFound, "not_found", "no such endpoint")
	}))
	mux.Handle("GET /.well-known/jwks.json", jwks(d))
	mux.Handle("/", spaHandler(d.SPA))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusForbidden, "forbidden", "cross-origin request refused")
	}))
	browser := securityHeaders(cop.Handler(mux))

	// The machine API is the hot path, authenticated by a token in a header (which no other
	// origin can make a browser send), so it skips what only browsers need.
	verifyToken := requirePermission(d, "tokens:verify", verify(d))
	machine := machineAPI(d,
		apiRoute{"GET /api/v1/whoami", "/api/v1/whoami", whoami},
		// verify reads at most maxVerifyBody bytes of its body.
		apiRoute{"POST /api/v1/verify", "/api/v1/verify", verifyToken},
		apiRoute{"POST /api/v1/auth/logout", "/api/v1/auth/logout", logout(d)},
		apiRoute{"GET /api/v1/events", "/api/v1/events", events(d)},
	)
	signIn := signInAPI(d)
	doc := openAPI()

	return recoverAndLog(d.Log, d.Stats, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/") {
			if isSignInPath(r.URL.Path) {
				signIn.ServeHTTP(w, r)
				return
			}
			if r.URL.Path == openAPIPath { // public: it describes the API, it grants nothing
				doc.ServeHTTP(w, r)
				return
			}
			machine.ServeHTTP(w, r)
			return
		}
		browser.ServeHTTP(w, r)
	}))
}

// identify puts who is calling into the context: an API token (X-Auth-Token or
// Authorization: Bearer) or else the session's user, and the audit actor. A refused token
// gets a GraphQL error with HTTP 200, as GraphQL clients expect.
func identify(d Deps, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ip := ClientIP(r, d.TrustedProxies)
		actor := audit.Actor{Type: audit.ActorAnonymous, UserAgent: r.UserAgent()}
		if ip.IsValid() {
			actor.IP = ip.String()
		}
		if tok, present, conflict := presentedToken(r); conflict {
			WriteError(w, http.StatusBadRequest, "bad_request", msgTwoTokens)
			return
		} else if present {
			res, err := authenticateToken(ctx, d, tok, ip)
			switch {
			case err != nil:
				d.Log.ErrorContext(ctx, "identify: verify token", "err", err)
				writeGraphQLError(w, "internal error", "INTERNAL")
			case res.reason == tokens.RateLimited:
				w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(d.Tokens.RetryAfter(ip))))
				writeJSON(w, http.StatusTooManyRequests, graphQLError(msgRateLimited, "RATE_LIMITED"))
			case res.reason.Unauthorized():
				writeGraphQLError(w, msgInvalidToken, "UNAUTHENTICATED")
			case res.reason != tokens.OK:
				writeGraphQLError(w, msgIPNotAllowed, "FORBIDDEN")
			default:
				ctx = access.WithPrincipal(ctx, principalOf(res.id))
				ctx = audit.WithActor(ctx, tokenActor(res.id, ip, r.UserAgent()))
				next.ServeHTTP(w, r.WithContext(ctx))
			}
			return
		}
		if uid := d.Sessions.UserID(ctx); uid > 0 {
			p, err := d.Access.PrincipalForUser(ctx, uid)
			switch {
			case err == nil:
				ctx = access.WithPrincipal(ctx, p)
				actor.Type, actor.ID, actor.Label, actor.PartnerID = audit.ActorUser, strconv.FormatInt(p.UserID, 10), p.Email, p.PartnerID
			case errs.Is(err, errs.Unauthenticated):
				_ = d.Sessions.SignOut(ctx)
			default:
				internalError(ctx, d.Log, w, "identify: load session user", err)
				return
			}
		}
		ctx = audit.WithActor(ctx, actor)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// allowOnly answers only the clients of d.MetricsAllow; others get a 404, as if there were
// nothing there.
func allowOnly(d Deps, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := ClientIP(r, d.TrustedProxies)
		for _, p := range d.MetricsAllow {
			if p.Contains(ip) {
				next.ServeHTTP(w, r)
				return
			}
		}
		WriteError(w, http.StatusNotFound, "not_found", "no such page")
	})
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverAndLog logs each request (never its query string, which may carry a secret) and
// turns a panic into a 500. The machine API is logged only when Keyward fails, so its
// requests are not timed (no clock read); its status writers are reused.
func recoverAndLog(log *slog.Logger, stats *HTTPStats, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var start time.Time
		machine := strings.HasPrefix(r.URL.Path, "/api/v1/")
		if !machine {
			start = time.Now()
		}
		sw := statusWriters.Get().(*statusWriter)
		sw.ResponseWriter, sw.status = w, 0
		defer func() {
			if v := recover(); v != nil {
				log.ErrorContext(r.Context(), "http: panic", "path", logPath(r.URL.Path), "panic", v)
				if sw.status == 0 {
					WriteError(sw, http.StatusInternalServerError, "internal", "internal error")
				}
			}
			status := sw.status
			sw.ResponseWriter = nil
			statusWriters.Put(sw)
			stats.count(r.URL.Path, status)
			if quiet(r.URL.Path, status) {
				return
			}
			if machine {
				log.InfoContext(r.Context(), "http", "method", r.Method, "path", logPath(r.URL.Path), "status", status)
				return
			}
			log.InfoContext(r.Context(), "http", "method", r.Method, "path", logPath(r.URL.Path), "status", status, "duration", time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}

var statusWriters = sync.Pool{New: func() any { return new(statusWriter) }}

// quiet reports whether a request goes unlogged: health checks, and machine API calls but
// Keyward's own failures (5xx). Resource servers call on every request they serve: their uses
// are counted on the token, and their refusals audited in batches, so a flood of bad tokens
// neither fills the log nor costs a log line each.
func quiet(path string, status int) bool {
	switch {
	case path == "/healthz" || path == "/readyz":
		return true
	case strings.HasPrefix(path, "/api/v1/") && status < 500:
		return true
	}
	return false
}

// logPath hides the secret part of paths that carry one (approval links).
func logPath(p string) string {
	if strings.HasPrefix(p, "/approve/") {
		return "/approve/…"
	}
	return p
}

func writeGraphQLError(w http.ResponseWriter, message, code string) {
	writeJSON(w, http.StatusOK, graphQLError(message, code))
}

func graphQLError(message, code string) map[string]any {
	return map[string]any{"data": nil, "errors": []map[string]any{
		{"message": message, "extensions": map[string]string{"code": code}},
	}}
}

// WriteError writes Keyward's JSON error body.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"error": code, "message": message})
}

// internalError logs err as what and answers 500, telling the client no more.
func internalError(ctx context.Context, log *slog.Logger, w http.ResponseWriter, what string, err error) {
	log.ErrorContext(ctx, what, "err", err)
	WriteError(w, http.StatusInternalServerError, "internal", "internal error")
}

// publicDocument marks a document anyone may read (the OpenAPI description, the signing
// keys): scripts of any origin may read it too, and caches keep it as cacheControl says.
func publicDocument(h http.Header, cacheControl string) {
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Allow-Origin", "*")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
