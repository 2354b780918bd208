package web

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// apiHandler answers one machine API route for a verified token from ip, at now (the time the
// token was checked: one clock read per request).
type apiHandler func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, now time.Time)

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
	type exactRoute struct {
		method, path string
		serve        apiHandler
	}
	var exact []exactRoute
	for _, rt := range routes {
		method, _, _ := strings.Cut(rt.pattern, " ")
		exact = append(exact, exactRoute{method, rt.path, rt.serve})
		byPattern[rt.pattern] = rt
		mux.Handle(rt.pattern, http.NotFoundHandler()) // never served: the route is called instead
	}
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusNotFound, "not_found", "no such endpoint")
	})
	return apiAuth(d, func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, now time.Time) {
		// The usual request names its route exactly: no matching needed (what the mux would
		// choose too).
		for _, rt := range exact {
			if r.URL.Path == rt.path && r.Method == rt.method {
				rt.serve(w, r, id, ip, now)
				return
			}
		}
		h, pattern := mux.Handler(r)
		// On an unclean path the mux names the pattern it redirects to: serve its redirect.
		if rt, ok := byPattern[pattern]; ok && r.URL.Path == rt.path {
			rt.serve(w, r, id, ip, now)
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
			internalError(ctx, d.Log, w, "api: verify token", err)
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
		next(w, r, res.id, ip, res.now)
	})
}

// requirePermission answers the contract's 403 unless the token's role holds perm.
func requirePermission(d Deps, perm string, next func(w http.ResponseWriter, r *http.Request, now time.Time)) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, now time.Time) {
		if holds(d, w, r, id, ip, perm) {
			next(w, r, now)
		}
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

// tokenViews is what whoami and verify say of a token, but its IP: the members both answers
// share, in the contract's order (embedded, they are encoded in place).
type tokenViews struct {
	Token       tokenView `json:"token"`
	Role        roleView  `json:"role"`
	Permissions []string  `json:"permissions"`
	ExpiresAt   *string   `json:"expiresAt"`
	Application *appView  `json:"application,omitempty"`
	TenantID    *string   `json:"tenant_id,omitempty"`
	// User is the signed-in user of an API sign-in's access token (nil for an API token).
	User *userView `json:"user,omitempty"`
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
	v := tokenViews{Token: tokenView{ID: strconv.FormatInt(id.TokenID, 10), Name: id.Name, Hint: id.Hint},
		Role: roleView{ID: strconv.FormatInt(id.RoleID, 10), Name: id.RoleName}, Permissions: perms}
	if id.SignInID != 0 {
		// An API sign-in's access token: named by its jti, and acting for its user.
		v.Token.ID = id.JTI
		v.User = &userView{ID: strconv.FormatInt(id.UserID, 10), Email: id.Email}
	}
	if id.ExpiresAt != nil {
		s := id.ExpiresAt.UTC().Format(time.RFC3339)
		v.ExpiresAt = &s
	}
	if id.App != nil {
		v.Application = &appView{ClientID: id.App.ClientID, Name: id.App.Name}
	}
	if id.PartnerID != 0 {
		t := strconv.FormatInt(id.PartnerID, 10)
		v.TenantID = &t
	}
	return v
}

type whoamiView struct {
	tokenViews
	IP string `json:"ip"`
}

// whoamiPrefix renders everything of whoami's answer but the caller's IP, up to and
// including `"ip":`, exactly as encoding/json would.
func whoamiPrefix(id *tokens.Identity) []byte {
	b, err := json.Marshal(whoamiView{viewsOf(id), ""})
	if err != nil {
		panic(err) // strings and slices of strings always encode
	}
	return b[:len(b)-len(`"}`)]
}

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// whoami answers GET /api/v1/whoami, the presented token's own view, from the identity's
// memoised rendering and the IP.
func whoami(w http.ResponseWriter, _ *http.Request, id *tokens.Identity, ip netip.Addr, _ time.Time) {
	bp := bodyPool.Get().(*[]byte)
	b := append((*bp)[:0], id.Rendered(tokens.RenderWhoami, whoamiPrefix)...)
	if ip.IsValid() {
		b = ip.AppendTo(b) // digits, dots, colons and hex: nothing JSON would escape
	}
	b = append(b, "\"}\n"...)
	writeStatic(w, http.StatusOK, b)
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

// writeStatic writes a pre-rendered JSON answer in one Write.
func writeStatic(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	h["X-Content-Type-Options"] = nosniff
	if len(body) >= smallBody {
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// smallBody: net/http buffers a smaller answer whole and writes its Content-Length itself,
// without allocating; a larger one is told its length, so it is never chunked.
const smallBody = 2048

func ipString(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	return ip.String()
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
	s := subjectView{TenantID: v.TenantID}
	if v.User != nil {
		s.UserID = &v.User.ID
	} else if id.CreatorID != 0 {
		u := strconv.FormatInt(id.CreatorID, 10)
		s.UserID = &u
	}
	if v.Application != nil {
		s.ClientID = &v.Application.ClientID
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
