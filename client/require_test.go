package client

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// Keyward's bodies, written out: Require must answer exactly these.
const (
	wantUnauthorized = `{"error":"unauthorized","message":"invalid or expired token"}` + "\n"
	wantIPNotAllowed = `{"error":"forbidden","message":"request IP is not whitelisted for this token"}` + "\n"
	wantForbidden    = `{"error":"forbidden","message":"Insufficient permissions to access this resource","role":"AGENT"}` + "\n"
	wantTwoTokens    = `{"error":"bad_request","message":"send one token, in X-Auth-Token or in Authorization: Bearer, not two"}` + "\n"
	wantRateLimited  = `{"error":"rate_limited","message":"too many refused requests from this address: try again later"}` + "\n"
	wantUnavailable  = `{"error":"unavailable","message":"the token cannot be checked now: try again later"}` + "\n"
)

func TestRequireAnswers(t *testing.T) {
	f := newFake(t)
	expired, revoked, whitelisted, limited := newToken(t), newToken(t), newToken(t), newToken(t)
	f.answer(expired, `{"valid":false,"code":"expired"}`)
	f.answer(revoked, `{"valid":false,"code":"revoked"}`)
	f.answer(whitelisted, `{"valid":false,"code":"ip_not_allowed"}`)
	f.answer(limited, `{"valid":false,"code":"rate_limited","retryAfter":7}`)
	c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
	cases := []struct {
		name       string
		permission string
		headers    []string
		status     int
		body       string
		// asks is whether Keyward is asked.
		asks bool
	}{
		{"valid, any permission", "", []string{"X-Auth-Token", agentToken}, 200, "ok ", true},
		{"valid, held permission", "clients:read", []string{"X-Auth-Token", agentToken}, 200, "ok all", true},
		{"valid, bearer", "clients:read", []string{"Authorization", "Bearer " + agentToken}, 200, "ok all", true},
		{"valid, qualified permission", "transactions:read", []string{"X-Auth-Token", agentToken}, 200, "ok own", true},
		{"permission not held", "clients:write", []string{"X-Auth-Token", agentToken}, 403, wantForbidden, true},
		{"no token", "clients:read", nil, 401, wantUnauthorized, false},
		{"empty token", "clients:read", []string{"X-Auth-Token", " "}, 401, wantUnauthorized, false},
		{"malformed", "clients:read", []string{"X-Auth-Token", "kw_nope"}, 401, wantUnauthorized, false},
		{"bad checksum", "clients:read", []string{"X-Auth-Token", agentToken[:len(agentToken)-1] + "X"}, 401, wantUnauthorized, false},
		{"another scheme", "clients:read", []string{"Authorization", "Basic Zm9vOmJhcg=="}, 401, wantUnauthorized, false},
		{"unknown", "clients:read", []string{"X-Auth-Token", otherToken}, 401, wantUnauthorized, true},
		{"expired", "clients:read", []string{"X-Auth-Token", expired}, 401, wantUnauthorized, true},
		{"revoked", "clients:read", []string{"X-Auth-Token", revoked}, 401, wantUnauthorized, true},
		{"IP not whitelisted", "clients:read", []string{"X-Auth-Token", whitelisted}, 403, wantIPNotAllowed, true},
		{"rate limited", "clients:read", []string{"X-Auth-Token", limited}, 429, wantRateLimited, true},
		{"two headers", "clients:read", []string{"X-Auth-Token", agentToken, "Authorization", "Bearer " + otherToken}, 400, wantTwoTokens, false},
		{"two headers, the same token", "clients:read", []string{"X-Auth-Token", agentToken, "Authorization", "Bearer " + agentToken}, 400, wantTwoTokens, false},
		{"two X-Auth-Token", "clients:read", []string{"X-Auth-Token", agentToken, "X-Auth-Token", agentToken}, 400, wantTwoTokens, false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Each case from its own address, so that none is answered from another's cache.
			ip := netip.AddrFrom4([4]byte{198, 51, 100, byte(i + 1)}).String()
			before := f.verifies.Load()
			w := get(c.Require(tc.permission, ok), ip, tc.headers...)
			if w.Code != tc.status || w.Body.String() != tc.body {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body, tc.status, tc.body)
			}
			if tc.status != 200 {
				if ct := w.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
			}
			if asked := f.verifies.Load() > before; asked != tc.asks {
				t.Errorf("Keyward asked: %v, want %v", asked, tc.asks)
			}
			if tc.asks && f.lastIP.Load() != ip {
				t.Errorf("Keyward was told the IP %v, want %s", f.lastIP.Load(), ip)
			}
			if tc.status == 429 && w.Header().Get("Retry-After") != "7" {
				t.Errorf("Retry-After %q, want 7", w.Header().Get("Retry-After"))
			}
		})
	}
}

func TestRequireUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(f *fake)
	}{
		{"5xx", func(f *fake) { f.verifyStatus.Store(http.StatusBadGateway) }},
		{"503", func(f *fake) { f.verifyStatus.Store(http.StatusServiceUnavailable) }},
		{"network error", func(f *fake) { f.verifyHangUp.Store(true) }},
		{"this client's token refused", func(f *fake) { f.verifyStatus.Store(http.StatusUnauthorized) }},
		{"this client's token may not verify", func(f *fake) { f.verifyStatus.Store(http.StatusForbidden) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
			tc.fail(f)
			w := get(c.Require("clients:read", ok), "203.0.113.45", "X-Auth-Token", agentToken)
			if w.Code != 503 || w.Body.String() != wantUnavailable {
				t.Fatalf("got %d %q", w.Code, w.Body)
			}
			if c.Stats().Errors != 1 {
				t.Errorf("Errors = %d, want 1", c.Stats().Errors)
			}
		})
	}
}

func TestRequireContext(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
	var got *Verdict
	h := c.Require("transactions:read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = FromContext(r.Context())
	}))
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	if got == nil {
		t.Fatal("no verdict in the context")
	}
	want := Verdict{Valid: true, Token: Token{"12", "agent", "kw_gVJR…2fFW"}, Role: Role{"3", "AGENT"}, TenantID: "7",
		Scope: "own", Subject: Subject{UserID: "5", TenantID: "7", ClientID: "app-1"}}
	if got.Valid != want.Valid || got.Token != want.Token || got.Role != want.Role || got.TenantID != want.TenantID ||
		got.Scope != want.Scope || got.Subject != want.Subject || got.ExpiresAt != nil || got.User != nil ||
		got.Application == nil || *got.Application != (Application{"app-1", "Shop"}) ||
		strings.Join(got.Permissions, " ") != "clients:read transactions:read:own" {
		t.Fatalf("verdict %+v", got)
	}
	if _, found := FromContext(context.Background()); found {
		t.Fatal("a verdict in an empty context")
	}
	if v, _ := FromContext(NewContext(context.Background(), got)); v != got {
		t.Fatal("NewContext lost the verdict")
	}
}

func TestRequirePanicsOnBadPermission(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
	for _, p := range []string{"clients", "clients:", ":read", "a:b:c:d", "clients:read "} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Require(%q) did not panic", p)
				}
			}()
			c.Require(p, ok)
		}()
	}
}

func TestVerify(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
	ctx := context.Background()
	ip := netip.MustParseAddr("::ffff:203.0.113.45")
	v, err := c.Verify(ctx, agentToken, ip, "transactions:read")
	if err != nil || !v.Valid || v.Scope != "own" {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
	if f.lastIP.Load() != "203.0.113.45" {
		t.Errorf("Keyward was told %v, want the unmapped IPv4", f.lastIP.Load())
	}
	v, err = c.Verify(ctx, agentToken, ip, "clients:write")
	if err != nil || v.Valid || v.Code != CodeInsufficientPermissions || v.Role.Name != "AGENT" {
		t.Fatalf("Verify without the permission = %+v, %v", v, err)
	}
	v, err = c.Verify(ctx, agentToken, ip, "")
	if err != nil || !v.Valid || v.Scope != "" {
		t.Fatalf("Verify without a permission = %+v, %v", v, err)
	}
	if n := f.verifies.Load(); n != 1 {
		t.Errorf("Keyward asked %d times, want once for every permission", n)
	}
	if _, err := c.Verify(ctx, agentToken, ip, "nope"); err == nil {
		t.Error("Verify accepted a permission that is none")
	}
	v, err = c.Verify(ctx, "", ip, "")
	if err != nil || v.Valid || v.Code != CodeMalformed {
		t.Fatalf("Verify of nothing = %+v, %v", v, err)
	}
}

func TestVerifyErrors(t *testing.T) {
	for _, tc := range []struct {
		status int
		is     []error
	}{
		{http.StatusUnauthorized, []error{ErrUnauthorized}},
		{http.StatusForbidden, []error{ErrForbidden}},
		{http.StatusTooManyRequests, []error{ErrUnavailable}},
		{http.StatusInternalServerError, []error{ErrUnavailable}},
		{http.StatusBadRequest, nil},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			f := newFake(t)
			c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
			f.verifyStatus.Store(int64(tc.status))
			_, err := c.Verify(context.Background(), agentToken, netip.Addr{}, "")
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != tc.status || e.Op != "verify" {
				t.Fatalf("err = %v", err)
			}
			for _, target := range []error{ErrUnavailable, ErrUnauthorized, ErrForbidden} {
				want := false
				for _, is := range tc.is {
					want = want || is == target
				}
				if errors.Is(err, target) != want {
					t.Errorf("errors.Is(%v, %v) = %v", err, target, !want)
				}
			}
			if strings.Contains(err.Error(), agentToken) || strings.Contains(err.Error(), resourceToken) {
				t.Errorf("a token in the error: %v", err)
			}
		})
	}
	t.Run("network", func(t *testing.T) {
		f := newFake(t)
		c := newClient(t, f, func(cfg *Config) { cfg.DisableEvents = true })
		f.verifyHangUp.Store(true)
		_, err := c.Verify(context.Background(), agentToken, netip.Addr{}, "")
		if !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), agentToken) || strings.Contains(err.Error(), resourceToken) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestPresentedToken(t *testing.T) {
	cases := []struct {
		name              string
		x, auth           string
		tok               string
		present, conflict bool
	}{
		{"none", "", "", "", false, false},
		{"x-auth-token", "kw_a", "", "kw_a", true, false},
		{"bearer", "", "Bearer kw_b", "kw_b", true, false},
		{"bearer any case", "", "bearer kw_b", "kw_b", true, false},
		{"both, even the same", "kw_a", "Bearer kw_a", "", true, true},
		{"both, different", "kw_a", "Bearer kw_b", "", true, true},
		{"another scheme is present but no token", "", "Basic Zm9v", "Basic Zm9v", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "/", nil)
			if tc.x != "" {
				r.Header.Set("X-Auth-Token", tc.x)
			}
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			tok, present, conflict := presentedToken(r)
			if tok != tc.tok || present != tc.present || conflict != tc.conflict {
				t.Fatalf("got %q %v %v", tok, present, conflict)
			}
		})
	}
}

func TestForbiddenBodyEscapes(t *testing.T) {
	got := string(forbiddenBody(`R&D "x"`))
	want := `{"error":"forbidden","message":"Insufficient permissions to access this resource","role":"R\u0026D \"x\""}` + "\n"
	if got != want {
		t.Fatalf("got %s want %s", got, want)
	}
}
