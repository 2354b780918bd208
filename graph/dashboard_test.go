package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// dayWrites counts the statements that write the daily counts of token uses.
func dayWrites() *queryCounter {
	return &queryCounter{counts: func(_ context.Context, e *bun.QueryEvent) bool {
		return strings.Contains(e.Query, "token_use_days") && !strings.HasPrefix(strings.TrimSpace(e.Query), "SELECT")
	}}
}

type usageOut struct {
	Token struct {
		Usage []struct {
			Day         string
			Ok, Refused int
		}
		LastRefusal *struct {
			At     time.Time
			Reason string
		}
	}
	Dashboard struct {
		Usage []struct {
			Day         string
			Ok, Refused int
		}
	}
}

const usageOp = `query($id:ID!){ token(id:$id){ usage(days:3){ day ok refused } lastRefusal { at reason } } dashboard { usage(days:3){ day ok refused } } }`

// Successful and refused uses are counted per day by the batches that already write usage
// and refusals: many requests cost a bounded number of writes, made at the flushes.
func TestTokenUseCountsComeFromTheBatches(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		writes := dayWrites()
		e := apptest.New(t, d, apptest.WithQueryHook(writes))
		admin := e.SetupAdmin(t)
		ctx := context.Background()
		var used, fenced tokenOut
		used = createToken(admin, "busy", admin.RoleID("Auditor"), nil)
		fenced = createToken(admin, "fenced", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"192.0.2.1"}})
		// Whatever the batches wrote so far (nothing is pending yet).
		flush := func() {
			t.Helper()
			if err := e.App.Usage.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if err := e.App.Refusals.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		flush()
		before := writes.count()
		const n = 40
		for range n {
			if r := e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": used.CreateToken.Secret}, ""); r.Status != 200 {
				t.Fatalf("whoami: %d %s", r.Status, r.Raw)
			}
		}
		for range 3 {
			if r := e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": fenced.CreateToken.Secret}, ""); r.Status != 403 {
				t.Fatalf("whoami from outside the whitelist: %d", r.Status)
			}
		}
		unknown, err := tokens.NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if r := e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": string(unknown)}, ""); r.Status != 401 {
			t.Fatalf("whoami with an unknown token: %d", r.Status)
		}
		// At most one write per batch that flushed meanwhile (every 5 s and 2 s), never one a request.
		if w := writes.count() - before; w > 4 {
			t.Fatalf("%d writes of the daily counts for %d requests before a flush", w, n+4)
		}
		flush()
		if w := writes.count() - before; w > 6 {
			t.Fatalf("%d writes of the daily counts for %d requests", w, n+4)
		}
		today := apptest.Start.Format(time.DateOnly)
		var out usageOut
		admin.MustDo(usageOp, map[string]any{"id": used.CreateToken.Token.ID}, &out)
		if u := out.Token.Usage; len(u) != 3 || u[2].Day != today || u[2].Ok != n || u[2].Refused != 0 || u[0].Ok != 0 || out.Token.LastRefusal != nil {
			t.Fatalf("the busy token's usage: %+v, last refusal %+v", u, out.Token.LastRefusal)
		}
		if u := out.Dashboard.Usage; u[2].Day != today || u[2].Ok != n || u[2].Refused != 4 {
			t.Fatalf("the dashboard's usage: %+v; want %d ok, 4 refused today", u, n)
		}
		admin.MustDo(usageOp, map[string]any{"id": fenced.CreateToken.Token.ID}, &out)
		if u := out.Token.Usage; u[2].Ok != 0 || u[2].Refused != 3 || out.Token.LastRefusal == nil || out.Token.LastRefusal.Reason != "ip_not_allowed" {
			t.Fatalf("the fenced token's usage: %+v, last refusal %+v", u, out.Token.LastRefusal)
		}
		// The next day counts on its own; pruning keeps the last 400 days.
		e.Clock.Add(24 * time.Hour)
		e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": used.CreateToken.Secret}, "")
		flush()
		u, err := e.App.Tokens.TokenUsage(ctx, mustID(t, used.CreateToken.Token.ID), 3)
		if err != nil || u[1].OK != n || u[2].OK != 1 {
			t.Fatalf("two days of usage: %+v %v", u, err)
		}
		e.JobDone(t, tokens.PruneUsageArgs{}.Kind())
		e.Clock.Add(400 * 24 * time.Hour)
		removed, err := e.App.Tokens.PruneUsage(ctx, e.Clock.Now().Add(-tokens.UsageRetention))
		if err != nil || removed != 3 {
			t.Fatalf("pruning removed %d rows (%v); want the first day's 3", removed, err)
		}
	})
}

type dashboardOut struct {
	Dashboard struct {
		ExpiringTokens *struct {
			WindowDays, TotalCount int
			Tokens                 []struct{ Name string }
		}
		PendingApprovals *struct {
			TotalCount int
			Requests   []struct{ TokenName, Cidr string }
		}
		RefusedLast24h []struct {
			Reason string
			Count  int
		}
		OpenTokens *struct {
			TotalCount int
			Tokens     []struct{ Name string }
		}
		Usage []struct{ Day string }
	}
	PendingApprovalCount int
}

const dashboardOp = `{ dashboard {
	expiringTokens { windowDays totalCount tokens { name } }
	pendingApprovals { totalCount requests { tokenName cidr } }
	refusedLast24h { reason count }
	openTokens { totalCount tokens { name } }
	usage(days:7) { day } }
	pendingApprovalCount }`

// Each role sees the parts of the dashboard it may read, and the rest is null; a partner's
// user sees its own partner's tokens and approvals only.
func TestDashboardByRole(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		sys := context.Background()
		admin.MustDo(`mutation{ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:["bo@example.com"], reminderWindowDays:15}){ whitelistApproval } }`, nil, &struct{}{})
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		bo := e.CreateUser(t, admin, "bo@example.com", "Business Owner")
		auditor := e.CreateUser(t, admin, "auditor@example.com", "Auditor")
		p, err := e.App.Partners.CreatePartner(sys, partners.PartnerInput{Name: "Fintech"})
		if err != nil {
			t.Fatal(err)
		}
		prole, err := e.App.Access.CreateRole(sys, access.RoleInput{Name: "Partner ops", Permissions: []string{"tokens:read", "tokens:write", "audit:read", "whitelist:approve"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Access.CreateUser(sys, access.NewUser{Email: "ops@fintech.example", Name: "Ops", Password: apptest.AdminPassword, RoleID: prole.ID, PartnerID: p.ID}); err != nil {
			t.Fatal(err)
		}
		partner := e.SignIn(t, "ops@fintech.example")
		app, err := e.App.Partners.CreateApplication(sys, partners.ApplicationInput{Name: "Fintech app", PartnerID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		auditorRole := mustID(t, admin.RoleID("Auditor"))
		soon, late := apptest.Start.Add(5*24*time.Hour), apptest.Start.Add(30*24*time.Hour)
		for _, nt := range []tokens.NewToken{
			{Name: "soon open", RoleID: auditorRole, ExpiresAt: &soon},
			{Name: "late fenced", RoleID: auditorRole, ExpiresAt: &late, Whitelist: []string{"192.0.2.1"}},
			{Name: "partner soon", RoleID: auditorRole, ExpiresAt: &soon, ApplicationID: app.ID},
		} {
			if _, _, err := e.App.Tokens.Create(sys, nt); err != nil {
				t.Fatal(err)
			}
		}
		// Pending entries ("late fenced" too): the Business Owner named in the settings decides them.
		fenced := createToken(admin, "asked", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"198.51.100.7"}})
		revoked, _, err := e.App.Tokens.Create(sys, tokens.NewToken{Name: "revoked open", RoleID: auditorRole})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Tokens.Revoke(sys, revoked.ID); err != nil {
			t.Fatal(err)
		}
		// One refusal of the partner's world, one of the organisation's.
		unknown, _ := tokens.NewSecret()
		e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": string(unknown)}, "")
		if err := e.App.Refusals.Flush(sys); err != nil {
			t.Fatal(err)
		}

		type want struct {
			expiring, open, pending int // -1: null
			refused                 bool
			count                   int
		}
		for name, c := range map[string]struct {
			client *apptest.Client
			want   want
		}{
			"administrator":    {admin, want{2, 2, 0, true, 0}},
			"security manager": {sm, want{2, 2, -1, true, 0}},
			"business owner":   {bo, want{2, 2, 2, false, 2}},
			"auditor":          {auditor, want{2, 2, -1, true, 0}},
			"partner user":     {partner, want{1, 1, 0, true, 0}},
		} {
			var out dashboardOut
			c.client.MustDo(dashboardOp, nil, &out)
			d := out.Dashboard
			if d.ExpiringTokens == nil || d.OpenTokens == nil || d.Usage == nil {
				t.Fatalf("%s: token parts missing: %+v", name, d)
			}
			wantExpiring, wantOpen := "soon open", "soon open"
			if name == "partner user" {
				wantExpiring, wantOpen = "partner soon", "partner soon"
			}
			if d.ExpiringTokens.TotalCount != c.want.expiring || d.ExpiringTokens.Tokens[0].Name != wantExpiring || d.ExpiringTokens.WindowDays != 15 {
				t.Errorf("%s: expiring %+v", name, d.ExpiringTokens)
			}
			// The organisation's people see every partner's tokens, newest first.
			if name != "partner user" {
				wantOpen = "partner soon"
			}
			if d.OpenTokens.TotalCount != c.want.open || d.OpenTokens.Tokens[0].Name != wantOpen {
				t.Errorf("%s: open %+v", name, d.OpenTokens)
			}
			if len(d.Usage) != 7 {
				t.Errorf("%s: usage %+v", name, d.Usage)
			}
			switch {
			case c.want.pending < 0 && d.PendingApprovals != nil:
				t.Errorf("%s may not decide, yet sees pending approvals %+v", name, d.PendingApprovals)
			case c.want.pending >= 0 && (d.PendingApprovals == nil || d.PendingApprovals.TotalCount != c.want.pending):
				t.Errorf("%s: pending approvals %+v; want %d", name, d.PendingApprovals, c.want.pending)
			}
			if c.want.refused != (d.RefusedLast24h != nil) {
				t.Errorf("%s: refused last 24 h %+v", name, d.RefusedLast24h)
			}
			if out.PendingApprovalCount != c.want.count {
				t.Errorf("%s: pendingApprovalCount %d; want %d", name, out.PendingApprovalCount, c.want.count)
			}
			raw := fmt.Sprintf("%+v", d)
			if name == "partner user" && (strings.Contains(raw, "soon open") || strings.Contains(raw, "asked") || len(d.RefusedLast24h) != 0) {
				t.Errorf("the partner's user sees the organisation's: %s", raw)
			}
			if name != "partner user" && c.want.refused && (len(d.RefusedLast24h) != 1 || d.RefusedLast24h[0].Reason != "unknown" || d.RefusedLast24h[0].Count != 1) {
				t.Errorf("%s: refused last 24 h %+v", name, d.RefusedLast24h)
			}
		}
		// The Business Owner's pending approval names the token; an API token has no dashboard approvals.
		var out dashboardOut
		bo.MustDo(dashboardOp, nil, &out)
		if r := out.Dashboard.PendingApprovals.Requests; len(r) != 2 || r[1].TokenName != "asked" || r[1].Cidr != "198.51.100.7/32" {
			t.Fatalf("the Business Owner's pending approvals: %+v", r)
		}
		script := createToken(admin, "script", admin.RoleID("Business Owner"), nil)
		tok := e.Client(t)
		tok.Header.Set("X-Auth-Token", script.CreateToken.Secret)
		tok.MustDo(dashboardOp, nil, &out)
		if out.Dashboard.PendingApprovals != nil || out.PendingApprovalCount != 0 || out.Dashboard.ExpiringTokens == nil {
			t.Fatalf("an API token's dashboard: %+v, count %d", out.Dashboard, out.PendingApprovalCount)
		}
		// Once decided, it waits no more.
		bo.MustDo(`mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ id } }`, map[string]any{"id": entryOf(t, e, fenced.CreateToken.Token.ID)}, &struct{}{})
		bo.MustDo(dashboardOp, nil, &out)
		if out.PendingApprovalCount != 1 || out.Dashboard.PendingApprovals.TotalCount != 1 {
			t.Fatalf("after the decision: %+v, count %d", out.Dashboard.PendingApprovals, out.PendingApprovalCount)
		}
	})
}

func entryOf(t *testing.T, e *apptest.Env, tokenID string) string {
	t.Helper()
	var id int64
	if err := e.App.DB.NewSelect().Table("whitelist_entries").Column("id").Where("token_id = ?", tokenID).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

type listed struct {
	Tokens struct {
		TotalCount int
		Edges      []struct {
			Cursor string
			Node   struct{ ID, Name string }
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
}

const sortedOp = `query($o:TokenOrder, $f:TokenFilter, $after:String){ tokens(first:4, after:$after, orderBy:$o, filter:$f){ totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`

// Every order pages through every token once, in the order it names, nulls where they belong.
func TestTokensSortedAndPaged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		sys := context.Background()
		role := mustID(t, admin.RoleID("Auditor"))
		var all []db.Token
		for i, name := range []string{"delta", "Alpha", "charlie", "Echo", "bravo", "foxtrot", "golf", "Hotel", "india", "juliet"} {
			nt := tokens.NewToken{Name: name, RoleID: role}
			if i%3 != 0 {
				at := apptest.Start.Add(time.Duration(10-i) * 24 * time.Hour)
				if i == 4 {
					at = apptest.Start.Add(5 * 24 * time.Hour) // the same expiry as "foxtrot": the id decides
				}
				nt.ExpiresAt = &at
			}
			if i%4 == 1 {
				nt.Whitelist = []string{"192.0.2.1"}
			}
			tok, _, err := e.App.Tokens.Create(sys, nt)
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				used := apptest.Start.Add(-time.Duration(i%5) * time.Hour)
				if _, err := e.App.DB.NewUpdate().Model((*db.Token)(nil)).Set("last_used_at = ?", used).Where("id = ?", tok.ID).Exec(sys); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := e.App.DB.NewSelect().Model(&all).Scan(sys); err != nil {
			t.Fatal(err)
		}
		timeKey := func(at *time.Time, nullsHigh bool) int64 {
			if at == nil {
				if nullsHigh {
					return 1 << 62
				}
				return -1 << 62
			}
			return at.UnixNano()
		}
		for _, field := range []string{"NAME", "EXPIRES_AT", "LAST_USED_AT", "CREATED_AT"} {
			for _, dir := range []string{"ASC", "DESC"} {
				want := slices.Clone(all)
				slices.SortFunc(want, func(a, b db.Token) int {
					var c int
					switch field {
					case "NAME":
						c = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
					case "EXPIRES_AT":
						c = cmpInt(timeKey(a.ExpiresAt, true), timeKey(b.ExpiresAt, true))
					case "LAST_USED_AT":
						c = cmpInt(timeKey(a.LastUsedAt, false), timeKey(b.LastUsedAt, false))
					}
					if c == 0 {
						c = cmpInt(a.ID, b.ID)
					}
					if dir == "DESC" {
						c = -c
					}
					return c
				})
				var got []string
				var after any
				for pages := 0; ; pages++ {
					var out listed
					admin.MustDo(sortedOp, map[string]any{"o": map[string]any{"field": field, "direction": dir}, "after": after}, &out)
					for _, ed := range out.Tokens.Edges {
						got = append(got, ed.Node.Name)
					}
					if out.Tokens.TotalCount != len(all) || pages > 5 {
						t.Fatalf("%s %s: total %d after %d pages", field, dir, out.Tokens.TotalCount, pages)
					}
					if !out.Tokens.PageInfo.HasNextPage {
						break
					}
					after = *out.Tokens.PageInfo.EndCursor
				}
				var names []string
				for _, w := range want {
					names = append(names, w.Name)
				}
				if !slices.Equal(got, names) {
					t.Errorf("%s %s: %v; want %v", field, dir, got, names)
				}
			}
		}
		// A cursor holds its order.
		var out listed
		admin.MustDo(sortedOp, map[string]any{"o": map[string]any{"field": "NAME"}}, &out)
		r := admin.Do(sortedOp, map[string]any{"o": map[string]any{"field": "EXPIRES_AT"}, "after": *out.Tokens.PageInfo.EndCursor})
		if r.Code() != "BAD_USER_INPUT" || r.Field() != "after" {
			t.Fatalf("a NAME cursor in an EXPIRES_AT list: %+v", r.Errors)
		}
		r = admin.Do(sortedOp, map[string]any{"o": map[string]any{"field": "NAME"}, "after": "not a cursor"})
		if r.Code() != "BAD_USER_INPUT" || r.Field() != "after" {
			t.Fatalf("a bad cursor: %+v", r.Errors)
		}
		// Open to every address: no whitelist entry (and requireWhitelist off).
		for _, c := range []struct {
			open bool
			want int
		}{{true, 7}, {false, 3}} {
			admin.MustDo(sortedOp, map[string]any{"f": map[string]any{"openToEveryAddress": c.open}, "o": map[string]any{"field": "NAME"}}, &out)
			if out.Tokens.TotalCount != c.want {
				t.Errorf("openToEveryAddress %v: %d tokens; want %d", c.open, out.Tokens.TotalCount, c.want)
			}
		}
		// A token whose last entry goes admits every address again; one more entry closes it.
		openCounts := func(want int) {
			t.Helper()
			for _, open := range []bool{true, false} {
				admin.MustDo(sortedOp, map[string]any{"f": map[string]any{"openToEveryAddress": open}}, &out)
				if n := map[bool]int{true: want, false: 10 - want}[open]; out.Tokens.TotalCount != n {
					t.Fatalf("openToEveryAddress %v: %d tokens; want %d", open, out.Tokens.TotalCount, n)
				}
			}
		}
		admin.MustDo(sortedOp, map[string]any{"f": map[string]any{"openToEveryAddress": false}}, &out)
		fenced := out.Tokens.Edges[0].Node.ID
		var entries struct {
			Token struct{ Whitelist []struct{ ID string } }
		}
		admin.MustDo(`query($id:ID!){ token(id:$id){ whitelist { id } } }`, map[string]any{"id": fenced}, &entries)
		for i, e := range entries.Token.Whitelist {
			if i == len(entries.Token.Whitelist)-1 {
				openCounts(7)
			}
			admin.MustDo(`mutation($id:ID!){ removeWhitelistEntry(id:$id) }`, map[string]any{"id": e.ID}, &struct{}{})
		}
		openCounts(8)
		admin.MustDo(`mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"198.51.100.0/24"){ id } }`, map[string]any{"id": fenced}, &struct{}{})
		openCounts(7)
		admin.MustDo(`mutation{ updateSettings(input:{requireWhitelist:true}){ requireWhitelist } }`, nil, &struct{}{})
		admin.MustDo(sortedOp, map[string]any{"f": map[string]any{"openToEveryAddress": true}}, &out)
		if out.Tokens.TotalCount != 0 {
			t.Fatalf("with requireWhitelist on, %d tokens admit every address", out.Tokens.TotalCount)
		}
	})
}

func cmpInt[T int | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Bulk revocation is all or nothing, each token through revokeToken's rule, audited one by
// one, and each revoked token refused at once.
func TestRevokeTokens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		mk := func(name, role string) tokenOut {
			out := createToken(admin, name, admin.RoleID(role), nil)
			return out
		}
		admin.MustDo(`mutation{ createRole(input:{name:"Reader", permissions:["tokens:read"]}){ id } }`, nil, &struct{}{})
		a, b, c, top := mk("one", "Reader"), mk("two", "Reader"), mk("three", "Reader"), mk("top", "Administrator")
		whoami := func(sec string) int {
			return e.Call(t, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": sec}, "").Status
		}
		for _, tk := range []tokenOut{a, b, c, top} {
			if s := whoami(tk.CreateToken.Secret); s != 200 {
				t.Fatalf("%s before: %d", tk.CreateToken.Token.Name, s)
			}
		}
		revokes := func() int {
			n, err := e.App.DB.NewSelect().Table("audit_events").Where("action = ?", "token.revoke").Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		const op = `mutation($ids:[ID!]!){ revokeTokens(ids:$ids){ id name status } }`
		// One the Security Manager does not hold: refused, naming it, and nothing written.
		r := sm.Do(op, map[string]any{"ids": []string{c.CreateToken.Token.ID, top.CreateToken.Token.ID}})
		if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "top") || revokes() != 0 || whoami(c.CreateToken.Secret) != 200 {
			t.Fatalf("revoking a token above the caller: %+v; %d revocations", r.Errors, revokes())
		}
		// One that does not exist: nothing written.
		r = sm.Do(op, map[string]any{"ids": []string{c.CreateToken.Token.ID, "999999"}})
		if r.Code() != "NOT_FOUND" || revokes() != 0 {
			t.Fatalf("revoking a missing token: %+v", r.Errors)
		}
		// Bad input names the field.
		many := make([]string, 101)
		for i := range many {
			many[i] = a.CreateToken.Token.ID
		}
		for name, ids := range map[string][]string{"none": {}, "too many": many, "not an id": {"x"}} {
			r := sm.Do(op, map[string]any{"ids": ids})
			if r.Code() != "BAD_USER_INPUT" || r.Field() != "ids" || revokes() != 0 {
				t.Fatalf("%s: %+v", name, r.Errors)
			}
		}
		var out struct {
			RevokeTokens []struct{ ID, Name, Status string }
		}
		sm.MustDo(op, map[string]any{"ids": []string{a.CreateToken.Token.ID, b.CreateToken.Token.ID, a.CreateToken.Token.ID}}, &out)
		if len(out.RevokeTokens) != 2 || out.RevokeTokens[0].Name != "one" || out.RevokeTokens[1].Status != "REVOKED" || revokes() != 2 {
			t.Fatalf("revoked: %+v, %d revocations audited", out.RevokeTokens, revokes())
		}
		for _, tk := range []tokenOut{a, b} {
			if s := whoami(tk.CreateToken.Secret); s != 401 {
				t.Fatalf("%s after its revocation: %d", tk.CreateToken.Token.Name, s)
			}
		}
		if s := whoami(c.CreateToken.Secret); s != 200 {
			t.Fatalf("a token left alone: %d", s)
		}
	})
}

// Bad arguments of the dashboard and of a token's usage name their field.
func TestDashboardBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		tk := createToken(admin, "one", admin.RoleID("Auditor"), nil)
		for op, field := range map[string]string{
			`{ dashboard { usage(days:0) { day } } }`:                      "days",
			`{ dashboard { usage(days:401) { day } } }`:                    "days",
			`{ dashboard { expiringTokens(first:-1) { totalCount } } }`:    "first",
			`{ dashboard { openTokens(first:101) { totalCount } } }`:       "first",
			`{ dashboard { pendingApprovals(first:101) { totalCount } } }`: "first",
			`query($id:ID!){ token(id:$id){ usage(days:-3) { day } } }`:    "days",
			`{ tokens(orderBy:{field:NAME}, first:0) { totalCount } }`:     "first",
		} {
			var vars map[string]any
			if strings.Contains(op, "$id") {
				vars = map[string]any{"id": tk.CreateToken.Token.ID}
			}
			r := admin.Do(op, vars)
			if r.Code() != "BAD_USER_INPUT" || r.Field() != field {
				t.Errorf("%s: %+v; want BAD_USER_INPUT on %s", op, r.Errors, field)
			}
		}
	})
}
