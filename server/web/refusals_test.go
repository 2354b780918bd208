package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/tokens"
)

// behindProxy trusts the loopback proxy, so that X-Forwarded-For names the client.
func behindProxy(c *config.Config, _ *app.Options) {
	c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
}

// refusalCounts returns the token.use events written and the refusals they count, by reason.
func refusalCounts(t *testing.T, e *apptest.Env) (events int, byReason map[string]int) {
	t.Helper()
	var details []string
	if err := e.App.DB.NewSelect().Table("audit_events").Column("details").Where("action = ?", "token.use").Scan(context.Background(), &details); err != nil {
		t.Fatal(err)
	}
	byReason = map[string]int{}
	for _, d := range details {
		var v struct {
			Reason string
			Count  int
		}
		if err := json.Unmarshal([]byte(d), &v); err != nil {
			t.Fatal(err)
		}
		byReason[v.Reason] += v.Count
	}
	return len(details), byReason
}

// hangUp sends a whole request and closes the connection without reading the answer.
func hangUp(t *testing.T, e *apptest.Env, from, token string) {
	t.Helper()
	u, _ := url.Parse(e.Server.URL)
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "GET /api/v1/whoami HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\nX-Auth-Token: %s\r\n\r\n", u.Host, from, token)
	c.Close()
}

func TestRefusalFloodWritesInBatchesAndLosesNothing(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		// Refusals are written when the test says, so that one flush holds them all.
		e := apptest.New(t, d, behindProxy, func(_ *config.Config, o *app.Options) { o.RefusalInterval = time.Hour })
		admin := e.SetupAdmin(t)
		good := createToken(t, admin, "Good", "Auditor", nil).CreateToken.Secret
		bad := good[:len(good)-1] + map[bool]string{true: "y", false: "x"}[good[len(good)-1] == 'x']
		unknown := tokens.Secret("")
		for unknown == "" || string(unknown) == good {
			unknown, _ = tokens.NewSecret()
		}
		from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
		with := func(ip, tok string) map[string]string {
			return map[string]string{"X-Forwarded-For": ip, "X-Auth-Token": tok}
		}

		// 40 bad checksums from one address, 30 unknown tokens from another (10 of whose
		// clients hang up at once), 20 requests with no token from a third: 90 refusals.
		for i := 0; i < 40; i++ {
			if r := call(t, e, "GET", "/api/v1/whoami", with("203.0.113.1", bad), ""); r.Status != 401 {
				t.Fatalf("bad checksum: %d", r.Status)
			}
		}
		for i := 0; i < 20; i++ {
			if r := call(t, e, "GET", "/api/v1/whoami", with("203.0.113.2", string(unknown)), ""); r.Status != 401 {
				t.Fatalf("unknown: %d", r.Status)
			}
		}
		for i := 0; i < 10; i++ {
			hangUp(t, e, "203.0.113.2", string(unknown))
		}
		for i := 0; i < 20; i++ {
			if r := call(t, e, "GET", "/api/v1/whoami", from("203.0.113.3"), ""); r.Status != 401 {
				t.Fatalf("no token: %d", r.Status)
			}
		}
		// Every refusal is counted, the hang-ups too (their requests finish after the
		// clients left), and written in one flush as three events.
		deadline := time.Now().Add(10 * time.Second)
		for e.App.Refusals.Pending() < 90 {
			if time.Now().After(deadline) {
				t.Fatalf("refusals counted: %d; want 90", e.App.Refusals.Pending())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := e.App.Refusals.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		events, byReason := refusalCounts(t, e)
		if byReason["malformed"] != 60 || byReason["unknown"] != 30 || events != 3 {
			t.Fatalf("%d events counting %v; want 3 events counting 60 malformed and 30 unknown", events, byReason)
		}
		// The unknown token was read from the database once; after that the negative cache answered.
		if misses := e.App.Tokens.Stats().CacheMisses.Load(); misses > 2 {
			t.Errorf("%d cache misses for one unknown and one good token", misses)
		}
		if strings.Contains(e.LogText(), "level=ERROR") {
			t.Errorf("refusals logged an error:\n%s", e.LogText())
		}
	})
}

func TestAnAddressRefusedTooOftenIsHeldBack(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		e := apptest.New(t, d, behindProxy)
		admin := e.SetupAdmin(t)
		cached := createToken(t, admin, "Cached", "Auditor", nil).CreateToken.Secret
		fresh := createToken(t, admin, "Fresh", "Auditor", nil).CreateToken.Secret
		with := func(ip, tok string) map[string]string {
			return map[string]string{"X-Forwarded-For": ip, "X-Auth-Token": tok}
		}
		const attacker = "198.51.100.9"
		if r := call(t, e, "GET", "/api/v1/whoami", with(attacker, cached), ""); r.Status != 200 {
			t.Fatalf("good token: %d", r.Status)
		}
		for i := 0; i < 100; i++ {
			if r := call(t, e, "GET", "/api/v1/whoami", with(attacker, "kw_garbage"), ""); r.Status != 401 {
				t.Fatalf("refusal %d: %d %s", i+1, r.Status, r.Raw)
			}
		}
		r := call(t, e, "GET", "/api/v1/whoami", with(attacker, "kw_garbage"), "")
		if r.Status != 429 || r.Body["error"] != "rate_limited" || r.Header.Get("Retry-After") != "60" {
			t.Fatalf("the 101st refusal: %d %s", r.Status, r.Raw)
		}
		// A valid token the cache knows still works; anything needing a lookup waits.
		if r := call(t, e, "GET", "/api/v1/whoami", with(attacker, cached), ""); r.Status != 200 {
			t.Fatalf("a cached valid token from a held-back address: %d", r.Status)
		}
		if r := call(t, e, "GET", "/api/v1/whoami", with(attacker, fresh), ""); r.Status != 429 {
			t.Fatalf("an uncached token from a held-back address: %d", r.Status)
		}
		gql := e.Client(t)
		gql.Header.Set("X-Forwarded-For", attacker)
		gql.Header.Set("X-Auth-Token", "kw_garbage")
		if g := gql.Do(`{ tokens { totalCount } }`, nil); g.Status != 429 || g.Code() != "RATE_LIMITED" {
			t.Fatalf("GraphQL from a held-back address: %d %+v", g.Status, g.Errors)
		}
		// Other addresses are not affected.
		if r := call(t, e, "GET", "/api/v1/whoami", with("198.51.100.10", fresh), ""); r.Status != 200 {
			t.Fatalf("another address: %d", r.Status)
		}
		if n := e.App.Tokens.Stats().Results(tokens.RateLimited); n != 3 {
			t.Errorf("rate-limited verifications counted: %d; want 3", n)
		}
		// The window ends; the address is served again.
		e.Clock.Add(61 * time.Second)
		if r := call(t, e, "GET", "/api/v1/whoami", with(attacker, fresh), ""); r.Status != 200 {
			t.Fatalf("after the window: %d", r.Status)
		}
		if err := e.App.Refusals.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, byReason := refusalCounts(t, e); byReason["rate_limited"] != 3 || byReason["malformed"] != 100 {
			t.Fatalf("refusals by reason: %v", byReason)
		}
	})
}

// Refusals waiting for their batch are written when Keyward stops gracefully.
func TestRefusalsAreWrittenWhenKeywardStops(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		e := apptest.New(t, d)
		e.SetupAdmin(t)
		for i := 0; i < 7; i++ {
			if r := call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": "kw_nope"}, ""); r.Status != 401 {
				t.Fatalf("refusal: %d", r.Status)
			}
		}
		e.Restart(t) // a graceful stop, then a start on the same database
		if _, byReason := refusalCounts(t, e); byReason["malformed"] != 7 {
			t.Fatalf("refusals written at the stop: %v; want 7 malformed", byReason)
		}
	})
}
