package client

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The refusal codes of a Verdict, as Keyward's verify API names them.
const (
	CodeMalformed               = "malformed"
	CodeUnknown                 = "unknown"
	CodeExpired                 = "expired"
	CodeRevoked                 = "revoked"
	CodeIPNotAllowed            = "ip_not_allowed"
	CodeInsufficientPermissions = "insufficient_permissions"
	CodeRateLimited             = "rate_limited"
)

// Verdict is Keyward's answer about one presented token from one client IP: valid, with
// what the token stands for, or refused, with a Code. A Verdict may be shared by many
// requests: treat it as read-only.
type Verdict struct {
	// Valid is true when the token is good for the IP (and the permission, when one was asked).
	Valid bool
	// Code says why the token was refused (one of the Code constants); empty when Valid.
	Code string
	// Token names the token: for an API sign-in's access token (a JWT), ID is its jti.
	Token Token
	// Role is the token's role. A JWT checked offline knows the role's name, not its ID.
	Role Role
	// Permissions are what the role holds; ["*"] for a role holding every permission.
	Permissions []string
	// ExpiresAt is when the token expires (nil: never).
	ExpiresAt *time.Time
	// Application is the token's application (nil: none).
	Application *Application
	// TenantID is the token's partner (empty: the organisation's own).
	TenantID string
	// User is the signed-in user of an API sign-in's access token (nil for an API token).
	User *User
	// Subject is whose data the caller may reach when a permission is granted limited to a
	// qualifier (Scope "own").
	Subject Subject
	// Scope is how far the permission asked for is granted: "all", or the qualifier of a
	// qualified permission ("own" for transactions:read:own). Empty when none was asked.
	Scope string
	// RetryAfter is how long to wait before trying again, for Code rate_limited.
	RetryAfter time.Duration

	grant *grant
	memo  *memo
	// sid is the sign-in of a JWT access token, for invalidation.
	sid string
}

// Token names a token without revealing it.
type Token struct {
	ID   string
	Name string
	// Hint shows the token's ends: "kw_AbCd…wxyz".
	Hint string
}

// Role is a token's role.
type Role struct {
	ID   string
	Name string
}

// Application is the integration a token belongs to.
type Application struct {
	ClientID string
	Name     string
}

// User is the user an API sign-in's access token acts for.
type User struct {
	ID    string
	Email string
}

// Subject is whose data a verified caller may reach: the person the token acts for (its
// user, or for an API token the user who made it), its partner and its application. An
// empty field is unknown or none.
type Subject struct {
	UserID   string
	TenantID string
	ClientID string
}

// Grants says whether the verdict's role grants permission, and how far: "all" for the
// permission itself or a role holding every permission; the qualifier when the role holds
// only a qualified form (transactions:read:own grants transactions:read limited to "own",
// the first qualifier alphabetically when it holds several); asking for
// transactions:read:own itself is granted, scope "own", by holding it. A refused verdict
// grants nothing.
func (v *Verdict) Grants(permission string) (scope string, ok bool) {
	if !v.Valid || v.grant == nil {
		return "", false
	}
	return v.grant.scope(permission)
}

// maxMemo bounds the permissions whose verdicts one verdict memoises.
const maxMemo = 64

// memo keeps the verdicts a verdict gives for each permission asked, so that a cached
// verdict answers a permission check without allocating.
type memo struct {
	mu     sync.Mutex
	scoped atomic.Pointer[[]scoped]
	// forbidden is the 403 naming the role, rendered once.
	forbidden atomic.Pointer[[]byte]
}

type scoped struct {
	permission string
	v          *Verdict
}

// withPermission returns v for permission: a copy with Scope set when the role grants it,
// a refusal (insufficient_permissions, still naming the token and its role) when not. An
// empty permission returns v.
func (v *Verdict) withPermission(permission string) *Verdict {
	if permission == "" || !v.Valid {
		return v
	}
	m := v.memo
	if m != nil {
		if p := m.scoped.Load(); p != nil {
			for _, s := range *p {
				if s.permission == permission {
					return s.v
				}
			}
		}
	}
	cp := *v
	if scope, ok := v.grant.scope(permission); ok {
		cp.Scope = scope
	} else {
		cp.Valid, cp.Code, cp.Scope = false, CodeInsufficientPermissions, ""
	}
	if m == nil {
		return &cp
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var old []scoped
	if p := m.scoped.Load(); p != nil {
		old = *p
	}
	for _, s := range old {
		if s.permission == permission {
			return s.v
		}
	}
	if len(old) < maxMemo {
		next := append(slices.Clip(old), scoped{permission, &cp})
		m.scoped.Store(&next)
	}
	return &cp
}

// grant is what a role holds, for answering permission checks locally as Keyward does.
type grant struct {
	all   bool
	perms map[string]bool
	// scopes maps a plain permission held only qualified to its qualifier.
	scopes map[string]string
}

func newGrant(perms []string) *grant {
	g := &grant{perms: make(map[string]bool, len(perms))}
	for _, p := range perms {
		if p == "*" {
			g.all = true
		}
		g.perms[p] = true
	}
	for _, p := range slices.Sorted(maps.Keys(g.perms)) {
		base, q, ok := splitQualifier(p)
		if !ok || g.perms[base] {
			continue
		}
		if _, seen := g.scopes[base]; !seen {
			if g.scopes == nil {
				g.scopes = map[string]string{}
			}
			g.scopes[base] = q
		}
	}
	return g
}

func (g *grant) scope(perm string) (string, bool) {
	if g.all {
		return "all", true
	}
	if g.perms[perm] {
		if _, q, ok := splitQualifier(perm); ok {
			return q, true
		}
		return "all", true
	}
	q, ok := g.scopes[perm]
	return q, ok
}

// splitQualifier splits module:action:qualifier into module:action and qualifier.
func splitQualifier(perm string) (base, qualifier string, ok bool) {
	i := strings.LastIndexByte(perm, ':')
	if i < 0 || strings.IndexByte(perm, ':') == i {
		return perm, "", false
	}
	return perm[:i], perm[i+1:], true
}

// validPermission reports whether p looks like module:action or module:action:qualifier.
func validPermission(p string) bool {
	mod, act, ok := strings.Cut(p, ":")
	return ok && mod != "" && act != "" && !strings.HasSuffix(act, ":") && strings.Count(p, ":") <= 2 && !strings.ContainsAny(p, " \t\r\n")
}

// grants interns grants by content: a cache of thousands of tokens holds a few roles' worth.
type grants struct {
	mu   sync.Mutex
	byID map[string]*grant
}

// maxGrants bounds the interned grants; beyond it they start over, which only costs sharing.
const maxGrants = 1000

func (gs *grants) of(perms []string) *grant {
	key := strings.Join(perms, "\x00")
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if g := gs.byID[key]; g != nil {
		return g
	}
	if gs.byID == nil || len(gs.byID) >= maxGrants {
		gs.byID = map[string]*grant{}
	}
	g := newGrant(perms)
	gs.byID[key] = g
	return g
}

// Static verdicts for refusals that carry nothing else.
var (
	verdictMalformed = &Verdict{Code: CodeMalformed}
	verdictUnknown   = &Verdict{Code: CodeUnknown}
	verdictExpired   = &Verdict{Code: CodeExpired}
)

// refusal returns the verdict of a refusal by code.
func refusal(code string, retryAfter time.Duration) *Verdict {
	switch {
	case code == CodeMalformed:
		return verdictMalformed
	case code == CodeUnknown:
		return verdictUnknown
	case code == CodeExpired:
		return verdictExpired
	case code == "":
		// A refusal without a reason is still a refusal.
		code = CodeUnknown
	}
	return &Verdict{Code: code, RetryAfter: retryAfter}
}

// id is an identifier Keyward renders as a string, read leniently from a number too.
type id string

func (s *id) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = id(v)
		return nil
	}
	if string(b) == "null" {
		*s = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*s = id(n.String())
	return nil
}

// wireVerdict is the JSON answer of POST /api/v1/verify.
type wireVerdict struct {
	Valid      *bool   `json:"valid"`
	Code       string  `json:"code"`
	RetryAfter float64 `json:"retryAfter"`
	Token      struct {
		ID   id     `json:"id"`
		Name string `json:"name"`
		Hint string `json:"hint"`
	} `json:"token"`
	Role struct {
		ID   id     `json:"id"`
		Name string `json:"name"`
	} `json:"role"`
	Permissions []string   `json:"permissions"`
	ExpiresAt   *time.Time `json:"expiresAt"`
	Application *struct {
		ClientID string `json:"client_id"`
		Name     string `json:"name"`
	} `json:"application"`
	TenantID id `json:"tenant_id"`
	User     *struct {
		ID    id     `json:"id"`
		Email string `json:"email"`
	} `json:"user"`
	Scope   string `json:"scope"`
	Subject struct {
		UserID   id `json:"user_id"`
		TenantID id `json:"tenant_id"`
		ClientID id `json:"client_id"`
	} `json:"subject"`
}

// verdictOf turns verify's answer into a verdict; sid is the sign-in of a JWT (empty for an
// API token).
func (c *Client) verdictOf(w *wireVerdict, sid string) *Verdict {
	if !*w.Valid {
		v := refusal(w.Code, time.Duration(w.RetryAfter*float64(time.Second)))
		if w.Token.ID != "" {
			// A refusal that names its token is cached under its id too, so that a change
			// to the token (a renewal, a whitelist entry approved) applies here at once.
			cp := *v
			cp.Token = Token{ID: string(w.Token.ID), Name: w.Token.Name, Hint: w.Token.Hint}
			v = &cp
		}
		return v
	}
	v := &Verdict{
		Valid:       true,
		Token:       Token{ID: string(w.Token.ID), Name: w.Token.Name, Hint: w.Token.Hint},
		Role:        Role{ID: string(w.Role.ID), Name: w.Role.Name},
		Permissions: w.Permissions,
		ExpiresAt:   w.ExpiresAt,
		TenantID:    string(w.TenantID),
		Subject:     Subject{UserID: string(w.Subject.UserID), TenantID: string(w.Subject.TenantID), ClientID: string(w.Subject.ClientID)},
		Scope:       w.Scope,
		grant:       c.grants.of(w.Permissions),
		memo:        &memo{},
		sid:         sid,
	}
	if w.Application != nil {
		v.Application = &Application{ClientID: w.Application.ClientID, Name: w.Application.Name}
	}
	if w.User != nil {
		v.User = &User{ID: string(w.User.ID), Email: w.User.Email}
	}
	return v
}

// hint shows a JWT access token the way Keyward does: enough to tell two apart, nothing
// that would let anyone use it.
func hint(raw string) string { return raw[:4] + "…" + raw[len(raw)-4:] }

// retrySeconds is a Retry-After value: whole seconds, at least one.
func retrySeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}
