package graph_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/keyward/keyward/graph/consoledocs"

	"github.com/99designs/gqlgen/graphql"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// queryCounter is a bun query hook that counts the statements counts says to.
type queryCounter struct {
	counts func(ctx context.Context, e *bun.QueryEvent) bool
	mu     sync.Mutex
	n      int
}

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

func (c *queryCounter) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	if c.counts(ctx, e) {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
}

// count returns how many statements were counted so far.
func (c *queryCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// take returns how many statements were counted since the last take.
func (c *queryCounter) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = 0
	return n
}

// statementCounter counts the statements that GraphQL operations run through bun (so not
// the background jobs').
func statementCounter() *queryCounter {
	return &queryCounter{counts: func(ctx context.Context, _ *bun.QueryEvent) bool { return graphql.HasOperationContext(ctx) }}
}

// A page of 100 runs as many statements as a page of 10: every relation of the rows (a
// token's role and its permissions, whitelist, approvers, previous secret, application and
// partner; a user's role and partner) is read once per page, never once per row.
func TestStatementsPerPageDoNotGrowWithPageSize(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, dialect db.Dialect) {
		counter := statementCounter()
		e := apptest.New(t, dialect, apptest.WithQueryHook(counter))
		admin := e.SetupAdmin(t)
		seedLists(t, e.App.DB, 300)
		pages := []struct {
			name, query, list string
			filter            map[string]any
		}{
			{"tokens", consoledocs.Tokens, "tokens", nil},
			{"tokens searched", consoledocs.Tokens, "tokens", map[string]any{"search": "token"}},
			{"tokens by status", consoledocs.Tokens, "tokens", map[string]any{"status": "ACTIVE"}},
			{"users", consoledocs.Users, "users", nil},
			{"users searched", consoledocs.Users, "users", map[string]any{"search": "user"}},
			{"audit", consoledocs.Audit, "auditEvents", nil},
			{"audit by actor", consoledocs.Audit, "auditEvents", map[string]any{"actor": "example.com"}},
			{"audit by action", consoledocs.Audit, "auditEvents", map[string]any{"action": "token."}},
		}
		for _, p := range pages {
			t.Run("case="+p.name, func(t *testing.T) {
				counts := map[int]int{}
				for _, size := range []int{10, 100} {
					var out map[string]struct {
						TotalCount int
						Edges      []struct {
							Node struct {
								ID        string
								Whitelist []struct{ Status string }
							}
						}
					}
					counter.take()
					admin.MustDo(p.query, map[string]any{"first": size, "filter": p.filter}, &out)
					counts[size] = counter.take()
					if got := len(out[p.list].Edges); got != size {
						t.Fatalf("first %d: %d rows (of %d)", size, got, out[p.list].TotalCount)
					}
				}
				t.Logf("%s: %d statements for 10 rows, %d for 100", p.name, counts[10], counts[100])
				if counts[10] != counts[100] {
					t.Fatalf("%s: %d statements for a page of 10, %d for a page of 100", p.name, counts[10], counts[100])
				}
			})
		}
	})
}

// seedLists adds n tokens, users and audit events in bulk, shaped so that any ten of them
// hold every relation the console shows: every role kind (one holding every permission
// included), partners, applications, approved and pending whitelist entries, previous
// secrets.
func seedLists(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	now := apptest.Start
	insert := func(rows any) {
		t.Helper()
		if _, err := d.NewInsert().Model(rows).Exec(ctx); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	var roles []db.Role
	if err := d.NewSelect().Model(&roles).OrderExpr("id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	partners := make([]db.Partner, 3)
	for i := range partners {
		partners[i] = db.Partner{Name: fmt.Sprintf("Partner %d", i), BusinessOwnerEmails: []string{fmt.Sprintf("owner%d@partner.example", i)}, CreatedAt: now, UpdatedAt: now}
	}
	insert(&partners)
	apps := make([]db.Application, 6)
	for i := range apps {
		apps[i] = db.Application{ClientID: fmt.Sprintf("app_statements%06d", i), Name: fmt.Sprintf("App %d", i), PartnerID: &partners[i%3].ID, CreatedAt: now, UpdatedAt: now}
	}
	insert(&apps)

	users := make([]db.User, n)
	for i := range users {
		users[i] = db.User{Email: fmt.Sprintf("user%d@example.com", i), Name: fmt.Sprintf("User %d", i), PasswordHash: "x",
			RoleID: roles[i%len(roles)].ID, Active: i%7 != 0, CreatedAt: now, UpdatedAt: now}
		if i%2 == 0 {
			users[i].PartnerID = &partners[i%3].ID
		}
	}
	insert(&users)

	toks := make([]db.Token, n)
	for i := range toks {
		exp := now.Add(time.Duration(30+i) * 24 * time.Hour)
		toks[i] = db.Token{Name: fmt.Sprintf("token %d", i), RoleID: roles[i%len(roles)].ID, Hint: "kw_AbCd…wxyz", ExpiresAt: &exp,
			CreatedBy: "admin@example.com", CreatedAt: now.Add(-time.Duration(n-i) * time.Minute), UpdatedAt: now}
		if i%2 == 0 {
			toks[i].ApplicationID, toks[i].PartnerID = &apps[i%6].ID, apps[i%6].PartnerID
		}
	}
	insert(&toks)
	var secrets []db.TokenSecret
	var entries []db.WhitelistEntry
	for i, tk := range toks {
		h := sha256.Sum256(fmt.Appendf(nil, "token %d", i))
		secrets = append(secrets, db.TokenSecret{Hash: hex.EncodeToString(h[:]), TokenID: tk.ID, CreatedAt: now})
		if i%3 == 0 {
			old := sha256.Sum256(fmt.Appendf(nil, "old token %d", i))
			grace := now.Add(48 * time.Hour)
			secrets = append(secrets, db.TokenSecret{Hash: hex.EncodeToString(old[:]), TokenID: tk.ID, ExpiresAt: &grace, CreatedAt: now})
		}
		entries = append(entries,
			db.WhitelistEntry{TokenID: tk.ID, CIDR: fmt.Sprintf("203.0.113.%d/32", i%250), Status: tokens.EntryApproved, DecidedBy: "owner@example.com", DecidedAt: &now, CreatedAt: now},
			db.WhitelistEntry{TokenID: tk.ID, CIDR: fmt.Sprintf("198.51.100.%d/32", i%250), Status: tokens.EntryPending, RequestedBy: "admin@example.com", CreatedAt: now})
	}
	insert(&secrets)
	insert(&entries)
	var requests []db.ApprovalRequest
	for i, en := range entries {
		if en.Status == tokens.EntryPending {
			link := fmt.Sprintf("link %d", i)
			requests = append(requests, db.ApprovalRequest{EntryID: &entries[i].ID, TokenID: &en.TokenID, TokenName: "token", CIDR: en.CIDR,
				OwnerEmail: "owner@example.com", RequestedBy: "admin@example.com", LinkHash: &link, State: "PENDING", ExpiresAt: now.Add(72 * time.Hour), CreatedAt: now})
		}
	}
	insert(&requests)

	events := make([]db.AuditEvent, n)
	actions := []string{"token.create", "token.update", "user.login", "role.update"}
	for i := range events {
		events[i] = db.AuditEvent{At: now.Add(-time.Duration(n-i) * time.Second), ActorType: "USER", ActorID: fmt.Sprint(users[i].ID),
			ActorLabel: users[i].Email, Action: actions[i%len(actions)], Outcome: "SUCCESS", Details: "{}", PartnerID: users[i].PartnerID}
	}
	insert(&events)
}
