package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// keyward is a running `keyward serve`.
type keyward struct {
	base, pprof string
	cmd         *exec.Cmd
}

func (k *keyward) stop() { _ = k.cmd.Process.Kill(); _ = k.cmd.Wait() }

// startKeyward serves dbURL on a free port (the limiter of refusals off: the floods measure
// the refusal path itself; with it on, a flooding address is answered 429 before any lookup,
// which costs less still), with Go's profiler on a second port.
func startKeyward(bin, dbURL string, extra ...string) (*keyward, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	pprofAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--addr", addr, "--database-url", dbURL, "--metrics-allow", "127.0.0.1",
		"--refusal-limit", "off", "--log-format", "json", "--pprof-addr", pprofAddr}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	k := &keyward{base: "http://" + addr, pprof: pprofAddr, cmd: cmd}
	if err := waitReady(k.base); err != nil {
		k.stop()
		return nil, err
	}
	return k, nil
}

// throwawayPostgres creates a database of its own on the Postgres server of adminURL and
// returns its URL and how to drop it.
func throwawayPostgres(adminURL, purpose string) (string, func(), error) {
	url, drop, err := dbtest.Create(context.Background(), adminURL, "keyward_"+purpose+"_")
	if err != nil {
		return "", nil, fmt.Errorf("postgres (-postgres, or none to skip): %w", err)
	}
	return url, drop, nil
}

// seedTokens writes n Auditor tokens straight into the database of a running Keyward (as
// fast as the database takes them), their secrets to file one per line, and then filler
// tokens whose secrets nobody knows (on Postgres only).
func seedTokens(dbURL string, n, filler int, file string) error {
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	var roleID, maxID int64
	if err := d.NewSelect().Table("roles").Column("id").Where("name = ?", "Auditor").Scan(ctx, &roleID); err != nil {
		return fmt.Errorf("the Auditor role: %w", err)
	}
	if err := d.NewSelect().Table("tokens").ColumnExpr("coalesce(max(id), 0)").Scan(ctx, &maxID); err != nil {
		return err
	}
	now := time.Now().UTC()
	var secrets strings.Builder
	const batch = 1000
	for start := 0; start < n; start += batch {
		var ts []db.Token
		var ss []db.TokenSecret
		for i := start; i < min(n, start+batch); i++ {
			sec, err := tokens.NewSecret()
			if err != nil {
				return err
			}
			id := maxID + 1 + int64(i)
			h := tokens.HashOf(string(sec))
			ts = append(ts, db.Token{ID: id, Name: fmt.Sprintf("load %07d", i), RoleID: roleID, Hint: tokens.Hint(sec), CreatedAt: now, UpdatedAt: now})
			ss = append(ss, db.TokenSecret{Hash: hex.EncodeToString(h[:]), TokenID: id, CreatedAt: now})
			secrets.WriteString(string(sec) + "\n")
		}
		err := d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewInsert().Model(&ts).Exec(ctx); err != nil {
				return err
			}
			_, err := tx.NewInsert().Model(&ss).Exec(ctx)
			return err
		})
		if err != nil {
			return err
		}
	}
	if filler > 0 {
		from := maxID + 1 + int64(n)
		if _, err := d.ExecContext(ctx, `INSERT INTO tokens (id, name, role_id, hint, created_at, updated_at)
			SELECT g, 'filler ' || g, ?, 'kw_…', now(), now() FROM generate_series(?::bigint, ?::bigint) g`, roleID, from, from+int64(filler)-1); err != nil {
			return fmt.Errorf("filler tokens: %w", err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO token_secrets (hash, token_id, created_at)
			SELECT md5('filler' || g) || md5('secret' || g), g, now() FROM generate_series(?::bigint, ?::bigint) g`, from, from+int64(filler)-1); err != nil {
			return fmt.Errorf("filler secrets: %w", err)
		}
	}
	if d.Engine == db.Postgres {
		if _, err := d.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('tokens', 'id'), (SELECT max(id) FROM tokens))`); err != nil {
			return err
		}
		if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
			return err
		}
	}
	return os.WriteFile(file, []byte(secrets.String()), 0o600)
}

// measureMemory serves 1,000,000 tokens from Postgres, fills the cache with 100,000 of them
// under load, keeps the load on, and reports the process's resident memory and live heap, and
// the bytes each cached identity costs.
func measureMemory(bin, loadgen, pg string, conns int) error {
	const live, filler = 100_000, 900_000
	url, drop, err := throwawayPostgres(pg, "memory")
	if err != nil {
		return err
	}
	defer drop()
	kw, err := startKeyward(bin, url, "--token-cache-size", fmt.Sprint(2*live))
	if err != nil {
		return err
	}
	defer kw.stop()
	if _, _, err := setUp(kw.base); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "keyward-memory")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := dir + "/tokens.txt"
	t0 := time.Now()
	if err := seedTokens(url, live, filler, file); err != nil {
		return err
	}
	fmt.Printf("Seeded %d tokens on Postgres in %s.\n", live+filler, time.Since(t0).Round(time.Second))
	before, err := memoryOf(kw)
	if err != nil {
		return err
	}
	sc := scenario{method: "GET", path: "/api/v1/whoami", tokens: file, status: 200}
	// Each token's first use is a cache miss: the cache fills at the rate of misses.
	fill := time.Now()
	for range 120 {
		r, err := generate(loadgen, kw.base+sc.path, sc, conns, 5*time.Second)
		if err != nil {
			return err
		}
		sc.skip += r.Requests / conns // the next round goes on where this one stopped
		m, err := memoryOf(kw)
		if err != nil {
			return err
		}
		if m.entries >= live {
			break
		}
	}
	fmt.Printf("The cache took %s to fill with %d tokens.\n", time.Since(fill).Round(time.Second), live)
	steady, err := generate(loadgen, kw.base+sc.path, sc, conns, 10*time.Second)
	if err != nil {
		return err
	}
	after, err := memoryOf(kw)
	if err != nil {
		return err
	}
	if after.entries < live {
		return fmt.Errorf("the cache holds %.0f entries, not %d", after.entries, live)
	}
	mb := func(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }
	fmt.Printf("Before any token was used: resident %s, live heap %s, cache %d entries.\n", mb(before.rss), mb(before.heap), int(before.entries))
	fmt.Printf("Under steady whoami load over the %d tokens (%.0f req/s, p99 %.0f µs): resident %s, live heap %s, cache %d entries.\n",
		live, steady.RPS, steady.P99, mb(after.rss), mb(after.heap), int(after.entries))
	fmt.Printf("Per cached identity: %.0f bytes of live heap (%.0f bytes resident).\n",
		(after.heap-before.heap)/after.entries, (after.rss-before.rss)/after.entries)
	return nil
}

type memory struct{ rss, heap, entries float64 }

// memoryOf collects Keyward's garbage (the profiler's heap page with gc=1) and reads its
// resident memory, live heap and cache size from /metrics.
func memoryOf(k *keyward) (memory, error) {
	res, err := http.Get("http://" + k.pprof + "/debug/pprof/heap?gc=1")
	if err != nil {
		return memory{}, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	res, err = http.Get(k.base + "/metrics")
	if err != nil {
		return memory{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(b), "\n") {
		var v float64
		switch {
		case scan(line, "process_resident_memory_bytes ", &v):
			m.rss = v
		case scan(line, "go_memstats_heap_alloc_bytes ", &v):
			m.heap = v
		case scan(line, "keyward_token_cache_entries ", &v):
			m.entries = v
		}
	}
	if m.rss == 0 || m.heap == 0 {
		return m, fmt.Errorf("/metrics lacks the memory figures")
	}
	return m, nil
}

func scan(line, prefix string, v *float64) bool {
	if !strings.HasPrefix(line, prefix) {
		return false
	}
	_, err := fmt.Sscan(strings.TrimPrefix(line, prefix), v)
	return err == nil
}
