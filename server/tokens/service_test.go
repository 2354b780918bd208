package tokens_test

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/internal/storetest"
	"github.com/keyward/keyward/server/page"
	"github.com/keyward/keyward/server/tokens"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	d      *db.DB
	clock  *clock.Fake
	access *access.Service
	svc    *tokens.Service
	policy *tokens.Policy
	ctx    context.Context
	// refusals batches the refused uses (Flush writes them).
	refusals *audit.Refusals
}

func newEnv(t *testing.T, d *db.DB) *env {
	e := &env{d: d, clock: clock.NewFake(start), policy: &tokens.Policy{MaxLifetime: 365 * 24 * time.Hour}}
	e.access = access.New(d, e.clock, access.DefaultThrottle)
	e.refusals = audit.NewRefusals(d, e.clock)
	e.svc = tokens.New(d, e.clock, e.access, tokens.NewCache(time.Hour, time.Minute, 0), e.refusals, func(context.Context) (tokens.Policy, error) { return *e.policy, nil })
	u, err := e.access.CreateAdministrator(context.Background(), "sm@example.com", "Sam Manager", "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.access.PrincipalForUser(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.ctx = access.WithPrincipal(audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorUser, ID: strconv.FormatInt(u.ID, 10), Label: u.Email, IP: "192.0.2.10"}), p)
	return e
}

func (e *env) role(t *testing.T, name string) int64 {
	t.Helper()
	return storetest.RoleID(t, e.ctx, e.access, name)
}

// create makes a token, failing the test if it cannot.
func (e *env) create(t *testing.T, in tokens.NewToken) (*db.Token, tokens.Secret) {
	t.Helper()
	tok, sec, err := e.svc.Create(e.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return tok, sec
}

func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	return storetest.Count(t, e.ctx, e.d, table)
}

var local = netip.MustParseAddr("127.0.0.1")

func TestExpiryToTheSecond(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		exp := start.Add(48 * time.Hour)
		tok, sec := e.create(t, tokens.NewToken{Name: "expiring", RoleID: e.role(t, "Auditor"), ExpiresAt: &exp})
		e.clock.Set(exp.Add(-time.Second))
		if _, r, _ := e.svc.Verify(e.ctx, string(sec), local); r != tokens.OK {
			t.Fatalf("a second before expiry: %q", r)
		}
		e.clock.Set(exp)
		if _, r, _ := e.svc.Verify(e.ctx, string(sec), local); r != tokens.Expired {
			t.Fatalf("at expiry: %q", r)
		}
		if got := tokens.StatusOf(tok, exp); got != tokens.StatusExpired {
			t.Fatalf("status at expiry = %s", got)
		}
		pg, err := e.svc.List(e.ctx, tokens.Filter{Status: tokens.StatusExpired}, page.Request{})
		if err != nil || pg.Total != 1 {
			t.Fatalf("expired filter: %+v %v", pg, err)
		}
		// Renewing (a new expiry) brings it back at once, with the same secret.
		later := exp.Add(30 * 24 * time.Hour)
		if _, err := e.svc.Update(e.ctx, tok.ID, tokens.Changes{ExpiresAt: &later}); err != nil {
			t.Fatal(err)
		}
		if _, r, _ := e.svc.Verify(e.ctx, string(sec), local); r != tokens.OK {
			t.Fatalf("after renewal: %q", r)
		}
	})
}

func TestBadInputWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		auditor := e.role(t, "Auditor")
		past, far := start.Add(-time.Minute), start.Add(366*24*time.Hour)
		e.create(t, tokens.NewToken{Name: "Taken", RoleID: auditor})
		before := [3]int{e.count(t, "tokens"), e.count(t, "token_secrets"), e.count(t, "audit_events")}
		cases := []struct {
			name  string
			in    tokens.NewToken
			field string
		}{
			{"empty name", tokens.NewToken{Name: "  ", RoleID: auditor}, "name"},
			{"long name", tokens.NewToken{Name: strings.Repeat("n", 101), RoleID: auditor}, "name"},
			{"duplicate name", tokens.NewToken{Name: "taken", RoleID: auditor}, "name"},
			{"unknown role", tokens.NewToken{Name: "x", RoleID: 99999}, "roleId"},
			{"past expiry", tokens.NewToken{Name: "x", RoleID: auditor, ExpiresAt: &past}, "expiresAt"},
			{"beyond the maximum lifetime", tokens.NewToken{Name: "x", RoleID: auditor, ExpiresAt: &far}, "expiresAt"},
			{"bad entry", tokens.NewToken{Name: "x", RoleID: auditor, Whitelist: []string{"10.0.0.1", "nope"}}, "whitelist"},
			{"duplicate entry", tokens.NewToken{Name: "x", RoleID: auditor, Whitelist: []string{"10.0.0.1", "10.0.0.1/32"}}, "whitelist"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, sec, err := e.svc.Create(e.ctx, c.in)
				if fe := errs.As(err); fe == nil || fe.Field != c.field || sec != "" {
					t.Fatalf("err = %v; want one naming %s", err, c.field)
				}
				after := [3]int{e.count(t, "tokens"), e.count(t, "token_secrets"), e.count(t, "audit_events")}
				if after != before {
					t.Fatalf("rows %v -> %v: a refused create wrote something", before, after)
				}
			})
		}
	})
}

func TestRegenerateGraceAndSecretsAtRest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok, old := e.create(t, tokens.NewToken{Name: "rotating", RoleID: e.role(t, "Auditor"), Whitelist: []string{"127.0.0.0/8"}})
		_, mid, err := e.svc.Regenerate(e.ctx, tok.ID, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]tokens.Secret{"old": old, "new": mid} {
			if _, r, _ := e.svc.Verify(e.ctx, string(s), local); r != tokens.OK {
				t.Fatalf("%s secret during the grace period: %q", name, r)
			}
		}
		exp, err := e.svc.PreviousSecretExpiry(e.ctx, []int64{tok.ID})
		if err != nil || !exp[tok.ID].Equal(start.Add(24*time.Hour)) {
			t.Fatalf("previous secret expiry = %v, %v", exp, err)
		}
		e.clock.Add(24 * time.Hour)
		if _, r, _ := e.svc.Verify(e.ctx, string(old), local); r != tokens.Expired {
			t.Fatalf("old secret after its grace: %q", r)
		}
		// Without grace the replaced secret dies at once.
		_, last, err := e.svc.Regenerate(e.ctx, tok.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, r, _ := e.svc.Verify(e.ctx, string(mid), local); r != tokens.Unknown {
			t.Fatalf("replaced secret without grace: %q", r)
		}
		if _, r, _ := e.svc.Verify(e.ctx, string(last), local); r != tokens.OK {
			t.Fatalf("newest secret: %q", r)
		}
		if _, _, err := e.svc.Regenerate(e.ctx, tok.ID, 169*time.Hour); errs.As(err) == nil || errs.As(err).Field != "oldSecretValidForHours" {
			t.Fatalf("grace over 168h: %v", err)
		}
		e.svc.Refuse(e.ctx, nil, tokens.Unknown, string(old), local)
		if err := e.refusals.Flush(e.ctx); err != nil {
			t.Fatal(err)
		}

		// No secret is stored anywhere in the clear.
		secrets := []string{string(old), string(mid), string(last)}
		for _, table := range []string{"tokens", "token_secrets", "audit_events", "whitelist_entries"} {
			var rows []map[string]any
			if err := d.NewRaw("SELECT * FROM "+table).Scan(e.ctx, &rows); err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				for col, v := range row {
					for _, s := range secrets {
						if strings.Contains(toString(v), s) || strings.Contains(toString(v), s[3:]) {
							t.Fatalf("%s.%s holds a secret in the clear", table, col)
						}
					}
				}
			}
		}
		if d.Engine == db.SQLite {
			var file string
			if err := d.NewRaw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(e.ctx, &file); err != nil {
				t.Fatal(err)
			}
			if _, err := d.ExecContext(e.ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{file, file + "-wal"} {
				raw, err := os.ReadFile(f)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				for _, s := range secrets {
					if strings.Contains(string(raw), s[3:]) {
						t.Fatalf("%s holds a secret in the clear", filepath.Base(f))
					}
				}
			}
		}
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

func TestWhitelistRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok, sec := e.create(t, tokens.NewToken{Name: "wl", RoleID: e.role(t, "Auditor")})
		verify := func(ip string) tokens.Reason {
			_, r, err := e.svc.Verify(e.ctx, string(sec), netip.MustParseAddr(ip))
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := verify("198.51.100.1"); r != tokens.OK {
			t.Fatalf("no whitelist admits any address: %q", r)
		}
		e.policy.RequireWhitelist = true
		if r := verify("198.51.100.1"); r != tokens.IPNotAllowed {
			t.Fatalf("a required whitelist that is empty admits nothing: %q", r)
		}
		entry, err := e.svc.AddWhitelistEntry(e.ctx, tok.ID, "198.51.100.0/24", "office")
		if err != nil {
			t.Fatal(err)
		}
		if entry.Status != tokens.EntryApproved || entry.CIDR != "198.51.100.0/24" {
			t.Fatalf("entry: %+v", entry)
		}
		if r := verify("::ffff:198.51.100.7"); r != tokens.OK {
			t.Fatalf("mapped client inside the range: %q", r)
		}
		// With approval on, a new entry is pending and admits nothing.
		e.policy.WhitelistApproval = true
		pending, err := e.svc.AddWhitelistEntry(e.ctx, tok.ID, "203.0.113.9", "")
		if err != nil || pending.Status != tokens.EntryPending {
			t.Fatalf("pending entry: %+v %v", pending, err)
		}
		if r := verify("203.0.113.9"); r != tokens.IPNotAllowed {
			t.Fatalf("pending entry admitted traffic: %q", r)
		}
		// Removing the only approved entry takes effect at once, through the cache.
		if err := e.svc.RemoveWhitelistEntry(e.ctx, entry.ID); err != nil {
			t.Fatal(err)
		}
		if r := verify("198.51.100.7"); r != tokens.IPNotAllowed {
			t.Fatalf("removed entry still admits: %q", r)
		}
		if _, err := e.svc.AddWhitelistEntry(e.ctx, tok.ID, "203.0.113.9/32", ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate entry: %v", err)
		}
	})
}

func TestRoleChangesApplyAtOnceAndRoleInUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		role, err := e.access.CreateRole(e.ctx, access.RoleInput{Name: "Reader", Permissions: []string{"users:read"}})
		if err != nil {
			t.Fatal(err)
		}
		_, sec := e.create(t, tokens.NewToken{Name: "r", RoleID: role.ID})
		id, _, _ := e.svc.Verify(e.ctx, string(sec), local)
		if !id.Has("users:read") || id.Has("audit:read") {
			t.Fatalf("perms %v", id.Perms)
		}
		if _, err := e.access.UpdateRole(e.ctx, role.ID, access.RoleInput{Name: "Reader", Permissions: []string{"audit:read"}}); err != nil {
			t.Fatal(err)
		}
		id, _, _ = e.svc.Verify(e.ctx, string(sec), local)
		if id.Has("users:read") || !id.Has("audit:read") {
			t.Fatalf("role change not applied at once: %v", id.Perms)
		}
		if err := e.access.DeleteRole(e.ctx, role.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("deleting a role a token holds: %v", err)
		}
	})
}

func TestUsageIsBatched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok, _ := e.create(t, tokens.NewToken{Name: "busy", RoleID: e.role(t, "Auditor")})
		u := tokens.NewUsage(d)
		for i := 0; i < 5; i++ {
			u.Record(tok.ID, start.Add(time.Duration(i)*time.Second), netip.MustParseAddr("203.0.113.5"))
		}
		u.Record(tok.ID, start.Add(10*time.Second), netip.MustParseAddr("2001:db8::5"))
		if got, _ := e.svc.Token(e.ctx, tok.ID); got.UseCount != 0 {
			t.Fatal("usage written before a flush")
		}
		if err := u.Flush(e.ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := e.svc.Token(e.ctx, tok.ID)
		if got.UseCount != 6 || got.LastUsedIP != "2001:db8::5" || !got.LastUsedAt.Equal(start.Add(10*time.Second)) {
			t.Fatalf("after flush: count %d ip %s at %v", got.UseCount, got.LastUsedIP, got.LastUsedAt)
		}
	})
}
