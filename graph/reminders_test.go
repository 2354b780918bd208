package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
)

const reminderWindow = 15 * 24 * time.Hour

// makeToken creates a token expiring in `in` (from the fake clock) and returns its id.
func makeToken(t *testing.T, e *apptest.Env, c *apptest.Client, name string, in time.Duration, reminders bool) string {
	t.Helper()
	var out tokenOut
	c.MustDo(createTokenOp, map[string]any{"i": map[string]any{"name": name, "roleId": c.RoleID("Security Manager"),
		"expiresAt": e.Clock.Now().Add(in).Format(time.RFC3339), "expiryReminders": reminders}}, &out)
	return out.CreateToken.Token.ID
}

// scan runs the expiry scan now and returns how many reminders and expired notices it queued.
func scan(t *testing.T, e *apptest.Env) (int, int) {
	t.Helper()
	res, err := e.App.Notify.ScanExpiry(context.Background(), reminderWindow)
	if err != nil {
		t.Fatal(err)
	}
	return res.Reminders, res.Expired
}

// countSoon waits up to 10s for the count of query (a SELECT count(*)) to satisfy ok.
func countSoon(t *testing.T, e *apptest.Env, what, query string, ok func(int) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := e.App.DB.NewRaw(query).Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		if ok(n) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("after 10s: %s", what)
}

// settle waits until every queued email has left (or failed), so that counts are final.
func settle(t *testing.T, e *apptest.Env) {
	t.Helper()
	countSoon(t, e, "emails still queued", "SELECT count(*) FROM river_job WHERE kind = 'email' AND state IN ('available', 'running', 'scheduled', 'pending')",
		func(n int) bool { return n == 0 })
}

func subjects(msgs []mailtest.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.To[0] + ": " + m.Subject
	}
	return out
}

func TestExpiryRemindersOncePerDayUntilRenewed(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		// The start-up scan runs on its own, once River has elected a leader; let it finish
		// first so that it cannot take the reminders the scans below count.
		waitForStartupScan(t, e, 1)
		admin := e.SetupAdmin(t)
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		soon := makeToken(t, e, sm, "Nightly export", 10*24*time.Hour, true)
		makeToken(t, e, sm, "Edge of window", reminderWindow, true)
		makeToken(t, e, sm, "Outside window", reminderWindow+3*24*time.Hour, true)
		makeToken(t, e, sm, "Opted out", 3*24*time.Hour, false)
		revoked := makeToken(t, e, sm, "Revoked", 3*24*time.Hour, true)
		sm.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": revoked}, &struct{}{})
		deleted := makeToken(t, e, sm, "Deleted", 3*24*time.Hour, true)
		sm.MustDo(`mutation($id:ID!){ deleteToken(id:$id) }`, map[string]any{"id": deleted}, &struct{}{})
		// A token whose creator was disabled is marked but emails nobody.
		gone := e.CreateUser(t, admin, "gone@example.com", "Security Manager")
		makeToken(t, e, gone, "Orphan", 3*24*time.Hour, true)
		var me struct{ Me struct{ ID string } }
		gone.MustDo(`{ me { id } }`, nil, &me)
		admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{active:false}){ id } }`, map[string]any{"id": me.Me.ID}, &struct{}{})

		// Inside the window (its edge included) a reminder goes to the creator; outside,
		// opted out, revoked or deleted, none.
		if r, x := scan(t, e); r != 2 || x != 0 {
			t.Fatalf("first scan queued %d reminders and %d notices, want 2 and 0", r, x)
		}
		msgs := mailed(t, smtp, 2)
		var m mailtest.Message
		for _, x := range msgs {
			if strings.Contains(x.Subject, "Nightly export") {
				m = x
			}
		}
		if m.Subject != `Your API token "Nightly export" expires in 10 days` || len(m.To) != 1 || m.To[0] != "sm@example.com" {
			t.Fatalf("reminders: %q", subjects(msgs))
		}
		link := "https://keyward.example.com/tokens/" + soon
		if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) || !strings.Contains(m.HTML, "Renew the token") {
			t.Fatalf("the reminder lacks the renew link %s in both parts:\n%s\n%s", link, m.Text, m.HTML)
		}

		// Never two on one day: not from a second scan, nor after a restart (whose start-up
		// scan runs and finds nothing to send).
		if r, _ := scan(t, e); r != 0 {
			t.Fatalf("a second scan on the same day queued %d reminders", r)
		}
		e.Restart(t)
		waitForStartupScan(t, e, 2)
		if r, _ := scan(t, e); r != 0 {
			t.Fatalf("a scan after the restart queued %d reminders", r)
		}
		settle(t, e)
		if n := len(smtp.Messages()); n != 2 {
			t.Fatalf("%d emails after a restart on the same day, want 2: %q", n, subjects(smtp.Messages()))
		}

		// The next day, one more each.
		e.Clock.Add(24 * time.Hour)
		if r, _ := scan(t, e); r != 2 {
			t.Fatalf("the next day's scan queued %d reminders, want 2", r)
		}
		mailed(t, smtp, 4)

		// Renewed out of the window: no more reminders.
		sm = e.SignIn(t, "sm@example.com")
		var renewed struct{ RenewToken struct{ ExpiresAt time.Time } }
		sm.MustDo(`mutation($id:ID!){ renewToken(id:$id, days:90){ expiresAt } }`, map[string]any{"id": soon}, &renewed)
		if want := e.Clock.Now().Add(90 * 24 * time.Hour).Truncate(time.Second); !renewed.RenewToken.ExpiresAt.Equal(want) {
			t.Fatalf("renewed to %v, want %v", renewed.RenewToken.ExpiresAt, want)
		}
		e.Clock.Add(24 * time.Hour)
		r, x := scan(t, e)
		if r != 1 || x != 0 {
			t.Fatalf("after renewing one token the scan queued %d reminders and %d notices, want 1 and 0", r, x)
		}
		settle(t, e)
		for _, m := range smtp.Messages()[4:] {
			if strings.Contains(m.Subject, "Nightly export") {
				t.Fatalf("a renewed token was reminded: %q", m.Subject)
			}
		}

		// When it expires: one notice, once.
		e.Clock.Add(14 * 24 * time.Hour) // "Edge of window" expired a day ago
		_, x = scan(t, e)
		if x != 1 {
			t.Fatalf("the scan after expiry queued %d expired notices, want 1", x)
		}
		if _, x = scan(t, e); x != 0 {
			t.Fatalf("a second scan queued %d more expired notices", x)
		}
		settle(t, e)
		all := smtp.Messages()
		notices := 0
		for _, m := range all {
			if strings.HasSuffix(m.Subject, "has expired") {
				notices++
				if m.Subject != `Your API token "Edge of window" has expired` || m.To[0] != "sm@example.com" || !strings.Contains(m.Text, "https://keyward.example.com/tokens/") {
					t.Fatalf("expired notice %q:\n%s", m.Subject, m.Text)
				}
			}
		}
		if notices != 1 {
			t.Fatalf("%d expired notices: %q", notices, subjects(all))
		}
		var audit struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Actor, Target string }
				}
			}
		}
		e.SignIn(t, "admin@example.com").MustDo(`{ auditEvents(filter:{action:"token.renew"}){ edges { node { actor target } } } }`, nil, &audit)
		if ev := audit.AuditEvents.Edges; len(ev) != 1 || ev[0].Node.Actor != "sm@example.com" {
			t.Fatalf("the renewal was not audited: %+v", ev)
		}
	})
}

func TestRenewRefusesBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		id := makeToken(t, e, admin, "Short", 2*24*time.Hour, true)
		for _, tc := range []struct {
			days  int
			field string
		}{{0, "days"}, {-3, "days"}, {366, "days"}} {
			r := admin.Do(`mutation($id:ID!,$d:Int!){ renewToken(id:$id, days:$d){ id } }`, map[string]any{"id": id, "d": tc.days})
			if r.Code() != "BAD_USER_INPUT" || r.Field() != tc.field {
				t.Fatalf("renew %d days: %+v", tc.days, r.Errors)
			}
		}
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": id}, &struct{}{})
		if r := admin.Do(`mutation($id:ID!){ renewToken(id:$id, days:30){ id } }`, map[string]any{"id": id}); r.Code() != "CONFLICT" {
			t.Fatalf("renewing a revoked token: %+v", r.Errors)
		}
	})
}

// waitForStartupScan waits until n runs of the periodic expiry scan have completed.
func waitForStartupScan(t *testing.T, e *apptest.Env, n int) {
	t.Helper()
	waitForPeriodic(t, e, "expiry_scan", n)
}

// waitForPeriodic waits until n runs of the periodic job of kind have completed (River
// queues one at start-up, on the leader, after a stagger of up to a second).
func waitForPeriodic(t *testing.T, e *apptest.Env, kind string, n int) {
	t.Helper()
	countSoon(t, e, fmt.Sprintf("the periodic job %s did not complete %d times", kind, n),
		"SELECT count(*) FROM river_job WHERE kind = '"+kind+"' AND state = 'completed'", func(done int) bool { return done >= n })
}

// Two replicas scanning at the same moment, several times over, still send one reminder per
// token: the day of the reminder is recorded by a conditional update, which only one wins.
func TestExpiryScanOnTwoReplicasSendsOnce(t *testing.T) {
	smtp := apptest.StartSMTP(t)
	a := apptest.New(t, db.Postgres, apptest.WithSMTP(smtp.URL()), apptest.WithFastJobs(), linkBase)
	b := a.Replica(t)
	waitForStartupScan(t, a, 1)
	admin := a.SetupAdmin(t)
	const due = 12
	for i := range due {
		makeToken(t, a, admin, fmt.Sprintf("Due %02d", i), time.Duration(i+1)*24*time.Hour, true)
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	for i := range 6 {
		replica := []*apptest.Env{a, b}[i%2]
		wg.Go(func() {
			res, err := replica.App.Notify.ScanExpiry(context.Background(), reminderWindow)
			if err != nil {
				t.Error(err)
			}
			total.Add(int64(res.Reminders))
		})
	}
	wg.Wait()
	if n := total.Load(); n != due {
		t.Fatalf("6 concurrent scans on two replicas queued %d reminders, want %d", n, due)
	}
	settle(t, a)
	seen := map[string]int{}
	for _, m := range smtp.Messages() {
		seen[m.Subject]++
	}
	if len(seen) != due {
		t.Fatalf("%d distinct reminders, want %d: %q", len(seen), due, subjects(smtp.Messages()))
	}
	for s, n := range seen {
		if n != 1 {
			t.Fatalf("%q sent %d times", s, n)
		}
	}
}
