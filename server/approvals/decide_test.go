package approvals

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/mail"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/settings"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The first decision wins even against a decision that read the request before it was
// taken: on Postgres two owners race for real; on SQLite, whose writers queue, the race is
// made here by deciding with a copy of the request read before the first decision.
func TestTheFirstDecisionWinsAgainstAStaleRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := clock.NewFake(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		a := access.New(d, c, access.DefaultThrottle)
		st := settings.New(d, c, 0)
		tk := tokens.New(d, c, a, tokens.NewCache(time.Minute, time.Second, 0), audit.NewRefusals(d, c), func(context.Context) (tokens.Policy, error) {
			return tokens.Policy{MaxLifetime: 365 * 24 * time.Hour, WhitelistApproval: true}, nil
		})
		runner, err := jobs.New(d, log, jobs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := notify.New(d, a, c, &mail.Log{Log: log}, "https://keyward.example.com", log)
		n.SetJobs(runner)
		s := New(d, c, a, tk, st, n)
		on := true
		if _, err := st.Update(ctx, settings.Changes{WhitelistApproval: &on, BusinessOwnerEmails: []string{"a@example.com", "b@example.com"}}); err != nil {
			t.Fatal(err)
		}
		roles, err := a.Roles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := tk.Create(ctx, tokens.NewToken{Name: "Raced", RoleID: roles[0].ID, Whitelist: []string{"192.0.2.1"}})
		if err != nil {
			t.Fatal(err)
		}
		var rs []db.ApprovalRequest
		if err := d.NewSelect().Model(&rs).Where("token_id = ?", tok.ID).OrderExpr("owner_email").Scan(ctx); err != nil || len(rs) != 2 {
			t.Fatalf("requests: %v %v", rs, err)
		}
		stale := rs[1] // b's request, as read before a decides
		if _, err := s.decideOne(ctx, &Decision{Approve: true}, func(context.Context, bun.Tx) (*db.ApprovalRequest, error) {
			r := rs[0]
			return &r, nil
		}); err != nil {
			t.Fatal(err)
		}
		err = d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			_, _, err := s.decide(ctx, tx, &stale, Decision{Approve: false, By: "b@example.com"})
			return err
		})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("a decision on a stale read: %v; want a conflict", err)
		}
		var e db.WhitelistEntry
		if err := d.NewSelect().Model(&e).Where("token_id = ?", tok.ID).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if e.Status != tokens.EntryApproved {
			t.Fatalf("the entry is %s after the second, stale decision", e.Status)
		}
	})
}
