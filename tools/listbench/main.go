// Command listbench measures the console's lists at scale: it seeds a fresh database (by
// default 100,000 tokens, 10,000 users and 1,000,000 audit events) on SQLite and on Postgres,
// starts Keyward on it in this process (the same handler `keyward serve` builds), signs in as
// an administrator over HTTP, and asks for the Tokens, Users and Audit pages exactly as the
// console does: one page of 100, the first and one from the middle by cursor, with and without
// the filters each page offers. It prints p50 and p95 of each page against the target.
// `make bench` runs it; -tokens, -users and -events make it small.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
)

func main() {
	var o options
	flag.StringVar(&o.dbs, "db", "sqlite,postgres", "the databases to measure, comma-separated")
	flag.StringVar(&o.postgres, "postgres", defaultPostgres(), "the Postgres server the throwaway database is made on")
	flag.StringVar(&o.url, "url", "", "measure this database, seeded before by listbench -keep, instead of seeding one (then -db is ignored)")
	flag.BoolVar(&o.keep, "keep", false, "keep the seeded databases and print their URLs")
	flag.IntVar(&o.sizes.tokens, "tokens", 100_000, "tokens to seed")
	flag.IntVar(&o.sizes.users, "users", 10_000, "users to seed")
	flag.IntVar(&o.sizes.events, "events", 1_000_000, "audit events to seed")
	flag.IntVar(&o.first, "first", 100, "page size")
	flag.IntVar(&o.runs, "runs", 40, "timed requests per page")
	flag.IntVar(&o.warmup, "warmup", 3, "untimed requests per page before the timed ones")
	flag.DurationVar(&o.target, "target", 25*time.Millisecond, "the p95 every page must stay within")
	flag.StringVar(&o.only, "only", "", "measure only the pages whose name contains this")
	flag.BoolVar(&o.verbose, "v", false, "show Keyward's log")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the whole run (seeding and requests) to this file")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "listbench:", err)
		os.Exit(1)
	}
}

type options struct {
	dbs, postgres, url, only string
	cpuprofile               string
	keep, verbose            bool
	sizes                    sizes
	first, runs, warmup      int
	target                   time.Duration
}

func defaultPostgres() string {
	if u := os.Getenv("KEYWARD_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

func run(ctx context.Context, o options) error {
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if o.url != "" {
		res, err := measure(ctx, o, o.url)
		if err != nil {
			return err
		}
		return report(o, []result{res})
	}
	var results []result
	for _, name := range strings.Split(o.dbs, ",") {
		var dialect db.Dialect
		switch strings.TrimSpace(name) {
		case "sqlite":
			dialect = db.SQLite
		case "postgres":
			dialect = db.Postgres
		default:
			return fmt.Errorf("-db: unknown database %q (sqlite or postgres)", name)
		}
		res, err := seedAndMeasure(ctx, o, dialect)
		if err != nil {
			return fmt.Errorf("%s: %w", dialect, err)
		}
		results = append(results, res)
	}
	return report(o, results)
}

func seedAndMeasure(ctx context.Context, o options, dialect db.Dialect) (result, error) {
	u, drop, err := freshDatabase(ctx, o.postgres, dialect)
	if err != nil {
		return result{}, err
	}
	if o.keep {
		fmt.Printf("%s: kept at %s\n", dialect, u)
	} else {
		defer drop()
	}
	d, err := db.Open(ctx, u)
	if err != nil {
		return result{}, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return result{}, err
	}
	fmt.Printf("%s: seeding %d tokens, %d users, %d audit events…\n", dialect, o.sizes.tokens, o.sizes.users, o.sizes.events)
	took, err := seed(ctx, d, o.sizes)
	d.Close()
	if err != nil {
		return result{}, fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("%s: seeded in %s\n", dialect, took.Round(100*time.Millisecond))
	res, err := measure(ctx, o, u)
	res.seeded = took
	return res, err
}

// freshDatabase makes an empty database of dialect and returns its URL and how to drop it.
func freshDatabase(ctx context.Context, server string, dialect db.Dialect) (string, func(), error) {
	if dialect == db.SQLite {
		dir, err := os.MkdirTemp("", "keyward-listbench")
		if err != nil {
			return "", nil, err
		}
		return "sqlite:" + filepath.Join(dir, "listbench.db"), func() { os.RemoveAll(dir) }, nil
	}
	return dbtest.Create(ctx, server, "keyward_listbench_")
}
