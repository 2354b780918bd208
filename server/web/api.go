package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// apiHandler answers one machine API route for a verified token from ip.
type apiHandler func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr)

// apiRoute is a machine API route: its ServeMux pattern, its path and its handler.
type apiRoute struct {
	pattern, path string
	serve         apiHandler
}

// machineAPI guards /api/v1/*: a valid token from an allowed IP, else the contract's JSON
// 401, 403 or 400; then the route gets the identity as arguments (not in a copy of the
// request). A ServeMux does the matching, so that wrong methods, unknown paths and unclean
// paths are answered as it always answers them.
func machineAPI(d Deps, routes ...apiRoute) http.Handler {
	mux := http.NewServeMux()
	byPattern := map[string]apiRoute{}
	for _, rt := range routes {
		byPattern[rt.pattern] = rt
		mux.Handle(rt.pattern, http.NotFoundHandler()) // never served: the route is called instead
	}
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	return apiAuth(d, func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr) {
		h, pattern := mux.Handler(r)
		// On an unclean path the mux names the pattern it redirects to: serve its redirect.
		if rt, ok := byPattern[pattern]; ok && r.URL.Path == rt.path {
			rt.serve(w, r, id, ip)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// apiAuth verifies the presented token and passes it to next.
func apiAuth(d Deps, next apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		tok, present, conflict := presentedToken(r)
		if conflict {
			WriteError(w, http.StatusBadRequest, "bad_request", msgTwoTokens)
			return
		}
		ip := ClientIP(r, d.TrustedProxies)
		if !present {
			tok = "" // refused as malformed, unless the address is held back
		}
		res, err := authenticateToken(ctx, d, tok, ip)
		if err != nil {
			d.Log.ErrorContext(ctx, "api: verify token", "err", err)
			WriteError(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		switch {
		case res.reason == tokens.RateLimited:
			writeRateLimited(w, d.Tokens.RetryAfter(ip))
			return
		case res.reason.Unauthorized():
			writeStatic(w, http.StatusUnauthorized, bodyUnauthorized)
			return
		case res.reason == tokens.IPNotAllowed:
			writeStatic(w, http.StatusForbidden, bodyIPNotAllowed)
			return
		}
		next(w, r, res.id, ip)
	})
}

// requirePermission answers the contract's 403 unless the token's role holds perm.
func requirePermission(d Deps, perm string, next http.HandlerFunc) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr) {
		if !id.Has(perm) {
			d.Tokens.Refuse(r.Context(), id, tokens.InsufficientPermissions, "", ip)
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden", "message": msgNoPermission, "role": id.RoleName})
			return
		}
		next(w, r)
	}
}

type tokenView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Hint string `json:"hint"`
}

type roleView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// appView is a token's application, as whoami and verify show it.
type appView struct {
	ClientID string `json:"client_id"`
	Name     string `json:"name"`
}

// tokenViews is what whoami and verify say of a token, but its IP.
type tokenViews struct {
	token       tokenView
	role        roleView
	permissions []string
	expiresAt   *string
	application *appView
	tenantID    *string
	// user is the signed-in user of an API sign-in's access token (nil for an API token).
	user *userView
}

// userView is the user an API sign-in's access token acts for.
type userView struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

func viewsOf(id *tokens.Identity) tokenViews {
	perms := principalOf(id).PermissionList()
	if id.All {
		perms = []string{"*"}
	}
	v := tokenViews{token: tokenView{ID: strconv.FormatInt(id.TokenID, 10), Name: id.Name, Hint: id.Hint},
		role: roleView{ID: strconv.FormatInt(id.RoleID, 10), Name: id.RoleName}, permissions: perms}
	if id.SignInID != 0 {
		// An API sign-in's access token: named by its jti, and acting for its user.
		v.token.ID = id.JTI
		v.user = &userView{ID: strconv.FormatInt(id.UserID, 10), Email: id.Email}
	}
	if id.ExpiresAt != nil {
		s := id.ExpiresAt.UTC().Format(time.RFC3339)
		v.expiresAt = &s
	}
	if id.App != nil {
		v.application = &appView{ClientID: id.App.ClientID, Name: id.App.Name}
	}
	if id.PartnerID != 0 {
		t := strconv.FormatInt(id.PartnerID, 10)
		v.tenantID = &t
	}
	return v
}

type whoamiView struct {
	Token       tokenView `json:"token"`
	Role        roleView  `json:"role"`
	Permissions []string  `json:"permissions"`
	ExpiresAt   *string   `json:"expiresAt"`
	Application *appView  `json:"application,omitempty"`
	TenantID    *string   `json:"tenant_id,omitempty"`
	User        *userView `json:"user,omitempty"`
	IP          string    `json:"ip"`
}

// whoamiPrefix renders everything of whoami's answer but the caller's IP, up to and
// including `"ip":`, exactly as encoding/json would.
func whoamiPrefix(id *tokens.Identity) []byte {
	v := viewsOf(id)
	b, err := json.Marshal(whoamiView{v.token, v.role, v.permissions, v.expiresAt, v.application, v.tenantID, v.user, ""})
	if err != nil {
		panic(err) // strings and slices of strings always encode
	}
	return b[:len(b)-len(`"}`)]
}

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// whoami answers GET /api/v1/whoami, the presented token's own view, from the identity's
// memoised rendering and the IP.
func whoami(w http.ResponseWriter, _ *http.Request, id *tokens.Identity, ip netip.Addr) {
	bp := bodyPool.Get().(*[]byte)
	b := append((*bp)[:0], id.Rendered(whoamiPrefix)...)
	if ip.IsValid() {
		b = ip.AppendTo(b) // digits, dots, colons and hex: nothing JSON would escape
	}
	b = append(b, "\"}\n"...)
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	h["X-Content-Type-Options"] = nosniff
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	*bp = b
	bodyPool.Put(bp)
}

// Shared header values of JSON answers (never modified).
var (
	jsonType = []string{"application/json"}
	noStore  = []string{"no-store"}
	nosniff  = []string{"nosniff"}
)

// The contract's refusals, rendered once: a flood of bad tokens is answered without encoding
// anything (the bytes are what WriteError would write).
var (
	bodyUnauthorized = errorBody("unauthorized", msgInvalidToken)
	bodyIPNotAllowed = errorBody("forbidden", msgIPNotAllowed)
)

func errorBody(code, message string) []byte {
	b, err := json.Marshal(map[string]string{"error": code, "message": message})
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// writeStatic writes a pre-rendered JSON answer.
func writeStatic(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	h["X-Content-Type-Options"] = nosniff
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func ipString(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	return ip.String()
}

type verifyRequest struct {
	Token      string `json:"token"`
	IP         string `json:"ip"`
	Permission string `json:"permission"`
}

// verify answers POST /api/v1/verify for resource servers: always 200 once the caller is
// authorised, saying whether the checked token is good for the given IP and permission.
func verify(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var req verifyRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "bad_request", "message": "the body is too large"})
				return
			}
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
		id, reason, err := d.Tokens.Verify(ctx, req.Token, ip)
		if err != nil {
			d.Log.ErrorContext(ctx, "api: verify", "err", err)
			WriteError(w, http.StatusInternalServerError, "internal", "internal error")
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
			out := map[string]any{"valid": false, "code": string(reason)}
			if reason == tokens.RateLimited {
				out["retryAfter"] = retrySeconds(d.Tokens.RetryAfter(ip))
			}
			if reason == tokens.IPNotAllowed && !ip.IsValid() {
				out["message"] = "ip is required: this token only admits whitelisted addresses"
			}
			writeJSON(w, http.StatusOK, out)
			return
		}
		recordUse(d, id, ip)
		v := viewsOf(id)
		writeJSON(w, http.StatusOK, struct {
			Valid       bool        `json:"valid"`
			Token       tokenView   `json:"token"`
			Role        roleView    `json:"role"`
			Permissions []string    `json:"permissions"`
			ExpiresAt   *string     `json:"expiresAt"`
			Application *appView    `json:"application,omitempty"`
			TenantID    *string     `json:"tenant_id,omitempty"`
			User        *userView   `json:"user,omitempty"`
			Scope       string      `json:"scope,omitempty"`
			Subject     subjectView `json:"subject"`
		}{true, v.token, v.role, v.permissions, v.expiresAt, v.application, v.tenantID, v.user, scope, subjectOf(id, v)})
	}
}

func validPermission(p string) bool {
	mod, act, ok := strings.Cut(p, ":")
	return ok && mod != "" && act != "" && !strings.HasSuffix(act, ":") && strings.Count(p, ":") <= 2 && !strings.ContainsAny(p, " \t\n")
}

// subjectView is whose data a verified caller may reach, for a resource server that limits
// a qualified permission (scope "own") to it: the person the token acts for, its partner and
// its application.
type subjectView struct {
	UserID   *string `json:"user_id"`
	TenantID *string `json:"tenant_id"`
	ClientID *string `json:"client_id"`
}

func subjectOf(id *tokens.Identity, v tokenViews) subjectView {
	s := subjectView{TenantID: v.tenantID}
	if v.user != nil {
		s.UserID = &v.user.ID
	} else if id.CreatorID != 0 {
		u := strconv.FormatInt(id.CreatorID, 10)
		s.UserID = &u
	}
	if v.application != nil {
		s.ClientID = &v.application.ClientID
	}
	return s
}

// msgRateLimited is the answer to an address refused too often lately.
const msgRateLimited = "too many refused requests from this address: try again later"

func retrySeconds(d time.Duration) int { return max(1, int((d+time.Second-1)/time.Second)) }

// writeRateLimited answers 429 with Retry-After, in seconds.
func writeRateLimited(w http.ResponseWriter, after time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(after)))
	WriteError(w, http.StatusTooManyRequests, "rate_limited", msgRateLimited)
}
