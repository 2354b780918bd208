package db_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/db/migrations"
)

// holdLockEnv makes the test binary, started by holdMigrationLock, a process that takes the
// migration lock of the database it names and keeps it until it is killed.
const holdLockEnv = "KEYWARD_TEST_HOLD_MIGRATION_LOCK"

func init() {
	if u := os.Getenv(holdLockEnv); u != "" {
		os.Exit(holdLock(u))
	}
}

func holdLock(rawURL string) int {
	ctx := context.Background()
	d, err := db.Open(ctx, rawURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := d.MigrationLock(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	time.Sleep(time.Hour)
	return 0
}

// holdMigrationLock starts a process that holds the migration lock of rawURL, and returns it
// once it holds it.
func holdMigrationLock(t *testing.T, rawURL string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdLockEnv+"="+rawURL)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if s != "locked\n" {
			t.Fatalf("the lock holder said %q", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the lock holder did not take the lock within 30s")
	}
	return cmd
}

// emptyURL returns the URL of a database with no table at all, removed when the test ends.
func emptyURL(t *testing.T, dialect db.Dialect) string {
	t.Helper()
	if dialect == db.SQLite {
		return dbtest.URL(t, db.SQLite)
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dbtest.PostgresURL())
	if err != nil {
		t.Fatalf("connect to Postgres: %v", err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "keyward_empty_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, dbtest.PostgresURL())
		if err != nil {
			return
		}
		defer admin.Close(ctx)
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(dbtest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t *testing.T, rawURL string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func count(t *testing.T, d *db.DB, query string) int {
	t.Helper()
	var n int
	if err := d.NewRaw(query).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// checkMigratedOnce checks that every migration of Keyward and of River is recorded once,
// that the seed ran once, and that no lock is left behind.
func checkMigratedOnce(t *testing.T, d *db.DB, rawURL string) {
	t.Helper()
	want := len(migrations.Migrations.Sorted())
	if n := count(t, d, "SELECT count(*) FROM schema_migrations"); n != want {
		t.Errorf("schema_migrations has %d rows; want %d", n, want)
	}
	if n := count(t, d, "SELECT count(DISTINCT name) FROM schema_migrations"); n != want {
		t.Errorf("schema_migrations has %d distinct names; want %d", n, want)
	}
	if n := count(t, d, "SELECT count(*) FROM river_migration"); n == 0 || n != count(t, d, "SELECT count(DISTINCT version) FROM river_migration") {
		t.Errorf("river_migration has %d rows, some twice or none", n)
	}
	if n := count(t, d, "SELECT count(*) FROM roles"); n != 4 {
		t.Errorf("%d roles seeded; want 4", n)
	}
	if n := count(t, d, "SELECT count(*) FROM schema_migration_locks"); n != 0 {
		t.Errorf("%d rows left in schema_migration_locks", n)
	}
	if d.Engine == db.SQLite {
		if _, err := os.Stat(strings.TrimPrefix(rawURL, "sqlite:") + "-migrate.lock"); !os.IsNotExist(err) {
			t.Errorf("lock file left behind: %v", err)
		}
	}
}

func TestMigrateConcurrently(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			u := emptyURL(t, dialect)
			const replicas = 4
			dbs := make([]*db.DB, replicas) // each with connections of its own, as a process
			for i := range dbs {
				dbs[i] = open(t, u)
			}
			applied := make([][]string, replicas)
			errs := make([]error, replicas)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, d := range dbs {
				wg.Go(func() {
					<-start
					applied[i], errs[i] = d.Migrate(ctx)
				})
			}
			close(start)
			wg.Wait()
			migrated := 0
			for i := range dbs {
				if errs[i] != nil {
					t.Errorf("replica %d: %v", i, errs[i])
				}
				switch len(applied[i]) {
				case 0:
				case len(migrations.Migrations.Sorted()):
					migrated++
				default:
					t.Errorf("replica %d applied %d migrations: %v", i, len(applied[i]), applied[i])
				}
			}
			if migrated != 1 {
				t.Errorf("%d replicas applied the migrations; want 1", migrated)
			}
			checkMigratedOnce(t, dbs[0], u)
		})
	}
}

func TestMigrateIgnoresLeftoverLockRow(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			u := emptyURL(t, dialect)
			d := open(t, u)
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// What a Keyward killed while it held bun's table lock left behind.
			leave := func() {
				if _, err := d.ExecContext(ctx, "INSERT INTO schema_migration_locks (table_name) VALUES ('schema_migrations')"); err != nil {
					t.Fatal(err)
				}
			}
			leave()
			if names, err := d.Migrate(ctx); err != nil || len(names) != 0 {
				t.Fatalf("start with nothing to migrate = %v, %v", names, err)
			}
			if names, err := d.Rollback(ctx); err != nil || len(names) == 0 {
				t.Fatalf("rollback = %v, %v", names, err)
			}
			leave()
			if names, err := d.Migrate(ctx); err != nil || len(names) == 0 {
				t.Fatalf("start with migrations to apply = %v, %v", names, err)
			}
			checkMigratedOnce(t, d, u)
		})
	}
}

func TestMigrateAfterHolderKilled(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			u := emptyURL(t, dialect)
			holder := holdMigrationLock(t, u)
			d := open(t, u)
			type result struct {
				names []string
				err   error
			}
			done := make(chan result, 1)
			go func() {
				names, err := d.Migrate(ctx)
				done <- result{names, err}
			}()
			if dialect == db.Postgres {
				waitForLockWaiter(t, d)
			}
			select {
			case r := <-done:
				t.Fatalf("migrated while another process held the lock: %v, %v", r.names, r.err)
			case <-time.After(time.Second):
			}
			if err := holder.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = holder.Wait()
			select {
			case r := <-done:
				if r.err != nil || len(r.names) == 0 {
					t.Fatalf("migrate after the holder died = %v, %v", r.names, r.err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("still waiting 30s after the holder died")
			}
			checkMigratedOnce(t, d, u)
		})
	}
}

// waitForLockWaiter waits until a session of d's database waits for the migration lock.
func waitForLockWaiter(t *testing.T, d *db.DB) {
	t.Helper()
	q := fmt.Sprintf(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND ((classid::bigint << 32) | objid::bigint) = %d`, db.MigrateLockKey)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if count(t, d, q) > 0 {
			return
		}
	}
	t.Fatal("nobody waits for the migration lock")
}

func TestMigrateUpToDateWaitsForNobody(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			u := emptyURL(t, dialect)
			d := open(t, u)
			if _, err := d.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			release, err := open(t, u).MigrationLock(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if names, err := d.Migrate(ctx); err != nil || len(names) != 0 {
				t.Fatalf("migrate an up-to-date database while the lock is held = %v, %v; want nothing, at once", names, err)
			}
		})
	}
}

func TestMigrateLockWaitIsBounded(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			u := emptyURL(t, dialect)
			d := open(t, u)
			release, err := open(t, u).MigrationLock(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			began := time.Now()
			_, err = d.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "waited") || !strings.Contains(err.Error(), "for the migration lock") {
				t.Fatalf("migrate while the lock is held = %v; want an error naming the lock", err)
			}
			if dialect == db.Postgres && !strings.Contains(err.Error(), "held by Postgres backend") {
				t.Errorf("the error does not name the holder: %v", err)
			}
			t.Logf("the error: %v", err)
			if took := time.Since(began); took > 10*time.Second {
				t.Errorf("gave up after %s; want about 1s", took)
			}
			// The waiter that gave up holds nothing: once the holder lets go, a start migrates.
			release()
			ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if names, err := d.Migrate(ctx); err != nil || len(names) == 0 {
				t.Fatalf("migrate once the lock is free = %v, %v", names, err)
			}
			checkMigratedOnce(t, d, u)
		})
	}
}

func TestMigrationsStatusOfEmptyDatabase(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			d := open(t, emptyURL(t, dialect))
			st, err := d.MigrationsStatus(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(st) != len(migrations.Migrations.Sorted()) {
				t.Fatalf("%d migrations listed; want %d", len(st), len(migrations.Migrations.Sorted()))
			}
			for _, s := range st {
				if s.Applied {
					t.Errorf("%s applied on an empty database", s.Name)
				}
			}
		})
	}
}
