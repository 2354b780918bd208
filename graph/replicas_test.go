package graph_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// Two replicas on one Postgres: a change made on one applies on the other at once, though
// the other has the token in its verification cache (kept 30s without a change).
func TestRevocationReachesEveryReplica(t *testing.T) {
	a := apptest.New(t, db.Postgres)
	b := a.Replica(t)
	bothListening(t, a)
	admin := a.SetupAdmin(t)
	out := createToken(admin, "Shared", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"127.0.0.1"}})
	secret, id := out.CreateToken.Secret, out.CreateToken.Token.ID
	if s := whoamiStatus(t, b, secret); s != http.StatusOK {
		t.Fatalf("replica b: %d", s)
	}
	// Each change on a reaches b's cache: the whitelist, then the revocation.
	var entry struct{ AddWhitelistEntry struct{ ID string } }
	admin.MustDo(`mutation($t:ID!){ addWhitelistEntry(tokenId:$t, cidr:"10.0.0.0/8"){ id } }`, map[string]any{"t": id}, &entry)
	var tok struct {
		Token struct{ Whitelist []struct{ ID, Cidr string } }
	}
	admin.MustDo(`query($id:ID!){ token(id:$id){ whitelist { id cidr } } }`, map[string]any{"id": id}, &tok)
	for _, w := range tok.Token.Whitelist {
		if w.Cidr == "127.0.0.1/32" {
			admin.MustDo(`mutation($id:ID!){ removeWhitelistEntry(id:$id) }`, map[string]any{"id": w.ID}, &struct{}{})
		}
	}
	eventually(t, "replica b still admits 127.0.0.1 after it left the whitelist", func() bool { return whoamiStatus(t, b, secret) == http.StatusForbidden })

	// A lost listening connection comes back (and b starts from an empty cache).
	before := listeners(t, a, false)
	if len(before) != 2 {
		t.Fatalf("%d listening connections, want one per replica", len(before))
	}
	terminate(t, a, before)
	eventually(t, "the replicas did not listen again on new connections", func() bool {
		after := listeners(t, a, false)
		return len(after) == 2 && !slices.ContainsFunc(after, func(pid int) bool { return slices.Contains(before, pid) })
	})
	if s := whoamiStatus(t, b, secret); s != http.StatusForbidden {
		t.Fatalf("replica b after reconnecting: %d", s)
	}

	admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": id}, &struct{}{})
	eventually(t, "replica b still accepts the revoked token", func() bool { return whoamiStatus(t, b, secret) == http.StatusUnauthorized })
}

// listeners returns the pids of the connections to e's database that listen for
// invalidations (with idle, only those not running a statement).
func listeners(t *testing.T, e *apptest.Env, idle bool) []int {
	t.Helper()
	q := e.App.DB.NewSelect().Table("pg_stat_activity").Column("pid").
		Where("datname = current_database()").Where("query = ?", "LISTEN "+tokens.InvalidationChannel).OrderExpr("pid")
	if idle {
		q = q.Where("state = 'idle'")
	}
	var pids []int
	if err := q.Scan(t.Context(), &pids); err != nil {
		t.Fatal(err)
	}
	return pids
}

// bothListening waits until both replicas on a's database listen for invalidations.
func bothListening(t *testing.T, a *apptest.Env) {
	t.Helper()
	countSoon(t, a, "the replicas are not listening for invalidations",
		"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "+tokens.InvalidationChannel+"' AND state = 'idle'",
		func(n int) bool { return n == 2 })
}

// terminate ends the database connections pids, as a failover or a network cut would.
func terminate(t *testing.T, e *apptest.Env, pids []int) {
	t.Helper()
	if _, err := e.App.DB.ExecContext(t.Context(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (?)", bun.In(pids)); err != nil {
		t.Fatal(err)
	}
}

// eventually waits up to 5 seconds for ok (a replica hears of a change within milliseconds;
// the margin is for a busy machine).
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A settings change on one replica applies on the other at once, though the other keeps its
// copy of the settings (here for an hour, so only the broadcast can tell it).
func TestSettingsReachEveryReplica(t *testing.T) {
	a := apptest.New(t, db.Postgres, apptest.WithSettingsMaxAge(time.Hour))
	b := a.Replica(t)
	bothListening(t, a)
	admin := a.SetupAdmin(t)
	out := createToken(admin, "Open", admin.RoleID("Auditor"), nil)
	secret := out.CreateToken.Secret
	if s := whoamiStatus(t, b, secret); s != http.StatusOK { // b now holds the settings
		t.Fatalf("replica b before: %d", s)
	}
	setRequire := func(on bool) {
		var st struct {
			UpdateSettings struct{ RequireWhitelist bool }
		}
		admin.MustDo(`mutation($on:Boolean!){ updateSettings(input:{requireWhitelist:$on}){ requireWhitelist } }`, map[string]any{"on": on}, &st)
	}
	setRequire(true)
	eventually(t, "replica b still admits a token without a whitelist", func() bool { return whoamiStatus(t, b, secret) == http.StatusForbidden })
	setRequire(false)
	eventually(t, "replica b still refuses the token", func() bool { return whoamiStatus(t, b, secret) == http.StatusOK })
}

// Round after round of dropped listening connections: each time, a token revoked on one
// replica (while the other is not listening) fails on the other within a second, and the
// replicas listen again within a second (the reconnection delay starts over each time).
func TestRevocationsSurviveDroppedConnections(t *testing.T) {
	a := apptest.New(t, db.Postgres)
	b := a.Replica(t)
	bothListening(t, a)
	admin := a.SetupAdmin(t)
	var worst, worstReconnect time.Duration
	for round := 1; round <= 6; round++ {
		out := createToken(admin, "Round "+strconv.Itoa(round), admin.RoleID("Auditor"), nil)
		secret, id := out.CreateToken.Secret, out.CreateToken.Token.ID
		if s := whoamiStatus(t, b, secret); s != http.StatusOK {
			t.Fatalf("round %d: replica b: %d", round, s)
		}
		before := listeners(t, a, true)
		terminate(t, a, before)
		dropped := time.Now()
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": id}, &struct{}{})
		revoked := time.Now()
		for whoamiStatus(t, b, secret) != http.StatusUnauthorized {
			if time.Since(revoked) > time.Second {
				t.Fatalf("round %d: replica b still accepts the revoked token after %v", round, time.Since(revoked))
			}
			time.Sleep(5 * time.Millisecond)
		}
		worst = max(worst, time.Since(revoked))
		for {
			after := listeners(t, a, true)
			if len(after) == 2 && !slices.ContainsFunc(after, func(pid int) bool { return slices.Contains(before, pid) }) {
				break
			}
			if time.Since(dropped) > time.Second {
				t.Fatalf("round %d: the replicas were not listening again after %v", round, time.Since(dropped))
			}
			time.Sleep(5 * time.Millisecond)
		}
		worstReconnect = max(worstReconnect, time.Since(dropped))
	}
	t.Logf("6 rounds of dropped connections: revocation refused on the other replica within %v at worst; listening again within %v", worst, worstReconnect)
}
