package signin_test

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
	"github.com/keyward/keyward/server/signin"
)

type resp = apptest.APIResponse

func call(t *testing.T, e *apptest.Env, method, path string, hdr map[string]string, body string) resp {
	t.Helper()
	return e.Call(t, method, path, hdr, body)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

// setupScript sets Keyward up and adds script@example.com, a Security Manager (whose
// password is apptest.AdminPassword), for the tests to sign in over the API; it returns the
// administrator's client.
func setupScript(t *testing.T, e *apptest.Env) *apptest.Client {
	t.Helper()
	admin := e.SetupAdmin(t)
	e.CreateUser(t, admin, "script@example.com", "Security Manager")
	return admin
}

// grant logs email in over the API (PUT with currentPassword, as the seed's scripts do) and
// returns the answer.
func grant(t *testing.T, e *apptest.Env, email string) map[string]any {
	t.Helper()
	r := call(t, e, "PUT", "/api/v1/auth/login", nil, jsonOf(map[string]string{"email": email, "currentPassword": apptest.AdminPassword}))
	if r.Status != 200 {
		t.Fatalf("login %s: %d %s", email, r.Status, r.Raw)
	}
	return r.Body
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// offline checks an access token as a resource server would: with the JWKS alone.
func offline(t *testing.T, e *apptest.Env, tok string) (jwt.Claims, map[string]any, error) {
	t.Helper()
	r := call(t, e, "GET", "/.well-known/jwks.json", nil, "")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/jwk-set+json") {
		t.Fatalf("jwks: %d %s", r.Status, r.Raw)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(r.Raw), &set); err != nil {
		t.Fatal(err)
	}
	parsed, err := jwt.ParseSigned(tok, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		return jwt.Claims{}, nil, err
	}
	keys := set.Key(parsed.Headers[0].KeyID)
	if len(keys) != 1 {
		return jwt.Claims{}, nil, io.ErrUnexpectedEOF
	}
	var std jwt.Claims
	var all map[string]any
	err = parsed.Claims(keys[0].Key, &std, &all)
	return std, all, err
}

func TestAPISignInRefreshAndLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := setupScript(t, e)

		// The login answers the contract's shape.
		g := grant(t, e, "script@example.com")
		access, refresh := str(g, "access_token"), str(g, "refresh_token")
		user, _ := g["user"].(map[string]any)
		if str(g, "token_type") != "Bearer" || g["expires_in"] != float64(3600) || !strings.HasPrefix(refresh, "kwr_") ||
			user == nil || str(user, "email") != "script@example.com" || str(user, "role") != "Security Manager" ||
			str(user, "id") == "" || user["permissions"] == nil {
			t.Fatalf("login answer: %v", g)
		}
		if _, ok := user["tenant_id"]; !ok {
			t.Fatalf("user.tenant_id is missing (null for the organisation's own users): %v", user)
		}

		// The access token is an EdDSA JWT with a kid, checkable offline with the JWKS.
		hdr, _ := base64.RawURLEncoding.DecodeString(strings.Split(access, ".")[0])
		var h map[string]any
		_ = json.Unmarshal(hdr, &h)
		if h["alg"] != "EdDSA" || h["kid"] == "" || h["typ"] != "JWT" {
			t.Fatalf("header %s", hdr)
		}
		std, all, err := offline(t, e, access)
		if err != nil {
			t.Fatalf("offline check: %v", err)
		}
		if std.Issuer != e.App.Config.BaseURL.String() || std.Subject != str(user, "id") || std.ID == "" || std.IssuedAt == nil ||
			std.Expiry.Time().Sub(std.IssuedAt.Time()) != time.Hour || all["role"] != "Security Manager" || all["permissions"] == nil {
			t.Fatalf("claims %v", all)
		}

		// Keyward takes it wherever it takes an API token.
		for _, hd := range []map[string]string{bearer(access), {"X-Auth-Token": access}} {
			if r := call(t, e, "GET", "/api/v1/whoami", hd, ""); r.Status != 200 || r.Body["user"].(map[string]any)["email"] != "script@example.com" {
				t.Fatalf("whoami: %d %s", r.Status, r.Raw)
			}
		}
		r := call(t, e, "POST", "/graphql", bearer(access), `{"query":"{ me { email } }"}`)
		if r.Status != 200 || !strings.Contains(r.Raw, `"email":"script@example.com"`) {
			t.Fatalf("graphql: %d %s", r.Status, r.Raw)
		}
		verifier := createToken(t, admin, "Resource server", "Administrator")
		r = call(t, e, "POST", "/api/v1/verify", map[string]string{"X-Auth-Token": verifier}, jsonOf(map[string]string{"token": access, "permission": "tokens:read"}))
		if r.Status != 200 || r.Body["valid"] != true || r.Body["scope"] != "all" || r.Body["subject"].(map[string]any)["user_id"] != str(user, "id") {
			t.Fatalf("verify: %d %s", r.Status, r.Raw)
		}

		// Refresh rotates: a new pair, and the old refresh token is spent.
		r = call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh}))
		if r.Status != 200 || str(r.Body, "refresh_token") == refresh || str(r.Body, "access_token") == "" || r.Body["expires_in"] != float64(3600) {
			t.Fatalf("refresh: %d %s", r.Status, r.Raw)
		}
		access2, refresh2 := str(r.Body, "access_token"), str(r.Body, "refresh_token")
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access2), ""); r.Status != 200 {
			t.Fatalf("whoami after refresh: %d %s", r.Status, r.Raw)
		}

		// Presenting the spent one ends the whole sign-in: its newer refresh token and every
		// access token of it stop working.
		if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})); r.Status != 401 || str(r.Body, "error") != "unauthorized" {
			t.Fatalf("reuse: %d %s", r.Status, r.Raw)
		}
		if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh2})); r.Status != 401 {
			t.Fatalf("the newer refresh token after reuse: %d %s", r.Status, r.Raw)
		}
		for _, a := range []string{access, access2} {
			if r := call(t, e, "GET", "/api/v1/whoami", bearer(a), ""); r.Status != 401 {
				t.Fatalf("an access token after reuse: %d %s", r.Status, r.Raw)
			}
		}

		// Logout ends a sign-in: 204, then its tokens fail.
		g = grant(t, e, "script@example.com")
		access, refresh = str(g, "access_token"), str(g, "refresh_token")
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 200 {
			t.Fatalf("whoami: %d", r.Status)
		}
		if r := call(t, e, "POST", "/api/v1/auth/logout", bearer(access), ""); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Raw)
		}
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 401 {
			t.Fatalf("access token after logout: %d %s", r.Status, r.Raw)
		}
		if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})); r.Status != 401 {
			t.Fatalf("refresh token after logout: %d %s", r.Status, r.Raw)
		}
		if r := call(t, e, "POST", "/api/v1/auth/logout", map[string]string{"X-Auth-Token": verifier}, ""); r.Status != 400 {
			t.Fatalf("logout with an API token: %d %s", r.Status, r.Raw)
		}

		// Every step is in the audit trail, and no secret is in it or in the log.
		var ev struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Action, Outcome, Details string }
				}
			}
		}
		e.App.Refusals.Flush(context.Background())
		admin.MustDo(`{ auditEvents(first: 100) { edges { node { action outcome details } } } }`, nil, &ev)
		seen := map[string]int{}
		for _, x := range ev.AuditEvents.Edges {
			seen[x.Node.Action]++
			if strings.Contains(x.Node.Details, "kwr_") || strings.Contains(x.Node.Details, "eyJ") {
				t.Fatalf("a secret in the audit trail: %s", x.Node.Details)
			}
			if x.Node.Action == "user.login" && strings.Contains(x.Node.Details, `"via":"api"`) {
				seen["api login"]++
			}
		}
		for _, a := range []string{"api login", "signin.refresh", "signin.reuse", "signin.logout"} {
			if seen[a] == 0 {
				t.Errorf("no %s event: %v", a, seen)
			}
		}
		if log := e.LogText(); strings.Contains(log, "kwr_") || strings.Contains(log, "eyJ") {
			t.Fatalf("a secret in the log:\n%s", log)
		}
		var stored []db.RefreshToken
		if err := e.App.DB.NewSelect().Model(&stored).Scan(context.Background()); err != nil || len(stored) < 3 {
			t.Fatalf("refresh tokens: %v %d", err, len(stored))
		}
		for _, s := range stored {
			if strings.HasPrefix(s.Hash, "kwr_") || len(s.Hash) != 64 {
				t.Fatalf("a refresh token stored as %q", s.Hash)
			}
		}
	})
}

func createToken(t *testing.T, admin *apptest.Client, name, role string) string {
	t.Helper()
	var out struct {
		CreateToken struct{ Secret string }
	}
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }`,
		map[string]any{"i": map[string]any{"name": name, "roleId": admin.RoleID(role)}}, &out)
	return out.CreateToken.Secret
}

// TestForgedAccessTokensAreRefused: whatever is changed or claimed, only a token signed by a
// published key, with EdDSA, by this Keyward, of a live sign-in, and unexpired, works.
func TestForgedAccessTokensAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		setupScript(t, e)
		access := str(grant(t, e, "script@example.com"), "access_token")
		parts := strings.Split(access, ".")
		hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
		var h map[string]any
		_ = json.Unmarshal(hdr, &h)
		kid := h["kid"].(string)
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])

		b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
		// The payload claiming the Administrator's permissions, signature kept.
		elevated := strings.Replace(string(payload), `"role":"Security Manager"`, `"role":"Administrator"`, 1)
		// alg none, and HS256 keyed with the public key (the classic confusion).
		jwksRaw := call(t, e, "GET", "/.well-known/jwks.json", nil, "").Raw
		var set jose.JSONWebKeySet
		_ = json.Unmarshal([]byte(jwksRaw), &set)
		pub := set.Key(kid)[0].Key.(ed25519.PublicKey)
		none := b64(`{"alg":"none","typ":"JWT","kid":"`+kid+`"}`) + "." + parts[1] + "."
		hsInput := b64(`{"alg":"HS256","typ":"JWT","kid":"`+kid+`"}`) + "." + parts[1]
		mac := hmac.New(sha256.New, pub)
		mac.Write([]byte(hsInput))
		hs256 := hsInput + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
		// Signed properly, but with a key Keyward never made, under Keyward's kid.
		_, foreign, _ := ed25519.GenerateKey(rand.Reader)
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: jose.JSONWebKey{Key: foreign, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
		var claims map[string]any
		_ = json.Unmarshal(payload, &claims)
		forged, _ := jwt.Signed(signer).Claims(claims).Serialize()
		flipped := []byte(parts[2])
		flipped[10] ^= 1

		for name, tok := range map[string]string{
			"payload changed":   parts[0] + "." + b64(elevated) + "." + parts[2],
			"signature changed": parts[0] + "." + parts[1] + "." + string(flipped),
			"alg none":          none,
			"alg HS256":         hs256,
			"foreign key":       forged,
			"unknown kid":       b64(`{"alg":"EdDSA","typ":"JWT","kid":"nope"}`) + "." + parts[1] + "." + parts[2],
			"truncated":         parts[0] + "." + parts[1],
		} {
			if r := call(t, e, "GET", "/api/v1/whoami", bearer(tok), ""); r.Status != 401 || str(r.Body, "error") != "unauthorized" {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 200 {
			t.Fatalf("the real one: %d %s", r.Status, r.Raw)
		}
		// An hour later it has expired, to the second.
		e.Clock.Add(time.Hour - time.Second)
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 200 {
			t.Fatalf("a second before expiry: %d %s", r.Status, r.Raw)
		}
		e.Clock.Add(time.Second)
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 401 {
			t.Fatalf("expired: %d %s", r.Status, r.Raw)
		}
	})
}

// TestKeyRotation: a new key is published before it signs; tokens of the old key keep working
// and the old key stays in the JWKS until the last of them has expired.
func TestKeyRotation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		setupScript(t, e)
		old := str(grant(t, e, "script@example.com"), "access_token")
		kidOf := func(tok string) string {
			hdr, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
			var h struct{ Kid string }
			_ = json.Unmarshal(hdr, &h)
			return h.Kid
		}
		jwks := func() []string {
			var set struct{ Keys []struct{ Kid string } }
			_ = json.Unmarshal([]byte(call(t, e, "GET", "/.well-known/jwks.json", nil, "").Raw), &set)
			var kids []string
			for _, k := range set.Keys {
				kids = append(kids, k.Kid)
			}
			return kids
		}
		oldKID := kidOf(old)
		row, err := signin.AddKey(ctx, e.App.DB, []byte(apptest.SecretKey), e.Clock.Now(), signin.RotateDelay)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.SignIn.Keys().Reload(ctx); err != nil {
			t.Fatal(err)
		}
		e.Clock.Add(time.Minute + time.Second) // past the JWKS's own minute of caching
		if k := jwks(); len(k) != 2 || k[0] != oldKID || k[1] != row.KID {
			t.Fatalf("jwks before the new key signs: %v", k)
		}
		if got := kidOf(str(grant(t, e, "script@example.com"), "access_token")); got != oldKID {
			t.Fatalf("signed with %s before the new key's time", got)
		}
		e.Clock.Add(signin.RotateDelay)
		last := str(grant(t, e, "script@example.com"), "access_token")
		if kidOf(last) != row.KID {
			t.Fatalf("signed with %s, want the new key %s", kidOf(last), row.KID)
		}
		// A token of the old key made just before the switch still works, offline too.
		if r := call(t, e, "GET", "/api/v1/whoami", bearer(old), ""); r.Status != 200 {
			t.Fatalf("old key's token: %d %s", r.Status, r.Raw)
		}
		if _, _, err := offline(t, e, old); err != nil {
			t.Fatalf("old key's token offline: %v", err)
		}
		// Once every token of the old key has expired, the JWKS drops it.
		e.Clock.Add(signin.AccessTokenLifetime + 3*time.Minute)
		if k := jwks(); len(k) != 1 || k[0] != row.KID {
			t.Fatalf("jwks long after the switch: %v", k)
		}
	})
}

// TestConcurrentRefresh: of many refreshes of one token at once, exactly one gets a new pair.
func TestConcurrentRefresh(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		setupScript(t, e)
		refresh := str(grant(t, e, "script@example.com"), "refresh_token")
		const n = 8
		var wg sync.WaitGroup
		codes := make([]int, n)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				codes[i] = call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})).Status
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, c := range codes {
			switch c {
			case 200:
				ok++
			case 401:
			default:
				t.Fatalf("a concurrent refresh answered %d: %v", c, codes)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d concurrent refreshes won: %v", ok, n, codes)
		}
	})
}

// TestLogoutReachesEveryReplica: a sign-in ended on one replica fails at once on another that
// had its access token cached.
func TestLogoutReachesEveryReplica(t *testing.T) {
	e := apptest.New(t, db.Postgres)
	other := e.Replica(t)
	setupScript(t, e)
	g := grant(t, e, "script@example.com")
	access, refresh := str(g, "access_token"), str(g, "refresh_token")
	if r := call(t, other, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 200 {
		t.Fatalf("on the other replica: %d %s", r.Status, r.Raw)
	}
	if r := call(t, e, "POST", "/api/v1/auth/logout", bearer(access), ""); r.Status != 204 {
		t.Fatalf("logout: %d %s", r.Status, r.Raw)
	}
	deadline := time.Now().Add(5 * time.Second)
	for call(t, other, "GET", "/api/v1/whoami", bearer(access), "").Status != 401 {
		if time.Now().After(deadline) {
			t.Fatal("the other replica still takes the access token 5 s after logout")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r := call(t, other, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})); r.Status != 401 {
		t.Fatalf("refresh on the other replica after logout: %d %s", r.Status, r.Raw)
	}
}

// TestDisablingTheUserEndsItsSignIns: at once, access and refresh tokens alike, and a password
// set by an administrator does too.
func TestDisablingTheUserEndsItsSignIns(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := setupScript(t, e)
		var users struct {
			Users struct {
				Edges []struct{ Node struct{ ID, Email string } }
			}
		}
		admin.MustDo(`{ users { edges { node { id email } } } }`, nil, &users)
		id := ""
		for _, u := range users.Users.Edges {
			if u.Node.Email == "script@example.com" {
				id = u.Node.ID
			}
		}
		for _, change := range []string{`{active:false}`, `{password:"another long passphrase here"}`} {
			g := grant(t, e, "script@example.com")
			access, refresh := str(g, "access_token"), str(g, "refresh_token")
			if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 200 {
				t.Fatalf("whoami: %d", r.Status)
			}
			admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:`+change+`){ id } }`, map[string]any{"id": id}, new(any))
			if r := call(t, e, "GET", "/api/v1/whoami", bearer(access), ""); r.Status != 401 {
				t.Fatalf("%s: access token still works: %d %s", change, r.Status, r.Raw)
			}
			if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})); r.Status != 401 {
				t.Fatalf("%s: refresh token still works: %d %s", change, r.Status, r.Raw)
			}
			if change == `{active:false}` {
				if r := call(t, e, "PUT", "/api/v1/auth/login", nil, jsonOf(map[string]string{"email": "script@example.com", "password": apptest.AdminPassword})); r.Status != 401 {
					t.Fatalf("a disabled user's login: %d %s", r.Status, r.Raw)
				}
				admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{active:true, password:"`+apptest.AdminPassword+`"}){ id } }`, map[string]any{"id": id}, new(any))
			}
		}
	})
}

// TestSignInLifetimeIsAbsolute: refreshing renews a refresh token, never the sign-in past its
// limit (the setting).
func TestSignInLifetimeIsAbsolute(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ updateSettings(input:{signInLifetimeDays: 2}){ signInLifetimeDays } }`, nil, new(any))
		e.CreateUser(t, admin, "script@example.com", "Security Manager")
		refresh := str(grant(t, e, "script@example.com"), "refresh_token")
		for range 3 { // 36 hours of refreshing every 12
			e.Clock.Add(12 * time.Hour)
			r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh}))
			if r.Status != 200 {
				t.Fatalf("refresh within the limit: %d %s", r.Status, r.Raw)
			}
			refresh = str(r.Body, "refresh_token")
		}
		e.Clock.Add(11 * time.Hour) // 47 hours in: the access token stops at the 48th
		r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh}))
		if r.Status != 200 || r.Body["expires_in"] != float64(3600) {
			t.Fatalf("the last hour: %d %s", r.Status, r.Raw)
		}
		refresh = str(r.Body, "refresh_token")
		e.Clock.Add(time.Hour)
		if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": refresh})); r.Status != 401 {
			t.Fatalf("past the absolute limit: %d %s", r.Status, r.Raw)
		}
	})
}

// TestLoginBadInput: every bad body gets a 400 naming the field, bad credentials the
// contract's 401, and a refused refresh token a 401; nothing of it is an internal error.
func TestLoginBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		setupScript(t, e)
		for name, c := range map[string]struct {
			path, body string
			status     int
			field      string
		}{
			"no email":        {"/api/v1/auth/login", `{"password":"x"}`, 400, "email"},
			"no password":     {"/api/v1/auth/login", `{"email":"script@example.com"}`, 400, "password"},
			"unknown field":   {"/api/v1/auth/login", `{"email":"a@b.c","passwd":"x"}`, 400, "passwd"},
			"number":          {"/api/v1/auth/login", `{"email":5,"password":"x"}`, 400, "email"},
			"two passwords":   {"/api/v1/auth/login", `{"email":"a@b.c","password":"x","currentPassword":"y"}`, 400, "currentPassword"},
			"bad code":        {"/api/v1/auth/login", `{"email":"a@b.c","password":"x","code":"12ab56"}`, 400, "code"},
			"not json":        {"/api/v1/auth/login", `email=a`, 400, ""},
			"two objects":     {"/api/v1/auth/login", `{"email":"a@b.c","password":"x"}{}`, 400, ""},
			"wrong password":  {"/api/v1/auth/login", `{"email":"script@example.com","password":"wrong"}`, 401, ""},
			"unknown email":   {"/api/v1/auth/login", `{"email":"nobody@example.com","password":"wrong"}`, 401, ""},
			"no refresh":      {"/api/v1/auth/refresh", `{}`, 400, "refresh_token"},
			"bad refresh":     {"/api/v1/auth/refresh", `{"refresh_token":"kwr_nope"}`, 401, ""},
			"unknown refresh": {"/api/v1/auth/refresh", `{"refresh_token":"kwr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`, 401, ""},
		} {
			r := call(t, e, "POST", c.path, nil, c.body)
			if r.Status != c.status || str(r.Body, "field") != c.field || str(r.Body, "message") == "" {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
			if c.status == 401 && str(r.Body, "error") != "unauthorized" {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		wrong := call(t, e, "POST", "/api/v1/auth/login", nil, `{"email":"script@example.com","password":"wrong"}`).Raw
		unknown := call(t, e, "POST", "/api/v1/auth/login", nil, `{"email":"nobody@example.com","password":"wrong"}`).Raw
		if wrong != unknown {
			t.Fatalf("a login tells whether the account exists:\n%s\n%s", wrong, unknown)
		}
		if r := call(t, e, "GET", "/api/v1/auth/login", nil, ""); r.Status != 405 {
			t.Fatalf("GET login: %d", r.Status)
		}
		if strings.Contains(e.LogText(), "level=ERROR") {
			t.Fatalf("bad input logged as an error:\n%s", e.LogText())
		}
	})
}

// TestLoginIsThrottled: the API login is held back like the console's.
func TestLoginIsThrottled(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	setupScript(t, e)
	body := `{"email":"script@example.com","password":"wrong"}`
	var last resp
	for range 7 {
		last = call(t, e, "POST", "/api/v1/auth/login", nil, body)
	}
	if last.Status != 401 || !strings.Contains(str(last.Body, "message"), "Too many") {
		t.Fatalf("after 7 failures: %d %s", last.Status, last.Raw)
	}
	// Held back even with the right password, until the delay passes.
	if r := call(t, e, "POST", "/api/v1/auth/login", nil, jsonOf(map[string]string{"email": "script@example.com", "password": apptest.AdminPassword})); r.Status != 401 {
		t.Fatalf("right password while held back: %d %s", r.Status, r.Raw)
	}
	e.Clock.Add(16 * time.Minute)
	grant(t, e, "script@example.com")
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

// TestLoginWithAnEmailedCode: a partner's user who signs in with a code gets code_required
// (and the code by email), then finishes with it; the grant names the partner as tenant_id.
func TestLoginWithAnEmailedCode(t *testing.T) {
	apptest.EachWithMail(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		var p struct{ CreatePartner struct{ ID string } }
		admin.MustDo(`mutation{ createPartner(input:{name:"Acme Fintech"}){ id } }`, nil, &p)
		var u struct{ CreateUser struct{ ID string } }
		admin.MustDo(`mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`, map[string]any{"i": map[string]any{
			"email": "dev@acme.example", "name": "Acme Dev", "password": apptest.AdminPassword,
			"roleId": admin.RoleID("Security Manager"), "partnerId": p.CreatePartner.ID}}, &u)
		admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{loginCodeRequired:true}){ id } }`, map[string]any{"id": u.CreateUser.ID}, new(any))

		body := map[string]string{"email": "dev@acme.example", "password": apptest.AdminPassword}
		r := call(t, e, "POST", "/api/v1/auth/login", nil, jsonOf(body))
		if r.Status != 401 || str(r.Body, "error") != "code_required" {
			t.Fatalf("first step: %d %s", r.Status, r.Raw)
		}
		msgs, err := smtp.Wait(1, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		m := codeRE.FindStringSubmatch(msgs[0].Text)
		if m == nil || msgs[0].To[0] != "dev@acme.example" {
			t.Fatalf("the code email: %v %s", msgs[0].To, msgs[0].Text)
		}
		wrong := "000000"
		if m[1] == wrong {
			wrong = "111111"
		}
		body["code"] = wrong
		if r := call(t, e, "POST", "/api/v1/auth/login", nil, jsonOf(body)); r.Status != 401 || str(r.Body, "field") != "code" {
			t.Fatalf("wrong code: %d %s", r.Status, r.Raw)
		}
		body["code"] = m[1]
		r = call(t, e, "POST", "/api/v1/auth/login", nil, jsonOf(body))
		if r.Status != 200 {
			t.Fatalf("with the code: %d %s", r.Status, r.Raw)
		}
		user := r.Body["user"].(map[string]any)
		if user["tenant_id"] != p.CreatePartner.ID {
			t.Fatalf("tenant_id: %v", user)
		}
		_, all, err := offline(t, e, str(r.Body, "access_token"))
		if err != nil || all["tenant_id"] != p.CreatePartner.ID {
			t.Fatalf("claims: %v %v", err, all)
		}
		who := call(t, e, "GET", "/api/v1/whoami", bearer(str(r.Body, "access_token")), "")
		if who.Status != 200 || who.Body["tenant_id"] != p.CreatePartner.ID {
			t.Fatalf("whoami: %d %s", who.Status, who.Raw)
		}
		// The code works once.
		if r := call(t, e, "POST", "/api/v1/auth/login", nil, jsonOf(body)); r.Status != 401 {
			t.Fatalf("the code twice: %d %s", r.Status, r.Raw)
		}
		if n := len(smtp.Messages()); n != 1 {
			t.Fatalf("%d emails: a login that brought a code must not send another", n)
		}
	})
}

// TestPruneRemovesOldSignIns: a sign-in ended over 30 days ago goes with its refresh tokens;
// a live one stays.
func TestPruneRemovesOldSignIns(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		setupScript(t, e)
		ended := grant(t, e, "script@example.com")
		if r := call(t, e, "POST", "/api/v1/auth/logout", bearer(str(ended, "access_token")), ""); r.Status != 204 {
			t.Fatalf("logout: %d", r.Status)
		}
		// The daily prune also runs once at start-up, on the test's clock: it must be done
		// before the clock moves, or it, not the call below, removes the ended sign-in.
		e.JobDone(t, signin.PruneArgs{}.Kind())
		e.Clock.Add(31 * 24 * time.Hour)
		live := grant(t, e, "script@example.com")
		if n, err := e.App.SignIn.Prune(ctx); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
		var left int
		if err := e.App.DB.NewRaw("SELECT count(*) FROM refresh_tokens").Scan(ctx, &left); err != nil || left != 1 {
			t.Fatalf("refresh tokens left: %d %v", left, err)
		}
		if r := call(t, e, "POST", "/api/v1/auth/refresh", nil, jsonOf(map[string]string{"refresh_token": str(live, "refresh_token")})); r.Status != 200 {
			t.Fatalf("the live sign-in after pruning: %d %s", r.Status, r.Raw)
		}
	}, apptest.WithFastJobs())
}
